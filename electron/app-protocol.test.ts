import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, resolveAppFile, serveAppRequest } from "./app-protocol.js";

let base: string;
let root: string;

before(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-protocol-"));
  root = path.join(base, "renderer");
  await fs.mkdir(path.join(root, "assets"), { recursive: true });
  await fs.writeFile(path.join(root, "index.html"), "<!doctype html><title>Parabook</title>");
  await fs.writeFile(path.join(root, "assets", "app 1.js"), "console.log(1)");
  await fs.writeFile(path.join(base, "secret.txt"), "do not serve");
  await fs.symlink(path.join(base, "secret.txt"), path.join(root, "assets", "link.txt"));
});

after(async () => {
  await fs.rm(base, { recursive: true, force: true });
});

const get = (url: string, method = "GET") => serveAppRequest(root, new Request(url, { method }));

test("the entry URL serves index.html as HTML with the CSP header", async () => {
  const response = await get(APP_ENTRY_URL);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(response.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.match(await response.text(), /<title>Parabook<\/title>/);
});

test("the bare origin serves index.html too", async () => {
  assert.equal(await (await get("parabook-app://app/")).text(), "<!doctype html><title>Parabook</title>");
});

test("assets are found through percent-encoded names and typed by extension", async () => {
  const response = await get("parabook-app://app/assets/app%201.js");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.equal(await response.text(), "console.log(1)");
});

test("HEAD answers without a body", async () => {
  const response = await get(APP_ENTRY_URL, "HEAD");
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "");
});

test("other methods are refused", async () => {
  const response = await get(APP_ENTRY_URL, "POST");
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "GET, HEAD");
});

test("encoded dot-dot, encoded slashes, backslashes and NUL cannot leave the folder", async () => {
  const cases: [url: string, status: number][] = [
    ["parabook-app://app/%2e%2e/secret.txt", 404], // the URL parser folds %2e%2e like ".." → /secret.txt
    ["parabook-app://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt", 404],
    ["parabook-app://app/..%5csecret.txt", 404],
    ["parabook-app://app/assets%00/x", 404],
  ];
  for (const [url, status] of cases) {
    const response = await get(url);
    assert.equal(response.status, status, url);
    assert.doesNotMatch(await response.text(), /do not serve/);
  }
});

test("plain dot-dot is folded by the URL parser and stays inside the folder", async () => {
  // parabook-app://app/../secret.txt parses to /secret.txt, which is not in the app folder.
  const response = await get("parabook-app://app/../secret.txt");
  assert.equal(response.status, 404);
});

test("a symbolic link inside the folder that leads out is refused", async () => {
  const response = await get("parabook-app://app/assets/link.txt");
  assert.equal(response.status, 403);
  assert.doesNotMatch(await response.text(), /do not serve/);
});

test("a missing file or a folder is a 404 that names the path", async () => {
  const missing = await get("parabook-app://app/nope.js");
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /\/nope\.js is not part of the app/);
  assert.equal((await get("parabook-app://app/assets")).status, 404);
});

test("other origins and schemes are refused", () => {
  assert.deepEqual(resolveAppFile(root, "parabook-app://evil/index.html"), {
    status: 403,
    reason: "not the app's origin: parabook-app://evil/index.html",
  });
  assert.equal((resolveAppFile(root, "file:///etc/passwd") as { status: number }).status, 403);
  assert.equal((resolveAppFile(root, "not a url") as { status: number }).status, 403);
});

test("a good URL resolves to the file inside the folder", () => {
  assert.equal(resolveAppFile(root, "parabook-app://app/assets/x.css?v=1#top"), path.join(root, "assets", "x.css"));
});
