// The browser side of the wire: a ParabookApi whose methods are requests over a WebSocket. Pure (no Node, no DOM
// types) so the renderer bundles it and the tests drive it with the `ws` package against the real server.
//
// Reconnect-safe: when the socket drops, requests already sent are rejected (the server may or may not have run
// them, and guessing would be worse), calls made while disconnected wait and go out after reconnecting, event
// listeners stay subscribed and hear that the kernel is out of reach, and the server re-sends the current kernel,
// cluster and sticky state on each connect. A server that refuses the page's token (it was restarted with a new
// one) is told apart from one that is away: the page can say what to do.
//
// Messages of any length up to MAX_MESSAGE_CHARS go out and come in as chunks (frames.ts); a longer one is
// refused here, before anything is sent, with its size in the message.

import type { ParabookApi, ParabookEvent } from "../api.js";
import { TOKEN_REFUSED } from "./api-socket.js";
import { encodeWithin, FrameAssembler, toFrames } from "./frames.js";
import { encode, parseServerMessage, type ApiArgs, type ApiMethod, type ApiValue, type WireRequest } from "./messages.js";

// The two services of its host the client uses. Browsers and Node both have them, but the language's own library
// (the contract's tsconfig: no DOM, no Node) declares neither, so they are declared here, for this module alone,
// with only the shape used: nothing else of either host can slip in.
declare const setTimeout: (callback: () => void, ms: number) => unknown;
declare const console: { error(message: string): void };

/** The part of the WebSocket interface the client uses (the browser's WebSocket and `ws` both fit). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/**
 * The page's link to the server: up; down and being retried; or refused because the server no longer accepts
 * the page's token (retried too, in case the server comes back with the old one).
 */
export type ConnectionState = "connected" | "reconnecting" | "token-refused";

/** The first connection was refused for its token: the page was opened with a stale or no token. */
export class TokenRefusedError extends Error {
  constructor() {
    super(
      "parabook serve did not accept this page's token: it was restarted since, or the page was opened without one. Open the URL `parabook serve` printed (http://127.0.0.1:PORT/?token=…)",
    );
    this.name = "TokenRefusedError";
  }
}

export interface WireClientOptions {
  /** Opens a new socket to the server's API endpoint. */
  connect(): SocketLike;
  /** Wait before reconnect attempt `n` (1, 2, …); defaults to a backoff from 250 ms up to 5 s. */
  reconnectDelay?(attempt: number): number;
  /** Told when the connection drops, is refused, and is back, e.g. to show it in the page. */
  onConnectionChange?(state: ConnectionState): void;
}

interface Pending {
  readonly method: ApiMethod;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Requests whose newest call replaces the older ones: while the server is away, a newer autosave (or dirty flag)
 * supersedes one still waiting, so that an hour's outage does not pile up thirty copies of a large notebook to
 * send all at once on reconnecting. The superseded call resolves as done: its work is in the newer one.
 */
const NEWEST_WINS: ReadonlySet<ApiMethod> = new Set<ApiMethod>(["writeBackup", "setDirty"]);

export interface WireClient {
  readonly api: ParabookApi;
  /** Stops reconnecting and rejects whatever is waiting. */
  close(): void;
}

/** Resolves once the first connection is accepted; rejects if it cannot be opened or its token is refused. */
export function connectWireClient(options: WireClientOptions): Promise<WireClient> {
  const delay = options.reconnectDelay ?? ((n: number) => Math.min(5000, 250 * 2 ** (n - 1)));
  const listeners = new Set<(event: ParabookEvent) => void>();
  const sent = new Map<number, Pending>();
  const waiting: { request: WireRequest; pending: Pending }[] = [];
  let nextId = 1;
  let socket: SocketLike;
  let closed = false;
  let attempts = 0;
  /** Whether the server has welcomed the current socket (accepted its token): requests wait until then. */
  let accepted = false;
  /** What onConnectionChange was last told. */
  let reported: ConnectionState = "connected";
  let settleFirst: { resolve(client: WireClient): void; reject(err: Error): void } | undefined;

  function request(method: ApiMethod, args: readonly unknown[]): Promise<unknown> {
    if (closed) return Promise.reject(new Error(`Cannot ${method}: the connection to Parabook is closed`));
    // Optional trailing arguments are sent as null, which JSON keeps, so the argument count stays right.
    const request: WireRequest = { id: nextId++, method, args: args.map((a) => (a === undefined ? null : a)) };
    return new Promise((resolve, reject) => {
      const pending = { method, resolve, reject };
      if (accepted) return transmit(request, pending);
      if (NEWEST_WINS.has(method)) {
        const older = waiting.findIndex((w) => w.request.method === method);
        if (older >= 0) waiting.splice(older, 1)[0]!.pending.resolve(undefined);
      }
      waiting.push({ request, pending });
    });
  }

  function transmit(request: WireRequest, pending: Pending): void {
    let frames: Generator<string>;
    try {
      // A chunked request is numbered by its id, so the server's refusal of it (too long) answers the request.
      frames = toFrames(encodeWithin(() => encode(request), `the ${request.method} request`), request.id);
    } catch (err) {
      pending.reject(err as Error);
      return;
    }
    sent.set(request.id, pending);
    for (const frame of frames) socket.send(frame);
  }

  function deliver(event: ParabookEvent): void {
    for (const listener of [...listeners]) listener(event);
  }

  function receive(assembler: FrameAssembler, data: unknown): void {
    let message;
    try {
      if (typeof data !== "string") throw new Error("expected a text frame");
      const assembled = assembler.accept(data);
      if (assembled.kind === "too-large") throw assembled.error;
      if (assembled.kind === "partial") return;
      message = parseServerMessage(assembled.text);
    } catch (err) {
      console.error(`Parabook: ignoring a malformed message from the server: ${(err as Error).message}`);
      return;
    }
    if ("welcome" in message) return connected();
    if ("event" in message) return deliver(message.event);
    const pending = sent.get(message.id);
    if (!pending) return;
    sent.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
  }

  /** The connection was lost (`wasAccepted`), or an attempt failed; `refused`: for the page's token. */
  function dropped(wasAccepted: boolean, refused: boolean): void {
    for (const [id, pending] of sent) {
      sent.delete(id);
      pending.reject(new Error(`Lost the connection to Parabook during ${pending.method}; it may or may not have run`));
    }
    if (closed) return;
    const state: ConnectionState = refused ? "token-refused" : "reconnecting";
    if (state !== reported) {
      reported = state;
      options.onConnectionChange?.(state);
    }
    // The page cannot reach the kernel any more; say so where the kernel's state shows. On reconnecting, the
    // server sends the real state again.
    if (wasAccepted) deliver({ type: "kernel", state: "dead", message: "Lost the connection to parabook serve; reconnecting…" });
    attempts++;
    setTimeout(open, delay(attempts));
  }

  function open(): void {
    if (closed) return;
    socket = options.connect();
    // Per connection: a message half-received when the connection dropped is gone with it.
    const assembler = new FrameAssembler();
    // The server completes the handshake before it checks the token, and then either welcomes the socket or
    // closes it with TOKEN_REFUSED: requests wait for the welcome.
    accepted = false;
    socket.onmessage = (event) => receive(assembler, event.data);
    socket.onerror = () => undefined; // onclose follows and decides
    socket.onclose = (event) => {
      const refused = event.code === TOKEN_REFUSED;
      const wasAccepted = accepted;
      accepted = false;
      if (settleFirst && !wasAccepted) {
        closed = true;
        settleFirst.reject(
          refused
            ? new TokenRefusedError()
            : new Error("Cannot connect to Parabook: the server is not running or refused the page (open the URL `parabook serve` printed)"),
        );
        settleFirst = undefined;
        return;
      }
      dropped(wasAccepted, refused);
    };
  }

  /** The server's welcome: requests may go out. */
  function connected(): void {
    accepted = true;
    attempts = 0;
    for (const { request, pending } of waiting.splice(0)) transmit(request, pending);
    if (settleFirst) {
      settleFirst.resolve(client);
      settleFirst = undefined;
    } else if (reported !== "connected") {
      reported = "connected";
      options.onConnectionChange?.("connected");
    }
  }

  const call = <M extends ApiMethod>(method: M): ParabookApi[M] =>
    ((...args: ApiArgs<M>) => request(method, args) as Promise<ApiValue<M>>) as unknown as ParabookApi[M];

  const api: ParabookApi = {
    shell: "web",
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
    answerInput: call("answerInput"),
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
