import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { request as httpRequest } from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { WebSocket } from "ws";
import type { ParabookApi, ParabookEvent } from "../../renderer/api.js";
import { ApiHost } from "../host/api-host.js";
import { BackupStore } from "../host/backup-store.js";
import { NotebookDirectoryAccess } from "../host/file-access.js";
import { RecentFiles } from "../host/recent-files.js";
import { emptyNotebook } from "../notebook/format.js";
import { SettingsStore } from "../settings/store.js";
import { RecordingSession } from "../testing/recording-session.js";
import { connectWireClient, type SocketLike, type WireClient } from "./client.js";
import { startWebServer, type RunningWebServer } from "./server.js";

let server: RunningWebServer;
let session: RecordingSession;
let notebookDir: string;
let origin: string;

before(async () => {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-server-")));
  notebookDir = path.join(base, "notebooks");
  const renderer = path.join(base, "renderer");
  const config = path.join(base, "config");
  await fs.mkdir(notebookDir);
  await fs.mkdir(path.join(renderer, "assets"), { recursive: true });
  await fs.writeFile(path.join(renderer, "index.html"), "<!doctype html><title>Parabook</title>");
  await fs.writeFile(path.join(renderer, "assets", "app.js"), "console.log(1)");
  await fs.writeFile(path.join(renderer, "assets", "app.css"), "body{}");
  await fs.writeFile(path.join(base, "secret.txt"), "secret");
  session = new RecordingSession();
  const host = new ApiHost({
    session,
    settings: await SettingsStore.load(path.join(config, "settings.json"), assert.fail),
    files: await NotebookDirectoryAccess.create(notebookDir),
    recent: new RecentFiles(path.join(config, "recent.json")),
    backups: new BackupStore(path.join(config, "backup.json"), assert.fail),
  });
  server = await startWebServer({ port: 0, rendererDir: renderer, api: host });
  origin = `http://127.0.0.1:${server.port}`;
});

after(() => server.close());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(urlPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: server.port, path: urlPath, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function connect(query: string, headers: { origin?: string } = { origin: "" }): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, { origin: headers.origin || origin });
}

/** Resolves with the HTTP status the upgrade was refused with, or "open". */
function upgradeOutcome(ws: WebSocket): Promise<number | "open"> {
  return new Promise((resolve) => {
    ws.on("open", () => {
      ws.close();
      resolve("open");
    });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode!));
    ws.on("error", () => resolve(0));
  });
}

async function client(): Promise<WireClient> {
  return connectWireClient({
    connect: () => connect(`?token=${server.token}`) as unknown as SocketLike,
    reconnectDelay: () => 20,
  });
}

test("the URL carries a long random token and the server listens on 127.0.0.1", () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
});

test("without the token every request is refused with 403", async () => {
  const reply = await get("/");
  assert.equal(reply.status, 403);
  assert.match(reply.body, /missing or wrong token/);
  assert.equal((await get("/assets/app.js?token=wrong")).status, 403);
  assert.equal((await get("/", { Cookie: `parabook-token-${server.port}=wrong` })).status, 403);
});

test("the token in the URL opens the page, with a CSP, and sets the cookie that later requests use", async () => {
  const page = await get(`/?token=${server.token}`);
  assert.equal(page.status, 200);
  assert.equal(page.headers["content-type"], "text/html; charset=utf-8");
  assert.match(String(page.headers["content-security-policy"]), /script-src 'self';.*connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
  assert.equal(page.headers["referrer-policy"], "no-referrer");
  const cookie = String(page.headers["set-cookie"]).split(";")[0]!;
  assert.equal(cookie, `parabook-token-${server.port}=${server.token}`);
  const script = await get("/assets/app.js", { Cookie: cookie });
  assert.equal(script.status, 200);
  assert.equal(script.headers["content-type"], "text/javascript; charset=utf-8");
  assert.equal((await get("/assets/app.css", { Cookie: cookie })).headers["content-type"], "text/css; charset=utf-8");
});

test("static paths cannot leave the renderer folder", async () => {
  const token = `?token=${server.token}`;
  assert.equal((await get(`/../secret.txt${token}`)).status, 404);
  assert.equal((await get(`/%2e%2e/secret.txt${token}`)).status, 404);
  assert.equal((await get(`/assets/..%2f..%2fsecret.txt${token}`)).status, 404);
});

test("a request naming another host is refused (DNS rebinding)", async () => {
  const reply = await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` });
  assert.equal(reply.status, 403);
  assert.match(reply.body, /unexpected Host header/);
});

test("the WebSocket needs the token and this server's own Origin", async () => {
  assert.equal(await upgradeOutcome(connect("")), 403);
  assert.equal(await upgradeOutcome(connect("?token=nope")), 403);
  assert.equal(await upgradeOutcome(connect(`?token=${server.token}`, { origin: "http://evil.example" })), 403);
  assert.equal(await upgradeOutcome(connect(`?token=${server.token}`, { origin: `http://127.0.0.1:${server.port + 1}` })), 403);
  assert.equal(await upgradeOutcome(connect(`?token=${server.token}`)), "open");
});

test("a page without the right token cannot connect, and is told what to open", async () => {
  await assert.rejects(
    connectWireClient({ connect: () => connect("?token=stale") as unknown as SocketLike }),
    /Cannot connect to Parabook: the server refused or is not running \(open the URL `parabook serve` printed, token included\)/,
  );
});

test("the API works end to end over the wire: calls, replies, events and errors", async () => {
  const { api, close } = await client();
  try {
    assert.equal(api.host, "web");
    const events: ParabookEvent[] = [];
    api.onEvent((e) => events.push(e));
    const reply = await api.execute("c1", "(+ 1 2)");
    assert.deepEqual(reply, { status: "ok", executionCount: 1 });
    assert.deepEqual(
      events.filter((e) => e.type === "stream" || e.type === "result"),
      [
        { type: "stream", cellId: "c1", name: "stdout", text: "ran (+ 1 2)\n" },
        { type: "result", cellId: "c1", executionCount: 1, data: { "text/plain": "(+ 1 2)" } },
      ],
      "events for a cell arrive before its reply",
    );
    assert.deepEqual(await api.complete("(disp", 5), { matches: ["(disp-done"], start: 0, end: 5 });

    const saved = await api.saveNotebook(emptyNotebook(), "here.ipynb");
    assert.deepEqual(saved, { path: "here.ipynb" });
    const opened = await api.openNotebook("here.ipynb");
    assert.equal(opened?.path, "here.ipynb");
    assert.deepEqual(opened?.notebook.cells.length, 1);
    assert.deepEqual(await api.recentFiles(), ["here.ipynb"]);
    assert.deepEqual(await api.listDirectory(""), [{ name: "here.ipynb", path: "here.ipynb", kind: "notebook" }]);
    await assert.rejects(api.saveNotebook(emptyNotebook(), "nofolder/x.ipynb"), /^NotebookFileError: Cannot save nofolder\/x\.ipynb: no such file or folder$/);

    await assert.rejects(api.openNotebook("../secret.txt"), /Cannot use "\.\.\/secret\.txt": "\.\." is not allowed/);
    await assert.rejects(api.openNotebook("/etc/passwd"), /absolute paths are not allowed/);
    await assert.rejects(api.setSettings({ clusterSize: 99 }), /Cluster size must be a whole number from 1 to 64, not 99/);
    const settings = await api.setSettings({ clusterSize: 3 });
    assert.equal(settings.clusterSize, 3);
    assert.deepEqual(events.at(-1), { type: "settings", settings });
  } finally {
    close();
  }
});

test("a malformed request is answered with an error naming what was wrong", async () => {
  const ws = connect(`?token=${server.token}`);
  const replies: unknown[] = [];
  await new Promise((resolve) => ws.on("open", resolve));
  ws.on("message", (data) => {
    const json = JSON.parse(String(data));
    if ("id" in json) replies.push(json);
  });
  ws.send(JSON.stringify({ id: 7, method: "execute", args: ["c1"] }));
  ws.send(JSON.stringify({ id: 8, method: "format", args: [] }));
  ws.send(JSON.stringify({ id: 9, method: "complete", args: ["x", -1] }));
  while (replies.length < 3) await new Promise((r) => setTimeout(r, 10));
  ws.close();
  assert.deepEqual(replies, [
    { id: 7, ok: false, error: { name: "WireFormatError", message: "execute: argument 2 must be a string" } },
    { id: 8, ok: false, error: { name: "WireFormatError", message: 'unknown method "format"' } },
    { id: 9, ok: false, error: { name: "WireFormatError", message: "complete: argument 2 must be a whole number ≥ 0" } },
  ]);
});

test("after the connection drops the client reconnects, gets the current state again and keeps working", async () => {
  const connections: string[] = [];
  let current: WebSocket | undefined;
  const wire = await connectWireClient({
    connect: () => (current = connect(`?token=${server.token}`)) as unknown as SocketLike,
    reconnectDelay: () => 20,
    onConnectionChange: (up) => connections.push(up ? "up" : "down"),
  });
  const api: ParabookApi = wire.api;
  try {
    await api.startCluster();
    session.emit({ type: "kernel", state: "idle" });
    await api.kernels(); // a round trip: the idle event has arrived before we start listening
    const events: ParabookEvent[] = [];
    api.onEvent((e) => events.push(e));
    const inFlight = api.execute("c2", "(long)");
    current!.terminate(); // the network drops, abruptly
    await assert.rejects(inFlight, /Lost the connection to Parabook during execute; it may or may not have run/);
    const status = await api.clusterStatus(); // waits for the reconnection, then goes out
    assert.equal(status.kernel, "scheme");
    assert.deepEqual(connections, ["down", "up"]);
    assert.deepEqual(events[0], { type: "kernel", state: "dead", message: "Lost the connection to parabook serve; reconnecting…" });
    const replayed = events.slice(1);
    assert.ok(replayed.some((e) => e.type === "cluster"), "the cluster state is sent again on reconnect");
    assert.deepEqual(replayed.filter((e) => e.type === "kernel"), [{ type: "kernel", state: "idle" }], "and the kernel's");
  } finally {
    wire.close();
  }
});
