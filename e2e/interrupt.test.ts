// Interrupt stops an endless loop on the host kernel and on every cluster node, and the notebook goes on:
// definitions are kept and the next cell runs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { BrowserContext } from "playwright-core";
import { SOME_CELL_RUNNING } from "./in-page.js";
import { launchBrowser, openApp, serve } from "./harness.js";
import { NotebookPage } from "./notebook-page.js";

let browser: BrowserContext;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

async function startLoop(nb: NotebookPage, code: string) {
  const cell = await nb.addAndRun(code);
  await nb.page.waitForFunction(SOME_CELL_RUNNING, null, { timeout: 30_000 });
  await nb.page.waitForTimeout(300); // well inside the loop
  await nb.button("Interrupt").click();
  await nb.waitUntilIdle(30_000);
  return cell;
}

test("interrupt an endless loop on the host, then run another cell", { timeout: 120_000 }, async (t) => {
  const served = await serve({ settings: { clusterSize: 2 } });
  t.after(() => served.stop());
  const nb = new NotebookPage(await openApp(browser, served));
  await nb.addAndRun("(define kept 41)");
  await nb.waitUntilIdle();
  const loop = await startLoop(nb, "(let loop () (loop))");
  assert.match(await loop.getByRole("region", { name: "Output" }).innerText(), /Interrupt/i);
  const next = await nb.addAndRun("(+ kept 1)");
  await nb.waitUntilIdle();
  assert.equal((await next.getByRole("region", { name: "Output" }).innerText()).trim(), "42");
});

test("interrupt an endless loop on every cluster node, then run another px cell", { timeout: 180_000 }, async (t) => {
  const served = await serve({ settings: { clusterSize: 2 } });
  t.after(() => served.stop());
  const nb = new NotebookPage(await openApp(browser, served));
  await nb.addAndRun("%parallel calysto_scheme CalystoScheme");
  await nb.waitUntilIdle();
  const loop = await startLoop(nb, "%%px\n(let loop () (loop))");
  assert.match(await loop.getByRole("region", { name: "Output" }).innerText(), /Interrupt/i);
  const next = await nb.addAndRun("%%px\n(+ cluster_rank 1)");
  await nb.waitUntilIdle();
  assert.match(await next.getByRole("region", { name: "Output" }).innerText(), /#2\(1 2\)/);
});
