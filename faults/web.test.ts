// `parabook serve` against hostile and outsized traffic on its WebSocket, against a real server process: every bad
// frame closes only the connection that sent it (serve and its kernels live on), a notebook larger than any one
// frame saves and opens whole; the token never sits in a cookie or the address bar; a page outlives its server.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { request as httpRequest } from "node:http";
import * as path from "node:path";
import type { ParabookApi, ParabookEvent } from "../contract/api.js";
import { apiProtocols, TOKEN_REFUSED } from "../contract/wire/api-socket.js";
import { connectWireClient, type SocketLike, type WireClient } from "../contract/wire/client.js";
import { MAX_FRAME_BYTES } from "../contract/wire/frames.js";
import { parseNotebook, serializeNotebook, type Notebook } from "../contract/notebook.js";
import { apiSocket, launchBrowser, openApp, serve, type Served } from "../e2e/testing/harness.js";
import { NotebookPage, outputOf } from "../e2e/testing/notebook-page.js";
import { RawWebSocket, type RawFrame } from "./testing/raw-websocket.js";

let served: Served;
let hostKernels: number[];

/** The kernel processes serve started: the same PIDs before and after a fault mean no kernel died. */
async function kernelProcesses(pid: number): Promise<number[]> {
  const kernels: number[] = [];
  for (const task of await fs.readdir(`/proc/${pid}/task`)) {
    const children = await fs.readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "");
    for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
      // serve has other helpers (esbuild's service, which bundles languages for the cluster): only kernels count.
      const command = await fs.readFile(`/proc/${child}/cmdline`, "utf8").catch(() => "");
      if (command.includes("kernel-process.js")) kernels.push(child);
    }
  }
  return kernels.sort((a, b) => a - b);
}

function authHeaders(s: Served): Record<string, string> {
  return { Origin: `http://127.0.0.1:${s.port}`, "Sec-WebSocket-Protocol": apiProtocols(s.token).join(", ") };
}

function apiClient(s: Served): Promise<WireClient> {
  return connectWireClient({ connect: () => apiSocket(s) as unknown as SocketLike, reconnectDelay: () => 50 });
}

/** Runs `code` on the host kernel and returns the text of its result. */
async function evaluate(api: ParabookApi, code: string): Promise<string> {
  const cellId = `c${Math.random().toString(16).slice(2, 10)}`;
  let shown: string | undefined;
  const stop = api.onEvent((event: ParabookEvent) => {
    if (event.type === "result" && event.cellId === cellId) shown = event.data["text/plain"];
    if (event.type === "error" && event.cellId === cellId) shown = `${event.ename}: ${event.evalue}`;
  });
  try {
    await api.execute(cellId, code);
  } finally {
    stop();
  }
  return shown ?? "(no result)";
}

/** Types `code` into a new cell without running it: unsaved work that lives only in the page. */
async function typeCell(nb: NotebookPage, code: string): Promise<void> {
  await nb.button("Add cell").click();
  await nb.page.keyboard.type(code);
  await nb.page.keyboard.press("Escape");
}

/** `promise`, or a failure naming `what` if it has not settled after `ms` (so that no test waits forever). */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not yet after ${ms} ms: ${what}`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

before(async () => {
  served = await serve();
  const client = await apiClient(served);
  try {
    assert.equal(await evaluate(client.api, "(define kept 42) kept"), "42");
  } finally {
    client.close();
  }
  hostKernels = await kernelProcesses(served.pid);
  assert.equal(hostKernels.length, 1, "serve runs one host kernel");
});
after(() => served.stop());

/** serve still answers a new client, with the same host kernel process and its definitions. */
async function assertServeUnharmed(): Promise<void> {
  assert.equal(served.exitCode(), null, `parabook serve exited:\n${served.stderr()}`);
  const client = await apiClient(served);
  try {
    assert.equal(await evaluate(client.api, "kept"), "42", "the kernel kept its definitions");
  } finally {
    client.close();
  }
  assert.deepEqual(await kernelProcesses(served.pid), hostKernels, "the same host kernel process");
}

const text = (s: string) => Buffer.from(s, "utf8");
const BAD_FRAMES: { name: string; frame: RawFrame; code: number }[] = [
  // 1007: invalid frame payload data (RFC 6455 §7.4.1).
  { name: "text frame with invalid UTF-8", frame: { opcode: 0x1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }, code: 1007 },
  // 1002: protocol error.
  { name: "frame with a reserved opcode", frame: { opcode: 0x3, payload: text("{}") }, code: 1002 },
  { name: "close frame with code 999", frame: { opcode: 0x8, payload: Buffer.from([0x03, 0xe7]) }, code: 1002 },
  { name: "unmasked client frame", frame: { opcode: 0x1, payload: text('{"id":1}'), masked: false }, code: 1002 },
  // 1009: message too big. The header alone announces it: the server must not wait for (or buffer) the rest.
  { name: "frame announcing 200 MiB", frame: { opcode: 0x1, payload: text("{"), declaredLength: 200 * 2 ** 20 }, code: 1009 },
  { name: "frame one byte over the frame budget", frame: { opcode: 0x1, payload: text("{"), declaredLength: MAX_FRAME_BYTES + 1 }, code: 1009 },
];

for (const { name, frame, code } of BAD_FRAMES) {
  test(`a ${name} closes only its own connection (${code}); serve and its kernel live on`, { timeout: 60_000 }, async () => {
    const bystander = await apiClient(served);
    try {
      const raw = await RawWebSocket.open(served.port, authHeaders(served));
      let closed;
      try {
        raw.send(frame);
        closed = await within(30_000, raw.closed, "the server closes the connection");
      } finally {
        raw.destroy();
      }
      assert.equal(closed.code, code, `closed with ${closed.code} ${closed.reason}; serve: ${served.stderr()}`);
      assert.equal(await evaluate(bystander.api, "(+ kept 1)"), "43", "another page's connection stays open");
      await assertServeUnharmed();
    } finally {
      bystander.close();
    }
  });
}

/** A PNG of `mib` MiB, base64 as Jupyter keeps it (the content does not matter to the wire). */
const bigPng = (mib: number): string => "iVBORw0KGgo".padEnd(mib * 2 ** 20, "A");

/** A notebook with one code cell whose output is these pictures. */
function bigNotebook(...pngs: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: "code",
        id: "big",
        source: "(draw)",
        metadata: {},
        execution_count: 1,
        outputs: pngs.map((png) => ({ output_type: "display_data", data: { "image/png": png, "text/plain": "<picture>" }, metadata: {} })),
      },
    ],
  };
}

/** The first picture of the notebook's first cell. */
function firstPicture(notebook: Notebook | undefined): unknown {
  const cell = notebook?.cells[0];
  const output = cell?.cell_type === "code" ? cell.outputs[0] : undefined;
  return output?.output_type === "display_data" ? output.data["image/png"] : undefined;
}

test("a notebook over 100 MiB saves, autosaves, and opens again whole, through the real server", { timeout: 300_000 }, async () => {
  const client = await apiClient(served);
  try {
    const png = bigPng(120);
    const notebook = bigNotebook(png);
    assert.deepEqual(await client.api.saveNotebook(notebook, "big.ipynb"), { path: "big.ipynb" });
    const onDisk = await fs.stat(path.join(served.notebookDir, "big.ipynb"));
    assert.ok(onDisk.size > 120 * 2 ** 20, `the file holds the whole notebook (${onDisk.size} bytes)`);
    assert.ok(firstPicture((await client.api.openNotebook("big.ipynb"))?.notebook) === png, "the picture came back whole");
    await client.api.writeBackup(notebook, "big.ipynb"); // the 2-minute autosave
    assert.ok(firstPicture((await client.api.takeBackup())?.notebook) === png, "and from the autosave backup");
    await client.api.clearBackup();
    await assertServeUnharmed();
  } finally {
    client.close();
  }
});

test("a notebook over the ceiling (more JSON than a string can hold) is refused before it is sent, naming the limit; serve is untouched", { timeout: 300_000 }, async () => {
  const client = await apiClient(served);
  try {
    const png = bigPng(300); // twice the same 300 MiB string: 600 MiB of JSON, 300 MiB of memory here
    await assert.rejects(client.api.saveNotebook(bigNotebook(png, png), "too-big.ipynb"), {
      name: "MessageTooLargeError",
      message: "Cannot send the saveNotebook request: it is longer than 536,870,888 characters (512.0 MiB), the longest text a JavaScript engine can hold",
    });
    await assert.rejects(fs.access(path.join(served.notebookDir, "too-big.ipynb")), "nothing was written");
    await assertServeUnharmed();
  } finally {
    client.close();
  }
});

test("the page itself opens and saves a notebook larger than a frame (chunks through Chromium's WebSocket)", { timeout: 180_000 }, async (t) => {
  const png = bigPng(12); // three times MAX_FRAME_BYTES
  const pageServer = await serve({ files: { "pictures.ipynb": serializeNotebook(bigNotebook(png)) }, open: "pictures.ipynb" });
  t.after(() => pageServer.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const nb = new NotebookPage(await openApp(browser, pageServer)); // the notebook came in chunks
  await typeCell(nb, "(added-in-the-page)");
  await nb.button("Save").click(); // and goes back in chunks
  await nb.page.getByLabel("Unsaved changes").waitFor({ state: "detached", timeout: 60_000 });
  const saved = parseNotebook(await fs.readFile(path.join(pageServer.notebookDir, "pictures.ipynb"), "utf8"), "pictures.ipynb");
  assert.deepEqual(saved.cells.map((c) => c.source), ["(draw)", "(added-in-the-page)"]);
  assert.ok(firstPicture(saved) === png, "the picture was saved whole");
});

/** The status of GET `urlPath` with these headers (fetch would not send a Host header of our choosing). */
function statusOf(urlPath: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: served.port, path: urlPath, headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", reject);
    req.end();
  });
}

// ----- The token: never in a cookie (cookies ignore ports, so every local web server would receive it) ---------

test("no cookie carries the token; the page and its files need none, the API socket needs the token", { timeout: 60_000 }, async () => {
  const base = `http://127.0.0.1:${served.port}`;
  const page = await fetch(served.url);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("set-cookie"), null, "no Set-Cookie");
  const plain = await fetch(`${base}/`);
  assert.equal(plain.status, 200, "the built page is the same for everyone: served without the token");
  assert.equal(await statusOf("/", { Host: `evil.example:${served.port}` }), 403, "the Host check stays (against DNS rebinding)");
  const withoutToken = await RawWebSocket.open(served.port, { Origin: base, "Sec-WebSocket-Protocol": "parabook" });
  try {
    // The client here never answers the close frame: the server drops it anyway, well before ws's own 30 s.
    const refused = await within(10_000, withoutToken.closed, "the server drops a socket without the token");
    assert.deepEqual(refused, { code: TOKEN_REFUSED, reason: "Wrong or missing token: open the URL `parabook serve` printed" });
  } finally {
    withoutToken.destroy();
  }
});

test("the page keeps the token out of the address bar and out of cookies, and a reload still connects", { timeout: 120_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await openApp(browser, served);
    assert.equal(new URL(page.url()).search, "", `the address bar shows no token: ${page.url()}`);
    assert.deepEqual(await browser.cookies(), [], "no cookie at all");
    await page.reload();
    await page.getByRole("button", { name: "Run all", exact: true }).waitFor({ timeout: 30_000 });
    const nb = new NotebookPage(page);
    const cell = await nb.addAndRun("(+ kept 100)");
    await outputOf(cell).getByText("142", { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(new URL(page.url()).search, "");
  } finally {
    await browser.close();
  }
});

// ----- A page outlives its server --------------------------------------------------------------------------------

test("serve killed and started again with the same token: the page reconnects by itself with its unsaved cells", { timeout: 180_000 }, async (t) => {
  const token = "fixed-token-for-the-reconnect-test";
  const first = await serve({ token });
  t.after(() => first.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const nb = new NotebookPage(await openApp(browser, first));
  await nb.addAndRun("(+ 20 22)");
  await nb.waitUntilIdle();
  await typeCell(nb, "(define typed-before-the-crash 1)");

  await first.kill();
  const lost = nb.page.getByRole("alert").filter({ hasText: "Lost the connection to parabook serve; reconnecting…" });
  await lost.waitFor({ timeout: 30_000 });
  assert.equal(await nb.page.getByRole("alert").count(), 1, "one notice says the server is gone");
  assert.equal(await nb.button("Restart kernel").count(), 0, "no Restart, which could not get through");
  await typeCell(nb, "(define typed-while-serve-was-down 2)");

  const second = await first.startAgain({ token });
  t.after(() => second.stop());
  await lost.waitFor({ state: "detached", timeout: 60_000 });
  await nb.cellWith("typed-before-the-crash").waitFor({ timeout: 10_000 });
  await nb.cellWith("typed-while-serve-was-down").waitFor({ timeout: 10_000 });
  assert.match(await nb.page.title(), /^• /, "still marked unsaved");
  const ran = await nb.addAndRun("(* 6 7)");
  await outputOf(ran).getByText("42", { exact: true }).waitFor({ timeout: 60_000 });
  assert.equal(new URL(nb.page.url()).search, "", "no token in the address bar");
});

test("serve started again with a new token: the page says what to do, and the new page offers the unsaved cells back", { timeout: 180_000 }, async (t) => {
  const first = await serve();
  t.after(() => first.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const oldPage = new NotebookPage(await openApp(browser, first));
  await typeCell(oldPage, "(define kept-in-the-browser 7)");

  await first.kill();
  const second = await first.startAgain();
  t.after(() => second.stop());
  assert.notEqual(second.token, first.token);
  const refusal = oldPage.page.getByRole("alert").filter({ hasText: "parabook serve no longer accepts this page's token" });
  await refusal.filter({ hasText: "this page's unsaved work is kept in this browser" }).waitFor({ timeout: 60_000 });
  assert.match(await refusal.innerText(), /Open the URL it printed \(http:\/\/127\.0\.0\.1:\d+\/\?token=…\)/);
  assert.equal(await oldPage.page.getByRole("alert").count(), 1, "only the refusal is shown, not also a reconnecting notice");
  await oldPage.cellWith("kept-in-the-browser").waitFor({ timeout: 10_000 });

  // Reloading the old page (its tab still holds the old token) says the same, and that the work is kept.
  oldPage.page.on("dialog", (dialog) => void dialog.accept()); // "Leave site? Changes may not be saved"
  await oldPage.page.reload();
  const bootFailure = oldPage.page.getByRole("alert");
  await bootFailure.filter({ hasText: "did not accept this page's token" }).waitFor({ timeout: 30_000 });
  assert.match(await bootFailure.innerText(), /Unsaved work from .* is kept in this browser: it is offered back once this page connects/);

  const newPage = new NotebookPage(await openApp(browser, second));
  const offer = newPage.page.getByRole("status").filter({ hasText: "was kept in this browser when a page lost parabook serve" });
  await offer.waitFor({ timeout: 30_000 });
  await newPage.button("Restore unsaved work").click();
  await newPage.cellWith("kept-in-the-browser").waitFor({ timeout: 10_000 });
  assert.match(await newPage.page.title(), /^• Recovered\.ipynb/, "restored as unsaved work");
  const ran = await newPage.addAndRun("(+ 1 2)");
  await outputOf(ran).getByText("3", { exact: true }).waitFor({ timeout: 60_000 });
});
