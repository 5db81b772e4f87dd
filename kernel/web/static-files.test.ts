import { test } from "node:test";
import assert from "node:assert/strict";
import { mimeType, staticFilePath } from "./static-files.js";

test("URL paths map to files inside the root, however the root is spelled", () => {
  for (const root of ["/srv/app", "/srv/app/", "/srv/x/../app"]) {
    assert.equal(staticFilePath(root, "/"), "/srv/app/index.html");
    assert.equal(staticFilePath(root, "/assets/a%20b.js"), "/srv/app/assets/a b.js");
  }
});

test("URL paths that would leave the root name nothing", () => {
  assert.equal(staticFilePath("/srv/app", "/../etc/passwd"), null);
  assert.equal(staticFilePath("/srv/app", "/assets/%2e%2e/%2e%2e/etc/passwd"), null);
  assert.equal(staticFilePath("/srv/app", "/a%00.js"), null);
  assert.equal(staticFilePath("/srv/app", "/%E0%A4%A"), null, "a malformed escape");
});

test("MIME types for what Vite emits", () => {
  assert.equal(mimeType("index.html"), "text/html; charset=utf-8");
  assert.equal(mimeType("assets/index-D8.js"), "text/javascript; charset=utf-8");
  assert.equal(mimeType("KaTeX_Main-Regular.woff2"), "font/woff2");
  assert.equal(mimeType("icon.SVG"), "image/svg+xml");
  assert.equal(mimeType("unknown.bin"), "application/octet-stream");
});
