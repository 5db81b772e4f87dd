// The server's doors, tried from outside the browser: the token, the Origin of the WebSocket, and the notebook
// folder's walls, against a real `parabook serve`. (The cookie that is no more, and hostile frames: faults/web.)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WebSocket } from "ws";
import { apiProtocols, TOKEN_REFUSED } from "../contract/wire/api-socket.js";
import { apiSocket, serve, type Served } from "./testing/harness.js";

let served: Served;

before(async () => {
  served = await serve({ files: { "inside.ipynb": "{}" } });
  await fs.writeFile(path.join(served.notebookDir, "..", "outside-secret.txt"), "secret");
});
after(() => served.stop());

test("the page is served with its CSP, to anyone on this host: it holds no user data", async () => {
  const page = await fetch(`http://127.0.0.1:${served.port}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
  assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
});

/** How a WebSocket upgrade went: the HTTP status it was refused with, the close code, or "welcome". */
function upgrade(protocols: string[], origin: string): Promise<number | "welcome" | `closed ${number}`> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api`, protocols, { origin });
    ws.on("message", (data) => JSON.parse(String(data)).welcome === true && (ws.close(), resolve("welcome")));
    ws.on("close", (code) => resolve(`closed ${code}`));
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode!));
    ws.on("error", () => undefined);
  });
}

test("the WebSocket refuses another Origin, even with the token, and a wrong or missing token", async () => {
  const own = `http://127.0.0.1:${served.port}`;
  assert.equal(await upgrade(apiProtocols(served.token), "https://attacker.example"), 403);
  assert.equal(await upgrade(["parabook"], own), `closed ${TOKEN_REFUSED}`, "no token");
  assert.equal(await upgrade(apiProtocols("0000"), own), `closed ${TOKEN_REFUSED}`, "a wrong token");
  assert.equal(await upgrade(apiProtocols(served.token), own), "welcome");
});

test("paths escaping the notebook folder are refused with the reason", async () => {
  const ws = apiSocket(served);
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
