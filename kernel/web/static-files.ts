// Serving the built renderer (dist/renderer): the right MIME type for each file, nothing outside the folder.

import { createReadStream, promises as fs } from "node:fs";
import type { ServerResponse } from "node:http";
import * as path from "node:path";

const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** The file under `root` that URL path `urlPath` names, or null when it names nothing servable. */
export function staticFilePath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.split(/[\\/]/).includes("..")) return null;
  const relative = decoded.endsWith("/") ? `${decoded}index.html` : decoded;
  const base = path.resolve(root); // no trailing separator, whatever the caller gave
  const file = path.join(base, relative);
  return file.startsWith(base + path.sep) ? file : null;
}

/** Sends the file; resolves false (having sent nothing) when there is no such file. */
export async function sendStaticFile(root: string, urlPath: string, res: ServerResponse): Promise<boolean> {
  const file = staticFilePath(root, urlPath);
  const stat = file ? await fs.stat(file).catch(() => undefined) : undefined;
  if (!file || !stat?.isFile()) return false;
  res.writeHead(200, {
    "Content-Type": mimeType(file),
    "Content-Length": stat.size,
    // Vite fingerprints assets; the page itself must always be fresh.
    "Cache-Control": file.endsWith(".html") ? "no-cache" : "max-age=3600",
  });
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on("error", reject).on("end", resolve).pipe(res);
  });
  return true;
}
