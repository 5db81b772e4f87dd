import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBytes } from "./format-bytes.js";

test("memory sizes use binary units with sensible precision", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1536), "1.5 KB");
  assert.equal(formatBytes(48 * 1024 * 1024), "48 MB");
  assert.equal(formatBytes(3.25 * 1024 ** 3), "3.3 GB");
});
