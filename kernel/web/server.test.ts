import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { request as httpRequest } from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { WebSocket } from "ws";
import type { ParabookApi, ParabookEvent } from "../../contract/api.js";
import { ShellApi } from "../shell-api/shell-api.js";
import { BackupStore } from "../shell-api/backup-store.js";
import { NotebookDirectoryAccess } from "../shell-api/file-access.js";
import { RecentFiles } from "../shell-api/recent-files.js";
import { emptyNotebook } from "../../contract/notebook.js";
import { SettingsStore } from "../settings/store.js";
import { RecordingSession } from "../testing/recording-session.js";
import { apiProtocols, TOKEN_REFUSED } from "../../contract/wire/api-socket.js";
import { connectWireClient, TokenRefusedError, type ConnectionState, type SocketLike, type WireClient } from "../../contract/wire/client.js";
import { MAX_FRAME_BYTES, MAX_MESSAGE_CHARS, CHUNK_CHARS } from "../../contract/wire/frames.js";
import { closeReason, startWebServer, type RunningWebServer } from "./server.js";

let server: RunningWebServer;
let session: RecordingSession;
let notebookDir: string;
let origin: string;

let base: string;

before(async () => {
  base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-server-")));
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
  const host = new ShellApi({
    session,
    settings: await SettingsStore.load(path.join(config, "settings.json"), assert.fail),
    files: await NotebookDirectoryAccess.create(notebookDir),
    recent: new RecentFiles(path.join(config, "recent.json")),
    backups: new BackupStore(path.join(config, "backup.json"), assert.fail),
  });
  server = await startWebServer({ port: 0, rendererDir: renderer, api: host });
  origin = `http://127.0.0.1:${server.port}`;
});

after(async () => {
  await server.close();
  await fs.rm(base, { recursive: true, force: true });
});

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

/** A socket to the API offering `token` (none: no token at all) from `from` (this server's own page by default). */
function connect(token: string | null, from = origin): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/api`, token === null ? [] : apiProtocols(token), { origin: from });
}

/** How the server took the socket: welcomed ("welcome"), refused at the upgrade (the HTTP status) or closed (the code). */
function upgradeOutcome(ws: WebSocket): Promise<number | "welcome" | `closed ${number}`> {
  return new Promise((resolve) => {
    ws.on("message", (data) => {
      if (JSON.parse(String(data)).welcome === true) {
        ws.close();
        resolve("welcome");
      }
    });
    ws.on("close", (code) => resolve(`closed ${code}`));
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode!));
    ws.on("error", () => undefined);
  });
}

async function client(): Promise<WireClient> {
  return connectWireClient({
    connect: () => connect(server.token) as unknown as SocketLike,
    reconnectDelay: () => 20,
  });
}

test("the URL carries a long random token and the server listens on 127.0.0.1", () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
});

test("the page and its files are served without the token (they hold no user data), with a CSP and no cookie", async () => {
  for (const url of ["/", `/?token=${server.token}`]) {
    const page = await get(url);
    assert.equal(page.status, 200);
    assert.equal(page.headers["content-type"], "text/html; charset=utf-8");
    assert.match(String(page.headers["content-security-policy"]), /script-src 'self';.*connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
    assert.equal(page.headers["referrer-policy"], "no-referrer");
    assert.equal(page.headers["set-cookie"], undefined, "a cookie would reach every server on 127.0.0.1, whatever its port");
  }
  const script = await get("/assets/app.js");
  assert.equal(script.status, 200);
  assert.equal(script.headers["content-type"], "text/javascript; charset=utf-8");
  assert.equal((await get("/assets/app.css")).headers["content-type"], "text/css; charset=utf-8");
});

test("a request from another site's page is refused", async () => {
  const reply = await get("/", { Origin: "http://evil.example" });
  assert.equal(reply.status, 403);
  assert.match(reply.body, /cross-origin request from "http:\/\/evil\.example" refused/);
});

test("static paths cannot leave the renderer folder", async () => {
  assert.equal((await get(`/../secret.txt`)).status, 404);
  assert.equal((await get(`/%2e%2e/secret.txt`)).status, 404);
  assert.equal((await get(`/assets/..%2f..%2fsecret.txt`)).status, 404);
});

test("a request naming another host is refused (DNS rebinding)", async () => {
  const reply = await get("/", { Host: `evil.example:${server.port}` });
  assert.equal(reply.status, 403);
  assert.match(reply.body, /unexpected Host header/);
});

test("the WebSocket needs the token in its subprotocols and this server's own Origin", async () => {
  assert.equal(await upgradeOutcome(connect(null)), `closed ${TOKEN_REFUSED}`);
  assert.equal(await upgradeOutcome(connect("nope")), `closed ${TOKEN_REFUSED}`);
  const inQuery = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, ["parabook"], { origin });
  assert.equal(await upgradeOutcome(inQuery), `closed ${TOKEN_REFUSED}`, "the token in the socket's URL is not taken");
  assert.equal(await upgradeOutcome(connect(server.token, "http://evil.example")), 403);
  assert.equal(await upgradeOutcome(connect(server.token, `http://127.0.0.1:${server.port + 1}`)), 403);
  assert.equal(await upgradeOutcome(connect(server.token)), "welcome");
  const selected = connect(server.token);
  await new Promise((resolve) => selected.once("open", resolve));
  assert.equal(selected.protocol, "parabook", "the server selects the API's subprotocol, never echoes the token");
  selected.close();
});

test("a page without the right token cannot connect, and is told what to open", async () => {
  const refused = connectWireClient({ connect: () => connect("stale") as unknown as SocketLike });
  await assert.rejects(refused, TokenRefusedError);
  await assert.rejects(refused, /did not accept this page's token: .* Open the URL `parabook serve` printed/);
});

test("the API works end to end over the wire: calls, replies, events and errors", async () => {
  const { api, close } = await client();
  try {
    assert.equal(api.shell, "web");
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

test("a cell's input request reaches the page, and the line typed goes back to the session; only a string passes", async () => {
  const { api, close } = await client();
  try {
    const events: ParabookEvent[] = [];
    api.onEvent((e) => events.push(e));
    const asked = { type: "input-request", cellId: "c9", prompt: "Name: ", password: false } as const;
    session.emit(asked);
    for (let i = 0; i < 200 && !events.some((e) => e.type === "input-request"); i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(events.filter((e) => e.type === "input-request"), [asked]);
    await api.answerInput("c9", "Ada");
    assert.equal(session.calls.at(-1), "answerInput c9 Ada");
    await assert.rejects((api.answerInput as (...args: unknown[]) => Promise<void>)("c9", 42), /answerInput: argument 2 must be a string/);
  } finally {
    close();
  }
});

test("a malformed request is answered with an error naming what was wrong", async () => {
  const ws = connect(server.token);
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
  const connections: ConnectionState[] = [];
  let current: WebSocket | undefined;
  const wire = await connectWireClient({
    connect: () => (current = connect(server.token)) as unknown as SocketLike,
    reconnectDelay: () => 20,
    onConnectionChange: (state) => connections.push(state),
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
    assert.deepEqual(connections, ["reconnecting", "connected"]);
    assert.deepEqual(events[0], { type: "kernel", state: "dead", message: "Lost the connection to parabook serve; reconnecting…" });
    const replayed = events.slice(1);
    assert.ok(replayed.some((e) => e.type === "cluster"), "the cluster state is sent again on reconnect");
    assert.deepEqual(replayed.filter((e) => e.type === "kernel"), [{ type: "kernel", state: "idle" }], "and the kernel's");
  } finally {
    wire.close();
  }
});

// ----- Messages larger than a frame -----------------------------------------------------------------------------

test("a notebook larger than a frame travels in chunks, both ways", { timeout: 60_000 }, async () => {
  const { api, close } = await client();
  try {
    const picture = "iVBORw0KGgo".padEnd(MAX_FRAME_BYTES * 2 + 12345, "é"); // two bytes a character in UTF-8
    const notebook = emptyNotebook();
    notebook.cells = [
      {
        cell_type: "code",
        id: "pic",
        source: "(draw) ; 🎨", // a surrogate pair: whichever chunk boundary falls near, it must arrive whole
        metadata: {},
        execution_count: 1,
        outputs: [{ output_type: "display_data", data: { "image/png": picture }, metadata: {} }],
      },
    ];
    assert.deepEqual(await api.saveNotebook(notebook, "large.ipynb"), { path: "large.ipynb" });
    const opened = await api.openNotebook("large.ipynb");
    const cell = opened?.notebook.cells[0];
    assert.equal(cell?.source, "(draw) ; 🎨");
    assert.ok(cell?.cell_type === "code" && cell.outputs[0]?.output_type === "display_data" && cell.outputs[0].data["image/png"] === picture);
    assert.deepEqual(await api.complete("(disp", 5), { matches: ["(disp-done"], start: 0, end: 5 }, "the connection goes on");
  } finally {
    close();
  }
});

/** A raw ws socket with the token, and the JSON of the replies it receives (frames that are not chunks). */
async function rawSocket(): Promise<{ ws: WebSocket; replies: { id?: number; ok?: boolean; error?: { message: string } }[]; closed: Promise<[number, string]> }> {
  const ws = connect(server.token);
  const replies: { id?: number }[] = [];
  ws.on("message", (data) => {
    const json = JSON.parse(String(data));
    if ("id" in json) replies.push(json);
  });
  const closed = new Promise<[number, string]>((resolve) => ws.on("close", (code, reason) => resolve([code, String(reason)])));
  await new Promise((resolve) => ws.on("open", resolve));
  return { ws, replies, closed };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), "the awaited reply came");
}

test("a chunked request announcing more than a string can hold is refused with its size; the connection goes on", async () => {
  const { ws, replies } = await rawSocket();
  try {
    const length = 600 * 2 ** 20;
    ws.send(`{"chunk":{"message":41,"index":0,"count":601,"length":${length}}}\n${"x".repeat(100)}`);
    ws.send(`{"chunk":{"message":41,"index":1,"count":601,"length":${length}}}\nmore of it`);
    ws.send(JSON.stringify({ id: 42, method: "recentFiles", args: [] }));
    await until(() => replies.length >= 2);
    assert.deepEqual(replies[0], {
      id: 41,
      ok: false,
      error: {
        name: "MessageTooLargeError",
        message: `A message of 629,145,600 characters (600.0 MiB) is over the limit of ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters (512.0 MiB)`,
      },
    });
    assert.equal(replies[1]!.id, 42);
    assert.equal(replies[1]!.ok, true, "the rest of the refused message is dropped, and the next request answered");
  } finally {
    ws.close();
  }
});

test("chunks out of order, or a binary frame, close only that connection, with the reason", async () => {
  const outOfOrder = await rawSocket();
  outOfOrder.ws.send(`{"chunk":{"message":1,"index":1,"count":2,"length":${CHUNK_CHARS + 1}}}\nx`);
  assert.deepEqual(await outOfOrder.closed, [1003, "Bad message: chunk 1 of message 1 came before its first chunk"]);
  const binary = await rawSocket();
  binary.ws.send(Buffer.from([1, 2, 3]));
  assert.deepEqual(await binary.closed, [1003, "Bad message: expected JSON text frames, got a binary frame"]);
  const { api, close } = await client();
  try {
    assert.deepEqual(await api.complete("(disp", 5), { matches: ["(disp-done"], start: 0, end: 5 }, "the server answers other connections");
  } finally {
    close();
  }
});

/** A ShellApi over a recording session whose notebooks and config live in a new temporary folder (`base`). */
async function hostInTempFolder(prefix: string): Promise<{ base: string; host: ShellApi }> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  const host = new ShellApi({
    session: new RecordingSession(),
    settings: await SettingsStore.load(path.join(base, "settings.json"), assert.fail),
    files: await NotebookDirectoryAccess.create(base),
    recent: new RecentFiles(path.join(base, "recent.json")),
    backups: new BackupStore(path.join(base, "backup.json"), assert.fail),
  });
  return { base, host };
}

// ----- A server restarted on the same port ------------------------------------------------------------------------

test("a server back on the same port with another token is told apart from one that is away; with the page's token it reconnects", { timeout: 60_000 }, async () => {
  const { base, host } = await hostInTempFolder("parabook-restart-");
  const pageToken = "the-page-token-0123456789";
  const start = (port: number, token: string) => startWebServer({ port, rendererDir: base, api: host, token });
  let running = await start(0, pageToken);
  const port = running.port;
  const states: ConnectionState[] = [];
  const wire = await connectWireClient({
    connect: () => new WebSocket(`ws://127.0.0.1:${port}/api`, apiProtocols(pageToken), { origin: `http://127.0.0.1:${port}` }) as unknown as SocketLike,
    reconnectDelay: () => 20,
    onConnectionChange: (state) => states.push(state),
  });
  const waitFor = (state: ConnectionState) => until(() => states.at(-1) === state);
  try {
    await running.close();
    await waitFor("reconnecting");
    running = await start(port, "a-new-random-token-9876543210");
    await waitFor("token-refused");
    await running.close();
    running = await start(port, pageToken);
    await waitFor("connected");
    assert.deepEqual(await wire.api.complete("(disp", 5), { matches: ["(disp-done"], start: 0, end: 5 });
    assert.deepEqual(states.slice(0, 2), ["reconnecting", "token-refused"]);
  } finally {
    wire.close();
    await running.close();
    await fs.rm(base, { recursive: true, force: true });
  }
});

test("while the server is away, a newer autosave replaces one still waiting; the newest goes out on reconnecting", { timeout: 60_000 }, async () => {
  const { base, host } = await hostInTempFolder("parabook-autosave-");
  const token = "autosave-test-token-0123456789";
  let running = await startWebServer({ port: 0, rendererDir: base, api: host, token });
  const port = running.port;
  const states: ConnectionState[] = [];
  const wire = await connectWireClient({
    connect: () => new WebSocket(`ws://127.0.0.1:${port}/api`, apiProtocols(token), { origin: `http://127.0.0.1:${port}` }) as unknown as SocketLike,
    reconnectDelay: () => 20,
    onConnectionChange: (state) => states.push(state),
  });
  try {
    await running.close();
    await until(() => states.at(-1) === "reconnecting");
    const versions = ["first", "second", "third"].map((name) => ({ ...emptyNotebook(), metadata: { version: name } }));
    const [first, second, third] = versions.map((nb) => wire.api.writeBackup(nb, null));
    await first; // superseded by the second, without waiting for the server
    await second; // and that by the third
    running = await startWebServer({ port, rendererDir: base, api: host, token });
    await third;
    assert.deepEqual((await wire.api.takeBackup())?.notebook.metadata, { version: "third" });
  } finally {
    wire.close();
    await running.close();
    await fs.rm(base, { recursive: true, force: true });
  }
});

test("a close reason is cut to the 123 bytes a close frame holds, never inside a character", () => {
  assert.equal(closeReason("Bad message: short"), "Bad message: short");
  const cut = closeReason(`Bad message: ${"€".repeat(200)}`);
  assert.ok(Buffer.byteLength(cut) <= 123, `${Buffer.byteLength(cut)} bytes`);
  assert.equal(cut, `Bad message: ${"€".repeat(36)}`, "13 + 36 × 3 = 121 bytes: a 37th euro would not fit");
});
