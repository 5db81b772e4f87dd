// Who may talk to `parabook serve`. The server listens on 127.0.0.1 only, but any web page the user visits could
// still send requests there, and any local user could connect: so every request must carry the secret token
// (in the URL the server printed, then a cookie the first page load sets), the Host header must name this
// server (against DNS rebinding), and the WebSocket's Origin must be this server's own page.

import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export function newToken(): string {
  return randomBytes(24).toString("hex");
}

export class AccessPolicy {
  readonly cookieName: string;

  constructor(
    readonly token: string,
    readonly port: number,
  ) {
    // Per port, so two servers on one machine do not overwrite each other's cookie (cookies ignore ports).
    this.cookieName = `parabook-token-${port}`;
  }

  /** The origins this server's own pages have. */
  get origins(): readonly string[] {
    return [`http://127.0.0.1:${this.port}`, `http://localhost:${this.port}`];
  }

  /** Why the request is refused, or null when it may proceed. */
  refusal(req: IncomingMessage, { websocket }: { websocket: boolean }): string | null {
    const host = req.headers.host;
    if (!host || !this.origins.includes(`http://${host}`)) return `unexpected Host header ${JSON.stringify(host ?? "")}`;
    const origin = req.headers.origin;
    if (websocket ? origin === undefined || !this.origins.includes(origin) : origin !== undefined && !this.origins.includes(origin)) {
      return `cross-origin request from ${JSON.stringify(origin ?? "(no Origin header)")} refused`;
    }
    if (!this.carriesToken(req)) return "missing or wrong token: open the URL that `parabook serve` printed";
    return null;
  }

  /** Whether the request's URL itself holds the token (then the response sets the cookie). */
  tokenInQuery(req: IncomingMessage): boolean {
    return this.matches(new URL(req.url ?? "/", "http://x").searchParams.get("token"));
  }

  /** Set-Cookie value that lets later requests from the page omit the token. */
  cookie(): string {
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }

  private carriesToken(req: IncomingMessage): boolean {
    return this.tokenInQuery(req) || this.matches(readCookie(req.headers.cookie, this.cookieName));
  }

  private matches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
