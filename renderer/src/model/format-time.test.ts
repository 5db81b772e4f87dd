import { test } from "node:test";
import assert from "node:assert/strict";
import { formatSeconds } from "./format-time.js";

test("elapsed time reads naturally at every scale", () => {
  assert.equal(formatSeconds(0.0424), "42 ms");
  assert.equal(formatSeconds(1.234), "1.23 s");
  assert.equal(formatSeconds(19.94), "19.9 s");
  assert.equal(formatSeconds(75.4), "1 min 15 s");
});
