// Runs the compiled preload (dist/electron/preload.cjs) the way a sandboxed renderer does — a fresh context whose
// require() knows only "electron" — with a recording stand-in for contextBridge and ipcRenderer.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as vm from "node:vm";
import { API_METHODS } from "../contract/wire/messages.js";
import { EVENT_CHANNEL, invokeChannel, MENU_CHANNEL, type InvokeOutcome } from "./ipc-contract.js";
import type { ParabookApi, ParabookEvent } from "../contract/api.js";

const PRELOAD = fileURLToPath(new URL("./preload.cjs", import.meta.url));

interface Loaded {
  exposed: { name: string; api: ParabookApi }[];
  invoked: { channel: string; args: unknown[] }[];
  ipcRenderer: FakeIpcRenderer;
  /** What the next invoke resolves to. */
  answer: (channel: string, args: unknown[]) => InvokeOutcome;
}

class FakeIpcRenderer {
  readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  constructor(private readonly loaded: () => Loaded) {}
  async invoke(channel: string, ...args: unknown[]): Promise<InvokeOutcome> {
    this.loaded().invoked.push({ channel, args });
    return this.loaded().answer(channel, args);
  }
  on(channel: string, listener: (...args: unknown[]) => void): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }
  removeListener(channel: string, listener: (...args: unknown[]) => void): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  /** What main's webContents.send does: the listener gets an IPC event object first. */
  push(channel: string, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: this, senderId: 0 }, payload);
  }
}

function loadPreload(): Loaded {
  const loaded: Loaded = {
    exposed: [],
    invoked: [],
    ipcRenderer: undefined as unknown as FakeIpcRenderer,
    answer: () => ({ ok: true, value: null }),
  };
  loaded.ipcRenderer = new FakeIpcRenderer(() => loaded);
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: ParabookApi) => loaded.exposed.push({ name, api }) },
    ipcRenderer: loaded.ipcRenderer,
  };
  const sandboxRequire = (id: string) => {
    if (id === "electron") return electron;
    throw new Error(`module not found: ${id} (a sandboxed preload can only require "electron")`);
  };
  const module = { exports: {} };
  vm.runInNewContext(readFileSync(PRELOAD, "utf8"), { require: sandboxRequire, module, exports: module.exports, Promise, Error });
  return loaded;
}

test("the preload exposes exactly one object, window.parabook, with exactly the ParabookApi members", () => {
  const { exposed } = loadPreload();
  assert.equal(exposed.length, 1);
  assert.equal(exposed[0]!.name, "parabook");
  const api = exposed[0]!.api;
  assert.deepEqual(Object.keys(api).sort(), ["shell", ...API_METHODS, "onEvent", "onMenuCommand"].sort());
  assert.equal(api.shell, "electron");
  for (const [key, value] of Object.entries(api)) {
    if (key !== "shell") assert.equal(typeof value, "function", key);
  }
});

test("every request goes out on its own contract channel with its arguments, and resolves with the value", async () => {
  const loaded = loadPreload();
  const api = loaded.exposed[0]!.api as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  loaded.answer = (channel, args) => ({ ok: true, value: { channel, args } });
  for (const method of API_METHODS) {
    const args = [`${method}-argument`, 7];
    assert.deepEqual(await api[method]!(...args), { channel: invokeChannel(method), args }, method);
  }
  assert.deepEqual(
    loaded.invoked.map((call) => call.channel),
    API_METHODS.map((method) => invokeChannel(method)),
  );
});

test("a refused request rejects with main's message and error name, as the UI shows it", async () => {
  const loaded = loadPreload();
  loaded.answer = () => ({
    ok: false,
    error: { name: "NotebookFileError", message: "Cannot save x.ipynb: the file system is read-only" },
  });
  await assert.rejects(loaded.exposed[0]!.api.saveNotebook({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }), {
    name: "NotebookFileError",
    message: "Cannot save x.ipynb: the file system is read-only",
  });
});

test("events and menu commands reach listeners as bare payloads, and unsubscribing stops them", () => {
  const loaded = loadPreload();
  const api = loaded.exposed[0]!.api;
  const events: unknown[][] = [];
  const commands: unknown[][] = [];
  const stopEvents = api.onEvent((...args) => events.push(args));
  api.onMenuCommand((...args) => commands.push(args));
  const event: ParabookEvent = { type: "kernel", state: "idle" };
  loaded.ipcRenderer.push(EVENT_CHANNEL, event);
  loaded.ipcRenderer.push(MENU_CHANNEL, "notebook:run-all-cells");
  // Only the payload: the IPC event (which holds the ipcRenderer itself) never reaches the page.
  assert.deepEqual(events, [[event]]);
  assert.deepEqual(commands, [["notebook:run-all-cells"]]);
  stopEvents();
  loaded.ipcRenderer.push(EVENT_CHANNEL, event);
  assert.equal(events.length, 1);
  assert.equal(loaded.ipcRenderer.listeners.get(EVENT_CHANNEL)!.size, 0);
});
