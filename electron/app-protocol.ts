// The renderer's own origin, parabook-app://app/, served from dist/renderer and nothing else. A custom protocol
// (rather than file://) gives the page a real origin for CSP 'self' and for checking IPC senders, and lets every
// response carry the CSP header. Electron-free (fetch's Request/Response are Node globals), so tests drive it.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { mimeType, staticFilePath } from "../kernel/web/static-files.js";

export const APP_SCHEME = "parabook-app";
export const APP_HOST = "app";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Scripts only from the app (no inline script, no eval); inline styles because CodeMirror and KaTeX set them;
 * images may be data:/blob: URLs because notebooks carry PNG and SVG outputs inline. Nothing may frame the page,
 * submit forms, or load plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Why a request URL names no file of the app. */
export type Refusal = { status: 403 | 404; reason: string };

/**
 * The file under `root` that `requestUrl` names, or why it names none: only parabook-app://app/… is served, and
 * only paths the web host would serve from the same folder (no "..", encoded or not, no NUL; kernel/web).
 */
export function resolveAppFile(root: string, requestUrl: string): string | Refusal {
  const url = URL.canParse(requestUrl) ? new URL(requestUrl) : undefined;
  if (url?.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { status: 403, reason: `not the app's origin: ${requestUrl}` };
  }
  return staticFilePath(path.resolve(root), url.pathname) ?? { status: 404, reason: `${url.pathname} is not part of the app` };
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
  };
}

function refuse(refusal: Refusal): Response {
  return new Response(`${refusal.status}: ${refusal.reason}\n`, {
    status: refusal.status,
    headers: securityHeaders("text/plain; charset=utf-8"),
  });
}

/**
 * Answers one request of the app protocol (Electron's protocol.handle passes it the Request). The real path of
 * the file must also lie inside the real `root`, so a symbolic link planted in dist/renderer cannot lead out.
 */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response(`405: ${request.method} is not allowed\n`, {
      status: 405,
      headers: { ...securityHeaders("text/plain; charset=utf-8"), Allow: "GET, HEAD" },
    });
  }
  const file = resolveAppFile(root, request.url);
  if (typeof file !== "string") return refuse(file);
  let body: Buffer;
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
    if (!isInside(realRoot, realFile)) return refuse({ status: 403, reason: "a link leads out of the app folder" });
    body = await fs.readFile(realFile);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") {
      return refuse({ status: 404, reason: `${new URL(request.url).pathname} is not part of the app` });
    }
    throw err;
  }
  return new Response(request.method === "HEAD" ? null : new Uint8Array(body), {
    status: 200,
    headers: securityHeaders(mimeType(file)),
  });
}
