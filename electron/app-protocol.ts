// The renderer's own origin, parabook-app://app/, served from dist/renderer and nothing else. A custom protocol
// (rather than file://) gives the page a real origin for CSP 'self' and for checking IPC senders, and lets every
// response carry the CSP header. Electron-free (fetch's Request/Response are Node globals), so tests drive it.

import { promises as fs } from "node:fs";
import * as path from "node:path";

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

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
};

/** Why a request URL names no file of the app. */
export type Refusal = { status: 400 | 403 | 404; reason: string };

/**
 * The file under `root` that `requestUrl` names, or why it names none. Only parabook-app://app/… is served;
 * percent-encoded separators, NUL and anything resolving outside `root` are refused (the URL parser already
 * folds "..", this also catches encoded forms and backslashes that Windows would treat as separators).
 */
export function resolveAppFile(root: string, requestUrl: string): string | Refusal {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400, reason: `not a URL: ${requestUrl}` };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { status: 403, reason: `not the app's origin: ${url.protocol}//${url.host}` };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { status: 400, reason: `malformed percent-encoding in ${url.pathname}` };
  }
  if (pathname.includes("\0") || pathname.includes("\\")) {
    return { status: 400, reason: `forbidden character in ${url.pathname}` };
  }
  const relative = pathname === "/" ? "index.html" : pathname.replace(/^\/+/, "");
  if (relative.split("/").includes("..")) return { status: 403, reason: `${url.pathname} leaves the app folder` };
  const file = path.resolve(root, relative);
  if (!isInside(root, file)) return { status: 403, reason: `${url.pathname} leaves the app folder` };
  return file;
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), file);
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
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  return new Response(request.method === "HEAD" ? null : new Uint8Array(body), {
    status: 200,
    headers: securityHeaders(contentType),
  });
}
