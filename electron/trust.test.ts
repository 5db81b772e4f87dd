import { test } from "node:test";
import assert from "node:assert/strict";
import { externalLinkTarget, isAppUrl, senderProblem } from "./trust.js";

test("only the app's own origin counts as the app", () => {
  assert.equal(isAppUrl("parabook-app://app/index.html"), true);
  assert.equal(isAppUrl("parabook-app://app/"), true);
  assert.equal(isAppUrl("parabook-app://other/index.html"), false);
  assert.equal(isAppUrl("https://app/index.html"), false);
  assert.equal(isAppUrl("file:///work/dist/renderer/index.html"), false);
  assert.equal(isAppUrl("about:blank"), false);
  assert.equal(isAppUrl(""), false);
  assert.equal(isAppUrl(undefined), false);
});

test("external links open only for http and https", () => {
  assert.equal(externalLinkTarget("https://jupyter.org/docs"), "https://jupyter.org/docs");
  assert.equal(externalLinkTarget("http://example.com"), "http://example.com/");
  for (const url of [
    "file:///etc/passwd",
    "javascript:alert(1)",
    "smb://server/share",
    "vscode://open?x",
    "parabook-app://app/index.html",
    "mailto:someone@example.com",
    "https://user:pass@example.com/",
    "not a link",
  ]) {
    assert.equal(externalLinkTarget(url), null, url);
  }
});

test("IPC calls are accepted from an app window's top frame only", () => {
  const good = { frameUrl: "parabook-app://app/index.html", isMainFrame: true, isAppWindow: true };
  assert.equal(senderProblem(good), null);
  assert.equal(senderProblem({ ...good, isAppWindow: false }), "it does not come from a Parabook window");
  assert.equal(senderProblem({ ...good, frameUrl: undefined }), "the calling page is gone");
  assert.equal(senderProblem({ ...good, isMainFrame: false }), "it comes from a subframe");
  assert.equal(
    senderProblem({ ...good, frameUrl: "https://evil.example/" }),
    "it comes from https://evil.example/, not from the app",
  );
});
