// Exposes window.parabook — exactly the ParabookApi (contract/api.ts), nothing else — to the sandboxed page.
// CommonJS because sandboxed preloads cannot be ES modules, and self-contained because their require() knows only
// "electron" (and a few Node built-ins): the channel names are written out here, typed by ipc-contract.ts.
// Neither ipcRenderer nor an IPC event object ever reaches the page: listeners get the payload alone.

import electron = require("electron");
import type { ParabookApi } from "../contract/api.js";
import type { ApiMethod } from "../contract/wire/messages.js";
import type { EVENT_CHANNEL, EventPayload, InvokeChannel, InvokeOutcome, MENU_CHANNEL, MenuPayload } from "./ipc-contract.js";

const { contextBridge, ipcRenderer } = electron;

const events: typeof EVENT_CHANNEL = "parabook-push:event";
const menu: typeof MENU_CHANNEL = "parabook-push:menu";

/** A ParabookApi request method that asks main over the method's own channel and unwraps the outcome. */
function request<M extends ApiMethod>(method: M): ParabookApi[M] {
  const channel: InvokeChannel<M> = `parabook:${method}`;
  const call = async (...args: unknown[]): Promise<unknown> => {
    const outcome = (await ipcRenderer.invoke(channel, ...args)) as InvokeOutcome;
    if (outcome.ok) return outcome.value;
    const error = new Error(outcome.error.message);
    error.name = outcome.error.name;
    throw error;
  };
  return call as ParabookApi[M];
}

function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const relay = (_event: Electron.IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

// Typed as ParabookApi: a method added to the API and forgotten here does not compile.
const api: ParabookApi = {
  shell: "electron",
  openNotebook: request("openNotebook"),
  saveNotebook: request("saveNotebook"),
  listDirectory: request("listDirectory"),
  recentFiles: request("recentFiles"),
  initialNotebook: request("initialNotebook"),
  writeBackup: request("writeBackup"),
  takeBackup: request("takeBackup"),
  clearBackup: request("clearBackup"),
  setDirty: request("setDirty"),
  execute: request("execute"),
  interrupt: request("interrupt"),
  answerInput: request("answerInput"),
  restart: request("restart"),
  complete: request("complete"),
  removeStickyMagic: request("removeStickyMagic"),
  getSettings: request("getSettings"),
  setSettings: request("setSettings"),
  clusterStatus: request("clusterStatus"),
  startCluster: request("startCluster"),
  kernels: request("kernels"),
  onEvent: (listener) => subscribe<EventPayload>(events, listener),
  onMenuCommand: (listener) => subscribe<MenuPayload>(menu, listener),
};

contextBridge.exposeInMainWorld("parabook", api);
