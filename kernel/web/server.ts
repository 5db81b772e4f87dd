// The HTTP + WebSocket server of `parabook serve`: the built renderer as static files and the ParabookApi over a
// WebSocket at /api, both behind the AccessPolicy, on 127.0.0.1 only.
//
// One connection's faults stay that connection's: a frame that breaks RFC 6455 (invalid UTF-8, a reserved
// opcode, a bad close code, an unmasked frame, a frame over MAX_FRAME_BYTES) makes ws close that socket with the
// matching code and emit "error" on it, which is handled here; without a handler, Node would end the process and
// every kernel with it. Messages of any size up to MAX_MESSAGE_CHARS travel as chunks (frames.ts).

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { ParabookEvent } from "../../contract/api.js";
import type { ServedApi } from "../shell-api/shell-api.js";
import { AccessPolicy, newToken } from "./access.js";
import { API_PROTOCOL, TOKEN_REFUSED } from "../../contract/wire/api-socket.js";
import { encodeWithin, explainStringLimit, FrameAssembler, MAX_FRAME_BYTES, toFrames } from "../../contract/wire/frames.js";
import { sendStaticFile } from "./static-files.js";
import { encode, parseRequest, toWireError, WireFormatError, type ServerMessage, type WireRequest, type WireResponse } from "../../contract/wire/messages.js";

export const API_PATH = "/api";

/** How long a client has to answer the server's close frame before its connection is dropped. */
const CLOSE_ANSWER_MS = 1_000;

export interface WebServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  readonly api: ServedApi & { stateEvents(): ParabookEvent[] };
  /** A fixed token (`--token`, PARABOOK_TOKEN, tests); a random one otherwise. */
  readonly token?: string;
  /** Told when a connection is closed for what it sent (a bad frame, a broken message); the server goes on. */
  readonly warn?: (message: string) => void;
}

export interface RunningWebServer {
  readonly port: number;
  readonly token: string;
  /** The URL to open, token included, as printed at start. */
  readonly url: string;
  close(): Promise<void>;
}

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // CodeMirror and KaTeX set inline styles; scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A close frame's reason holds at most 123 bytes of UTF-8, and ws throws on more: cut by bytes, not characters. */
export function closeReason(text: string): string {
  let reason = text.slice(0, 123);
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? newToken();
  const warn = options.warn ?? (() => undefined);
  let access: AccessPolicy | undefined;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    // Per frame, not per message: a longer message comes in chunks, so no one frame can make the server buffer
    // more than this (ws's default is 100 MiB, and a frame over it closed the connection, uncaught).
    maxPayload: MAX_FRAME_BYTES,
    // The page offers "parabook" and the one carrying its token; the server answers with "parabook" only.
    handleProtocols: (offered) => (offered.has(API_PROTOCOL) ? API_PROTOCOL : false),
  });
  /** Numbers this server's chunked messages (frames.ts); unique per server, so per connection too. */
  let nextChunked = 1;

  const securityHeaders = (port: number) => ({
    "Content-Security-Policy": contentSecurityPolicy(port),
    "X-Content-Type-Options": "nosniff",
    // The token is in the URL the page is first opened with: never hand it to another site.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!access) return void res.writeHead(503).end("Starting up");
    for (const [name, value] of Object.entries(securityHeaders(access.port))) res.setHeader(name, value);
    const refusal = access.refusal(req, { websocket: false });
    if (refusal) return void res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end(`Forbidden: ${refusal}\n`);
    if (req.method !== "GET" && req.method !== "HEAD") {
      return void res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }).end("Method not allowed\n");
    }
    const urlPath = new URL(req.url ?? "/", "http://x").pathname;
    if (await sendStaticFile(options.rendererDir, urlPath, res)) return;
    const message =
      urlPath === "/" ? "The notebook UI is not built: run `npm run build` in the Parabook folder.\n" : `Not found: ${urlPath}\n`;
    res.writeHead(urlPath === "/" ? 503 : 404, { "Content-Type": "text/plain; charset=utf-8" }).end(message);
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node leaves an upgrading socket without an error handler: a client resetting it must not end the server.
    socket.on("error", () => socket.destroy());
    const refusal = !access
      ? "starting up"
      : new URL(req.url ?? "/", "http://x").pathname !== API_PATH
        ? "no WebSocket endpoint here"
        : access.refusal(req, { websocket: true });
    if (refusal) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nForbidden: ${refusal}\n`);
      return;
    }
    // The token is checked after the handshake, so that a page holding a stale one (the server restarted with
    // a new token) is told so by the close code, which a browser shows, instead of a 403 it cannot see.
    wss.handleUpgrade(req, socket, head, (ws) => (access!.carriesToken(req) ? accept(ws) : refuseToken(ws)));
  }

  /**
   * Close with `code`, and drop the connection if the client does not answer the close frame soon: ws would wait
   * 30 s for the answer, and a refused or misbehaving client must not hold a socket of the server that long.
   */
  function closeNow(ws: WebSocket, code: number, reason: string): void {
    ws.close(code, reason);
    const timer = setTimeout(() => ws.terminate(), CLOSE_ANSWER_MS);
    ws.once("close", () => clearTimeout(timer));
  }

  function refuseToken(ws: WebSocket): void {
    ws.on("error", () => undefined);
    closeNow(ws, TOKEN_REFUSED, "Wrong or missing token: open the URL `parabook serve` printed");
  }

  /** The frames of a message; throws MessageTooLargeError when it cannot be sent whole. */
  function framesOf(message: ServerMessage, what: string): string[] {
    return [...toFrames(encodeWithin(() => encode(message), what), nextChunked++)];
  }

  function transmit(ws: WebSocket, frames: readonly string[]): void {
    if (ws.readyState !== ws.OPEN) return;
    for (const frame of frames) ws.send(frame);
  }

  function send(ws: WebSocket, message: ServerMessage, what: string): void {
    transmit(ws, framesOf(message, what));
  }

  function closeForBadMessage(ws: WebSocket, problem: string): void {
    warn(`closed a connection that sent a bad message: ${problem}`);
    closeNow(ws, 1003, closeReason(`Bad message: ${problem}`));
  }

  function accept(ws: WebSocket): void {
    sockets.add(ws);
    const assembler = new FrameAssembler();
    // ws has already closed the connection with the right code (1002, 1007, 1009…) when it reports this.
    ws.on("error", (err) => warn(`closed a connection: ${err.message}`));
    ws.on("close", () => sockets.delete(ws));
    send(ws, { welcome: true }, "the welcome");
    for (const event of options.api.stateEvents()) send(ws, { event }, `the ${event.type} state`);
    ws.on("message", (data, isBinary) => {
      if (isBinary) return closeForBadMessage(ws, "expected JSON text frames, got a binary frame");
      let assembled;
      try {
        assembled = assembler.accept(data.toString("utf8"));
      } catch (err) {
        return closeForBadMessage(ws, (err as Error).message);
      }
      if (assembled.kind === "too-large") {
        // The page numbers a chunked request by its id (frames.ts): the refusal answers that request.
        send(ws, { id: assembled.message, ok: false, error: toWireError(assembled.error) }, "a refusal");
      } else if (assembled.kind === "message") {
        // Parsed here, not in answer(): the text (up to 512 MiB) can go as soon as it is parsed, instead of
        // living on in answer's suspended frame while the host saves the notebook it held.
        const request = parsed(ws, assembled.text);
        if (request) void answer(ws, request);
      }
    });
  }

  /** The request `text` holds; null when it is malformed, after answering or closing the connection. */
  function parsed(ws: WebSocket, text: string): WireRequest | null {
    try {
      return parseRequest(text);
    } catch (err) {
      const id = err instanceof WireFormatError ? err.id : undefined;
      if (id !== undefined) send(ws, { id, ok: false, error: toWireError(err) }, "a refusal");
      else closeForBadMessage(ws, (err as Error).message);
      return null;
    }
  }

  async function answer(ws: WebSocket, request: WireRequest): Promise<void> {
    let reply: WireResponse;
    try {
      const method = options.api[request.method] as (...args: readonly unknown[]) => Promise<unknown>;
      const value = await method.apply(options.api, [...request.args]);
      reply = { id: request.id, ok: true, value: value === undefined ? null : value };
    } catch (err) {
      // Saving a notebook whose file text would pass V8's longest string fails deep in JSON.stringify.
      reply = { id: request.id, ok: false, error: toWireError(explainStringLimit(err, `Cannot ${request.method}`)) };
    }
    try {
      send(ws, reply, `the reply to ${request.method}`);
    } catch (err) {
      // A reply too long for one string (opening a notebook of more than 512 MiB): the page hears why.
      send(ws, { id: request.id, ok: false, error: toWireError(err) }, "a refusal");
    }
  }

  const unsubscribe = options.api.onEvent((event) => {
    let frames: string[];
    try {
      frames = framesOf({ event }, `a ${event.type} event`);
    } catch (err) {
      return warn((err as Error).message);
    }
    for (const ws of sockets) transmit(ws, frames);
  });

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`Internal error: ${err.message}\n`);
    });
  });
  server.on("upgrade", handleUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  access = new AccessPolicy(token, port);

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
