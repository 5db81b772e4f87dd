// Dev-only: serve dist/renderer, inject the fake API, run a script of UI steps and save screenshots.
// Usage: node renderer/dev/screenshot.mjs OUT_DIR [steps.mjs]
// With URL=<a `parabook serve` address> it opens that real host instead (no fake API).
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";

const root = path.resolve("dist/renderer");
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".map": "application/json" };
const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (req.url === "/" || req.url.startsWith("/?")) return res.end(fs.readFileSync(path.join(root, "index.html")));
    res.statusCode = 404;
    return res.end();
  }
  res.setHeader("content-type", types[path.extname(file)] ?? "application/octet-stream");
  res.end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;
const out = process.argv[2] ?? "/tmp/shots";
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), "pb-chrome-")), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = browser.pages()[0] ?? (await browser.newPage());
page.on("console", (m) => console.log("console:", m.type(), m.text()));
page.on("pageerror", (e) => console.log("pageerror:", e.message));
const { parseNotebook } = await import(path.resolve("dist/contract/notebook.js"));
const notebook = process.env.NOTEBOOK ? JSON.stringify(parseNotebook(fs.readFileSync(process.env.NOTEBOOK, "utf8"))) : null;
await page.addInitScript(`globalThis.__FAKE_NOTEBOOK__ = ${notebook ?? "null"}; globalThis.__FAKE_THEME__ = ${JSON.stringify(process.env.THEME ?? "light")};`);
if (!process.env.URL) await page.addInitScript({ path: path.resolve("renderer/dev/fake-api.js") });
await page.goto(process.env.URL ?? url);
const steps = process.argv[3] ? (await import(path.resolve(process.argv[3]))).default : async (p) => p.screenshot({ path: `${out}/page.png` });
try {
  await steps(page, out);
} finally {
  await browser.close();
  server.close();
}
