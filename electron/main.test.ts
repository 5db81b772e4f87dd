// The real main.js, run under plain Node with "electron" resolved to testing/fake-electron.js: windows, IPC sender
// and argument checks, files through dialogs, menus, links, permissions, settings, closing, and kernel processes
// (real ones, spawned through ElectronSpawner) ending with their window. One app instance for the whole file,
// as in Electron: the tests run in order and build on each other's windows.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { register } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { MenuItemConstructorOptions } from "electron";
import { seedNotebookPath } from "../kernel/testing/paths.js";
import { API_METHODS } from "../contract/wire/messages.js";
import type { OpenedNotebook, ParabookEvent } from "../contract/api.js";
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY } from "./app-protocol.js";
import { invokeChannel, EVENT_CHANNEL, MENU_CHANNEL, type InvokeOutcome } from "./ipc-contract.js";
import type * as FakeElectron from "./testing/fake-electron.js";

register("./testing/electron-loader.js", import.meta.url);

let fake: typeof FakeElectron;
let work: string;
let seedCopy: string;

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 20_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), "parabook-electron-main-"));
  seedCopy = path.join(work, "seed.ipynb");
  copyFileSync(seedNotebookPath, seedCopy);
  // As `electron . seed.ipynb` would start it.
  process.argv = [process.argv[0]!, ".", seedCopy];
  (process as { defaultApp?: boolean }).defaultApp = true;
  fake = (await import("./testing/fake-electron.js")) as typeof FakeElectron;
  await import("./main.js");
  await until("the first window", () => fake.BrowserWindow.all.length === 1 && fake.BrowserWindow.all[0]!.shown);
});

after(async () => {
  for (const window of fake.BrowserWindow.all) window.destroy();
  await until("every kernel process to end", () => fake.kernels.every((k) => k.exitCode !== null || k.signalCode !== null));
  rmSync(work, { recursive: true, force: true });
  rmSync(fake.app.getPath("userData"), { recursive: true, force: true });
});

const appPage = (window: FakeElectron.BrowserWindow): FakeElectron.FakeInvokeEvent => ({
  sender: window.webContents,
  senderFrame: { url: APP_ENTRY_URL, parent: null },
});

async function call(event: FakeElectron.FakeInvokeEvent, method: string, ...args: unknown[]): Promise<InvokeOutcome> {
  const handler = fake.recorded.ipcHandlers.get(`parabook:${method}`);
  assert.ok(handler, `no handler for ${method}`);
  return (await handler(event, ...args)) as InvokeOutcome;
}

function findMenuItem(labels: string[]): MenuItemConstructorOptions | undefined {
  let level = fake.recorded.menuTemplate as MenuItemConstructorOptions[];
  let item: MenuItemConstructorOptions | undefined;
  for (const label of labels) {
    item = level.find((i) => i.label === label);
    level = (item?.submenu as MenuItemConstructorOptions[] | undefined) ?? [];
  }
  return item;
}

function menuItem(labels: string[]): MenuItemConstructorOptions {
  const item = findMenuItem(labels);
  assert.ok(item, `no menu item ${labels.join(" › ")}`);
  return item;
}

const first = () => fake.BrowserWindow.all[0]!;

test("the notebook from argv opens in a sandboxed, isolated window loaded from the app protocol", () => {
  assert.equal(fake.recorded.sandboxEnabled, true);
  assert.deepEqual(fake.recorded.privilegedSchemes, [
    { scheme: "parabook-app", privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  const { webPreferences } = first().options;
  assert.equal(webPreferences.contextIsolation, true);
  assert.equal(webPreferences.sandbox, true);
  assert.equal(webPreferences.nodeIntegration, false);
  assert.equal(webPreferences.webSecurity, true);
  assert.equal(webPreferences.preload, fileURLToPath(new URL("./preload.cjs", import.meta.url)));
  assert.equal(first().loadedUrl, APP_ENTRY_URL);
});

test("there is one IPC handler per API request, on the contract's channel", () => {
  assert.deepEqual([...fake.recorded.ipcHandlers.keys()].sort(), API_METHODS.map((m) => invokeChannel(m)).sort());
});

test("the page gets the argv notebook, which becomes a recent file in the menu and the OS", async () => {
  const outcome = await call(appPage(first()), "initialNotebook");
  assert.equal(outcome.ok, true);
  const opened = (outcome as { value: OpenedNotebook }).value;
  assert.equal(opened.path, seedCopy);
  assert.equal(opened.notebook.nbformat, 4);
  assert.ok(opened.notebook.cells.length > 0);
  assert.deepEqual(fake.recorded.recentDocuments, [seedCopy]);
  await until("the recent files menu", () => findMenuItem(["File", "Open Recent", seedCopy]) !== undefined);
});

/** The cell events the window's page received for `cellId`. */
const cellEvents = (window: FakeElectron.BrowserWindow, cellId: string) =>
  window.webContents.sent
    .filter((s) => s.channel === EVENT_CHANNEL)
    .map((s) => s.payload as ParabookEvent)
    .filter((e) => "cellId" in e && e.cellId === cellId);

test("a cell runs in the window's host kernel, a utility process named for the task manager", async () => {
  const outcome = await call(appPage(first()), "execute", "cell-1", '(display "hello") (+ 1 2)');
  assert.deepEqual(outcome, { ok: true, value: { status: "ok", executionCount: 1 } });
  const events = cellEvents(first(), "cell-1");
  assert.deepEqual(
    events.filter((e) => e.type === "stream").map((e) => (e as { text: string }).text).join(""),
    "hello",
  );
  assert.deepEqual(
    events.filter((e) => e.type === "result").map((e) => (e as { data: Record<string, string> }).data["text/plain"]),
    ["3"],
  );
  assert.equal(fake.serviceNames[0], "parabook host kernel #1");
});

test("%parallel starts cluster nodes as utility processes, and %px gathers their results", async () => {
  const started = await call(appPage(first()), "execute", "cell-2", "%parallel scheme -n 2");
  assert.deepEqual(started, { ok: true, value: { status: "ok", executionCount: 2 } });
  assert.deepEqual(fake.serviceNames.slice(1).sort(), ["parabook node 0 #2", "parabook node 1 #3"].sort());
  const px = await call(appPage(first()), "execute", "cell-3", "%px (* 10 cluster_rank)");
  assert.deepEqual(px, { ok: true, value: { status: "ok", executionCount: 3 } });
  const results = cellEvents(first(), "cell-3").filter((e) => e.type === "result");
  assert.deepEqual(
    results.map((e) => (e as { data: Record<string, string> }).data["text/plain"]),
    ["#2(0 10)"],
  );
});

test("calls that do not come from an app window's own page are refused, saying why", async () => {
  const stranger = new fake.FakeWebContents();
  const cases: [FakeElectron.FakeInvokeEvent, RegExp][] = [
    [{ sender: first().webContents, senderFrame: { url: "https://evil.example/", parent: null } }, /it comes from https:\/\/evil\.example\/, not from the app/],
    [{ sender: first().webContents, senderFrame: { url: APP_ENTRY_URL, parent: {} } }, /it comes from a subframe/],
    [{ sender: first().webContents, senderFrame: null }, /the calling page is gone/],
    [{ sender: stranger, senderFrame: { url: APP_ENTRY_URL, parent: null } }, /it does not come from a Parabook window/],
  ];
  for (const [event, reason] of cases) {
    const outcome = await call(event, "getSettings");
    assert.equal(outcome.ok, false);
    assert.match((outcome as { error: { message: string } }).error.message, /^Parabook refused getSettings: /);
    assert.match((outcome as { error: { message: string } }).error.message, reason);
  }
});

test("bad arguments are refused before the host sees them, naming the method and the argument", async () => {
  const outcome = await call(appPage(first()), "execute", 1, "(+ 1 2)");
  assert.deepEqual(outcome, {
    ok: false,
    error: { name: "WireFormatError", message: "execute: argument 1 must be a string" },
  });
});

test("a failing request comes back as the host's message, ready to show", async () => {
  const outcome = await call(appPage(first()), "openNotebook", path.join(work, "missing.ipynb"));
  assert.equal(outcome.ok, false);
  assert.match((outcome as { error: { message: string } }).error.message, /missing\.ipynb: no such file or folder/);
});

test("Save without a path asks with the native dialog and adds .ipynb to a bare name", async () => {
  const notebook = JSON.parse(readFileSync(seedCopy, "utf8"));
  fake.answers.saveDialog = path.join(work, "copy");
  const saved = await call(appPage(first()), "saveNotebook", notebook);
  assert.deepEqual(saved, { ok: true, value: { path: path.join(work, "copy.ipynb") } });
  assert.equal(JSON.parse(readFileSync(path.join(work, "copy.ipynb"), "utf8")).cells.length, notebook.cells.length);
  fake.answers.saveDialog = null;
  assert.deepEqual(await call(appPage(first()), "saveNotebook", notebook), { ok: true, value: null });
});

test("a menu command goes to the focused window's page", () => {
  (menuItem(["Cell", "Run All"]).click as (item: unknown, window: unknown) => void)({}, first());
  assert.deepEqual(first().webContents.sent.at(-1), { channel: MENU_CHANNEL, payload: "notebook:run-all-cells" });
});

test("http(s) links open in the system browser; nothing navigates the window, opens another, or holds it open", () => {
  const contents = first().webContents;
  assert.equal(contents.navigate("https://jupyter.org/"), false);
  assert.equal(contents.navigate("file:///etc/passwd"), false);
  assert.equal(contents.navigate("parabook-app://app/index.html"), false);
  assert.deepEqual(contents.windowOpenHandler!({ url: "http://example.com/a" }), { action: "deny" });
  assert.deepEqual(contents.windowOpenHandler!({ url: "javascript:alert(1)" }), { action: "deny" });
  assert.deepEqual(fake.recorded.externalLinks, ["https://jupyter.org/", "http://example.com/a"]);
  let webviewPrevented = false;
  contents.emit("will-attach-webview", { preventDefault: () => (webviewPrevented = true) });
  assert.equal(webviewPrevented, true);
  let beforeUnloadOverruled = false;
  contents.emit("will-prevent-unload", { preventDefault: () => (beforeUnloadOverruled = true) });
  assert.equal(beforeUnloadOverruled, true);
});

test("the page may write the clipboard and nothing else; other origins get nothing", () => {
  const ask = (permission: string, requestingUrl: string) => {
    let granted: boolean | undefined;
    fake.recorded.permissionRequest!(first().webContents, permission, (g) => (granted = g), { requestingUrl });
    return granted;
  };
  assert.equal(ask("clipboard-sanitized-write", APP_ENTRY_URL), true);
  assert.equal(ask("clipboard-sanitized-write", "https://evil.example/"), false);
  assert.equal(ask("geolocation", APP_ENTRY_URL), false);
  assert.equal(ask("media", APP_ENTRY_URL), false);
});

test("the app protocol answers with the CSP header, even for a missing file", async () => {
  const handler = fake.recorded.protocolHandlers.get("parabook-app")!;
  const response = await handler(new Request("parabook-app://app/no-such-file.js"));
  assert.equal(response.status, 404);
  assert.equal(response.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
});

test("File › New Window opens a second notebook window; a settings change reaches every window and the menu", async () => {
  (menuItem(["File", "New Window"]).click as () => void)();
  await until("the second window", () => fake.BrowserWindow.all.length === 2 && fake.BrowserWindow.all[1]!.shown);
  const second = fake.BrowserWindow.all[1]!;
  assert.deepEqual(await call(appPage(second), "initialNotebook"), { ok: true, value: null });

  const changed = await call(appPage(first()), "setSettings", { theme: "dark" });
  assert.equal(changed.ok, true);
  assert.equal(fake.nativeTheme.themeSource, "dark");
  const settingsEvents = (window: FakeElectron.BrowserWindow) =>
    window.webContents.sent.filter((s) => s.channel === EVENT_CHANNEL && (s.payload as ParabookEvent).type === "settings");
  assert.equal(settingsEvents(first()).length, 1);
  assert.equal(settingsEvents(second).length, 1);
  await until("the Dark theme checked in the menu", () => findMenuItem(["View", "Theme", "Dark"])?.checked === true);
});

test("a second launch or a macOS open-file opens the notebook in a new window of this instance", async () => {
  fake.app.emit("second-instance", {}, ["/opt/electron", ".", "--some-chromium-switch", "seed.ipynb"], work);
  await until("a window for the second launch", () => fake.BrowserWindow.all.length === 3);
  const launched = fake.BrowserWindow.all[2]!;
  const opened = await call(appPage(launched), "initialNotebook");
  assert.equal((opened as { value: OpenedNotebook }).value.path, seedCopy);

  let prevented = false;
  fake.app.emit("open-file", { preventDefault: () => (prevented = true) }, path.join(work, "copy.ipynb"));
  assert.equal(prevented, true);
  await until("a window for open-file", () => fake.BrowserWindow.all.length === 4);
  const fromFinder = fake.BrowserWindow.all[3]!;
  const second = await call(appPage(fromFinder), "initialNotebook");
  assert.equal((second as { value: OpenedNotebook }).value.path, path.join(work, "copy.ipynb"));

  // Each window autosaves to its own backup file, so two notebooks never overwrite each other's backup.
  const notebook = (opened as { value: OpenedNotebook }).value.notebook;
  assert.deepEqual(await call(appPage(launched), "writeBackup", notebook, seedCopy), { ok: true, value: null });
  assert.deepEqual(await call(appPage(fromFinder), "takeBackup"), { ok: true, value: null });
  const backup = await call(appPage(launched), "takeBackup");
  assert.equal((backup as { value: { path: string } }).value.path, seedCopy);
  assert.ok(existsSync(path.join(fake.app.getPath("userData"), "backups", "window-3.json")));

  assert.equal(launched.close(), true);
  assert.equal(fromFinder.close(), true);
});

test("closing a window with unsaved changes asks; Cancel keeps it, Close Without Saving closes it", async () => {
  const second = fake.BrowserWindow.all[1]!;
  assert.deepEqual(await call(appPage(second), "setDirty", true, "Untitled.ipynb ●"), { ok: true, value: null });
  assert.equal(second.title, "Untitled.ipynb ●");
  fake.answers.messageBox = 0;
  assert.equal(second.close(), false);
  assert.deepEqual(fake.recorded.messageBoxes.at(-1), {
    message: '"Untitled.ipynb ●" has unsaved changes.',
    buttons: ["Cancel", "Close Without Saving"],
  });
  fake.answers.messageBox = 1;
  assert.equal(second.close(), true);
  // Its page is gone: a late call from it is refused rather than reaching a disposed host.
  assert.equal((await call(appPage(second), "getSettings")).ok, false);
});

test("a clean window closes without asking; closing the last one quits, which waits for its kernels to end", async () => {
  const asked = fake.recorded.messageBoxes.length;
  assert.equal(first().close(), true);
  assert.equal(fake.recorded.messageBoxes.length, asked);
  assert.equal(fake.app.quitCalls, 1, "window-all-closed quits (Linux, Windows)");
  // The window's session is still shutting down: quitting waits, then quits again.
  assert.equal(fake.app.willQuit(), true);
  await until("the second quit", () => fake.app.quitCalls === 2);
  assert.ok(fake.kernels.length >= 1, "the windows started kernel processes through ElectronSpawner");
  await until("the kernels to end", () => fake.kernels.every((k) => k.exitCode !== null || k.signalCode !== null));
  assert.equal(fake.app.willQuit(), false);
});
