// The browser side of the wire: a ParabookApi whose methods are requests over a WebSocket. Pure (no Node, no DOM
// types) so the renderer bundles it and the tests drive it with the `ws` package against the real server.
//
// Reconnect-safe: when the socket drops, requests already sent are rejected (the server may or may not have run
// them, and guessing would be worse), calls made while disconnected wait and go out after reconnecting, event
// listeners stay subscribed and hear that the kernel is out of reach, and the server re-sends the current kernel,
// cluster and sticky state on each connect.

import type { ParabookApi, ParabookEvent } from "../../renderer/api.js";
import { encode, parseServerMessage, type ApiArgs, type ApiMethod, type ApiValue, type WireRequest } from "./wire.js";

/** The part of the WebSocket interface the client uses (the browser's WebSocket and `ws` both fit). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WireClientOptions {
  /** Opens a new socket to the server's API endpoint. */
  connect(): SocketLike;
  /** Wait before reconnect attempt `n` (1, 2, …); defaults to a backoff from 250 ms up to 5 s. */
  reconnectDelay?(attempt: number): number;
  /** Told when the connection drops and when it is back, e.g. to show it in the page. */
  onConnectionChange?(connected: boolean): void;
}

const OPEN = 1;

interface Pending {
  readonly method: ApiMethod;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface WireClient {
  readonly api: ParabookApi;
  /** Stops reconnecting and rejects whatever is waiting. */
  close(): void;
}

/** Resolves once the first connection is open; rejects if it cannot be opened at all. */
export function connectWireClient(options: WireClientOptions): Promise<WireClient> {
  const delay = options.reconnectDelay ?? ((n: number) => Math.min(5000, 250 * 2 ** (n - 1)));
  const listeners = new Set<(event: ParabookEvent) => void>();
  const sent = new Map<number, Pending>();
  const waiting: { request: WireRequest; pending: Pending }[] = [];
  let nextId = 1;
  let socket: SocketLike;
  let closed = false;
  let attempts = 0;

  function request(method: ApiMethod, args: readonly unknown[]): Promise<unknown> {
    if (closed) return Promise.reject(new Error(`Cannot ${method}: the connection to Parabook is closed`));
    // Optional trailing arguments are sent as null, which JSON keeps, so the argument count stays right.
    const request: WireRequest = { id: nextId++, method, args: args.map((a) => (a === undefined ? null : a)) };
    return new Promise((resolve, reject) => {
      const pending = { method, resolve, reject };
      if (socket.readyState === OPEN) transmit(request, pending);
      else waiting.push({ request, pending });
    });
  }

  function transmit(request: WireRequest, pending: Pending): void {
    sent.set(request.id, pending);
    socket.send(encode(request));
  }

  function deliver(event: ParabookEvent): void {
    for (const listener of [...listeners]) listener(event);
  }

  function receive(data: unknown): void {
    let message;
    try {
      message = parseServerMessage(data);
    } catch (err) {
      console.error(`Parabook: ignoring a malformed message from the server: ${(err as Error).message}`);
      return;
    }
    if ("event" in message) return deliver(message.event);
    const pending = sent.get(message.id);
    if (!pending) return;
    sent.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
  }

  function dropped(): void {
    for (const [id, pending] of sent) {
      sent.delete(id);
      pending.reject(new Error(`Lost the connection to Parabook during ${pending.method}; it may or may not have run`));
    }
    if (closed) return;
    options.onConnectionChange?.(false);
    // The page cannot reach the kernel any more; say so where the kernel's state shows. On reconnecting, the
    // server sends the real state again.
    deliver({ type: "kernel", state: "dead", message: "Lost the connection to parabook serve; reconnecting…" });
    attempts++;
    setTimeout(open, delay(attempts));
  }

  let settleFirst: { resolve(client: WireClient): void; reject(err: Error): void } | undefined;

  function open(): void {
    if (closed) return;
    socket = options.connect();
    let wasOpen = false;
    socket.onopen = () => {
      wasOpen = true;
      attempts = 0;
      for (const { request, pending } of waiting.splice(0)) transmit(request, pending);
      if (settleFirst) {
        settleFirst.resolve(client);
        settleFirst = undefined;
      } else options.onConnectionChange?.(true);
    };
    socket.onmessage = (event) => receive(event.data);
    socket.onerror = () => undefined; // onclose follows and decides
    socket.onclose = () => {
      if (settleFirst && !wasOpen) {
        closed = true;
        settleFirst.reject(
          new Error("Cannot connect to Parabook: the server refused or is not running (open the URL `parabook serve` printed, token included)"),
        );
        settleFirst = undefined;
        return;
      }
      dropped();
    };
  }

  const call = <M extends ApiMethod>(method: M): ParabookApi[M] =>
    ((...args: ApiArgs<M>) => request(method, args) as Promise<ApiValue<M>>) as unknown as ParabookApi[M];

  const api: ParabookApi = {
    host: "web",
    openNotebook: call("openNotebook"),
    saveNotebook: call("saveNotebook"),
    listDirectory: call("listDirectory"),
    recentFiles: call("recentFiles"),
    initialNotebook: call("initialNotebook"),
    writeBackup: call("writeBackup"),
    takeBackup: call("takeBackup"),
    clearBackup: call("clearBackup"),
    setDirty: call("setDirty"),
    execute: call("execute"),
    interrupt: call("interrupt"),
    restart: call("restart"),
    complete: call("complete"),
    removeStickyMagic: call("removeStickyMagic"),
    getSettings: call("getSettings"),
    setSettings: call("setSettings"),
    clusterStatus: call("clusterStatus"),
    startCluster: call("startCluster"),
    kernels: call("kernels"),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // The web host has no native menus; the page's own toolbar and shortcuts are the commands.
    onMenuCommand() {
      return () => undefined;
    },
  };

  const client: WireClient = {
    api,
    close() {
      closed = true;
      for (const { pending } of waiting.splice(0)) pending.reject(new Error(`Cannot ${pending.method}: the connection to Parabook is closed`));
      socket.close();
    },
  };

  return new Promise((resolve, reject) => {
    settleFirst = { resolve, reject };
    open();
  });
}
