// The HTTP + WebSocket server of `parabook serve`: the built renderer as static files and the ParabookApi over a
// WebSocket at /api, both behind the AccessPolicy, on 127.0.0.1 only.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { ParabookEvent } from "../../renderer/api.js";
import type { HostApi } from "../host/api-host.js";
import { AccessPolicy, newToken } from "./access.js";
import { sendStaticFile } from "./static-files.js";
import { encode, parseRequest, toWireError, WireFormatError, type ServerMessage, type WireRequest } from "./wire.js";

export const API_PATH = "/api";

export interface WebServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  readonly api: HostApi & { stateEvents(): ParabookEvent[] };
  /** Fixed token for tests; a random one otherwise. */
  readonly token?: string;
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

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? newToken();
  let access: AccessPolicy | undefined;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });

  const securityHeaders = (port: number) => ({
    "Content-Security-Policy": contentSecurityPolicy(port),
    "X-Content-Type-Options": "nosniff",
    // The token is in the page URL: never hand it to another site.
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
    if (access.tokenInQuery(req)) res.setHeader("Set-Cookie", access.cookie());
    const urlPath = new URL(req.url ?? "/", "http://x").pathname;
    if (await sendStaticFile(options.rendererDir, urlPath, res)) return;
    const message =
      urlPath === "/" ? "The notebook UI is not built: run `npm run build` in the Parabook folder.\n" : `Not found: ${urlPath}\n`;
    res.writeHead(urlPath === "/" ? 503 : 404, { "Content-Type": "text/plain; charset=utf-8" }).end(message);
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = !access
      ? "starting up"
      : new URL(req.url ?? "/", "http://x").pathname !== API_PATH
        ? "no WebSocket endpoint here"
        : access.refusal(req, { websocket: true });
    if (refusal) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nForbidden: ${refusal}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  }

  function send(ws: WebSocket, message: ServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(encode(message));
  }

  function accept(ws: WebSocket): void {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    for (const event of options.api.stateEvents()) send(ws, { event });
    ws.on("message", (data, isBinary) => void answer(ws, isBinary ? null : data.toString("utf8")));
  }

  async function answer(ws: WebSocket, text: string | null): Promise<void> {
    let request: WireRequest;
    try {
      request = parseRequest(text);
    } catch (err) {
      const id = err instanceof WireFormatError ? err.id : undefined;
      if (id !== undefined) send(ws, { id, ok: false, error: toWireError(err) });
      else ws.close(1003, `Bad message: ${(err as Error).message}`.slice(0, 120));
      return;
    }
    try {
      const method = options.api[request.method] as (...args: readonly unknown[]) => Promise<unknown>;
      const value = await method.apply(options.api, [...request.args]);
      send(ws, { id: request.id, ok: true, value: value === undefined ? null : value });
    } catch (err) {
      send(ws, { id: request.id, ok: false, error: toWireError(err) });
    }
  }

  const unsubscribe = options.api.onEvent((event) => {
    for (const ws of sockets) send(ws, { event });
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
