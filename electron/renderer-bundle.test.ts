// The built notebook page (dist/renderer, made by `npm run build`) as the app protocol serves it: every file the
// page reaches — scripts, chunks, styles, fonts — is found and has a type the browser accepts, and the page has
// nothing the CSP forbids (inline scripts). A wrong relative base or a missing asset shows up here, not as a blank
// window on a user's machine.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../kernel/testing/paths.js";
import { APP_ENTRY_URL, serveAppRequest } from "./app-protocol.js";

const RENDERER = path.join(projectRoot, "dist", "renderer");

/** Relative references in HTML attributes, CSS url(), and JS import specifiers / string literals. */
function references(text: string): string[] {
  const found = new Set<string>();
  const patterns = [/(?:src|href)="(\.\/[^"]+)"/g, /url\((\.\/[^)'"]+)\)/g, /["'](\.\.?\/[^"'\s]+\.(?:js|css|woff2?|ttf|svg|png))["']/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.add(match[1]!);
  return [...found];
}

const ACCEPTED = /^(text\/javascript|text\/css|font\/(woff2?|ttf)|image\/(svg\+xml|png)|application\/json)/;

test("every file the built page reaches is served by the app protocol with the right type", async () => {
  assert.ok(existsSync(path.join(RENDERER, "index.html")), `${RENDERER}/index.html is missing: run npm run build`);
  const seen = new Set<string>();
  const queue = [APP_ENTRY_URL];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const response = await serveAppRequest(RENDERER, new Request(url));
    assert.equal(response.status, 200, `${url} is not served`);
    const type = response.headers.get("content-type") ?? "";
    if (url !== APP_ENTRY_URL) assert.match(type, ACCEPTED, `${url} is served as ${type}`);
    if (/^text\/(html|css|javascript)/.test(type)) {
      for (const reference of references(await response.text())) queue.push(new URL(reference, url).href);
    }
  }
  const kinds = new Set([...seen].map((url) => path.extname(new URL(url).pathname)));
  assert.ok(kinds.has(".js") && kinds.has(".css"), `the crawl found only ${[...kinds].join(", ")}`);
});

test("the built page has no inline script, which the CSP would block", async () => {
  const html = await (await serveAppRequest(RENDERER, new Request(APP_ENTRY_URL))).text();
  for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(script[1]!, /\bsrc=/, "a script without src");
    assert.equal(script[2]!.trim(), "", "a script with inline code");
  }
  assert.doesNotMatch(html, /\son[a-z]+="/, "an inline event handler attribute");
});
