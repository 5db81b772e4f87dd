// The server's doors, tried from outside the browser: the token, the Origin of the WebSocket, and the notebook
// folder's walls, against a real `parabook serve`.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WebSocket } from "ws";
import { serve, type Served } from "./harness.js";

let served: Served;

before(async () => {
  served = await serve({ files: { "inside.ipynb": "{}" } });
  await fs.writeFile(path.join(served.notebookDir, "..", "outside-secret.txt"), "secret");
});
after(() => served.stop());

test("a request without the token, or with a wrong one, gets 403", async () => {
  const base = `http://127.0.0.1:${served.port}`;
  assert.equal((await fetch(`${base}/`)).status, 403);
  assert.equal((await fetch(`${base}/index.html?token=0000`)).status, 403);
  const page = await fetch(served.url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
  assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
});

/** The HTTP status of a refused WebSocket upgrade, or "open". */
function upgrade(url: string, origin: string): Promise<number | "open"> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on("open", () => (ws.close(), resolve("open")));
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode!));
    ws.on("error", () => resolve(0));
  });
}

test("the WebSocket refuses another Origin, even with the token", async () => {
  const api = `ws://127.0.0.1:${served.port}/api?token=${served.token}`;
  const own = `http://127.0.0.1:${served.port}`;
  assert.equal(await upgrade(api, "https://attacker.example"), 403);
  assert.equal(await upgrade(`ws://127.0.0.1:${served.port}/api`, own), 403, "no token");
  assert.equal(await upgrade(api, own), "open");
});

test("paths escaping the notebook folder are refused with the reason", async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api?token=${served.token}`, { origin: `http://127.0.0.1:${served.port}` });
  const replies = new Map<number, { ok: boolean; value?: unknown; error?: { message: string } }>();
  ws.on("message", (data) => {
    const message = JSON.parse(String(data));
    if ("id" in message) replies.set(message.id, message);
  });
  await new Promise((resolve) => ws.on("open", resolve));
  const calls: [string, unknown[]][] = [
    ["openNotebook", ["../outside-secret.txt"]],
    ["openNotebook", [path.join(served.notebookDir, "..", "outside-secret.txt")]],
    ["listDirectory", [".."]],
    ["saveNotebook", [{ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }, "../dropped.ipynb"]],
    ["listDirectory", [""]],
  ];
  calls.forEach(([method, args], i) => ws.send(JSON.stringify({ id: i + 1, method, args })));
  while (replies.size < calls.length) await new Promise((r) => setTimeout(r, 20));
  ws.close();
  for (const id of [1, 3, 4]) assert.match(replies.get(id)!.error!.message, /"\.\." is not allowed; give a path inside the notebook folder/);
  assert.match(replies.get(2)!.error!.message, /absolute paths are not allowed/);
  assert.deepEqual(replies.get(5)!.value, [{ name: "inside.ipynb", path: "inside.ipynb", kind: "notebook" }]);
  await assert.rejects(fs.access(path.join(served.notebookDir, "..", "dropped.ipynb")), "nothing was written outside");
});
