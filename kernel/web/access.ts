// Who may talk to `parabook serve`. The server listens on 127.0.0.1 only, but any web page the user visits could
// still send requests there, and any local user could connect. So the Host header must name this server (against
// DNS rebinding), a request from another page's Origin is refused, and the API WebSocket, which reaches the
// notebooks and the kernels, must carry the secret token (api-socket.ts says how). The static files (the built
// renderer) need no token: they are the same for everyone and hold no user data.

import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { tokenFromProtocols } from "../../contract/wire/api-socket.js";

export function newToken(): string {
  return randomBytes(24).toString("hex");
}

export class AccessPolicy {
  constructor(
    readonly token: string,
    readonly port: number,
  ) {}

  /** The origins this server's own pages have. */
  get origins(): readonly string[] {
    return [`http://127.0.0.1:${this.port}`, `http://localhost:${this.port}`];
  }

  /** Why the request is refused (before any token is looked at), or null when it may proceed. */
  refusal(req: IncomingMessage, { websocket }: { websocket: boolean }): string | null {
    const host = req.headers.host;
    if (!host || !this.origins.includes(`http://${host}`)) return `unexpected Host header ${JSON.stringify(host ?? "")}`;
    const origin = req.headers.origin;
    if (websocket ? origin === undefined || !this.origins.includes(origin) : origin !== undefined && !this.origins.includes(origin)) {
      return `cross-origin request from ${JSON.stringify(origin ?? "(no Origin header)")} refused`;
    }
    return null;
  }

  /** Whether the WebSocket upgrade offers the right token among its subprotocols. */
  carriesToken(req: IncomingMessage): boolean {
    const candidate = tokenFromProtocols(req.headers["sec-websocket-protocol"]);
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
