// Interrupt stops an endless loop on the host kernel and on every cluster node, and the notebook goes on:
// definitions are kept and the next cell runs.

import { test } from "node:test";
import assert from "node:assert/strict";
import { someCellRunning } from "./testing/in-page.js";
import { servedNotebook, sharedBrowser } from "./testing/harness.js";
import { outputOf, type NotebookPage } from "./testing/notebook-page.js";

const browser = sharedBrowser();

/** Runs `setup`, then `loop`; interrupts it once it runs; then runs `next` and returns both cells' output text. */
async function interruptAndGoOn(nb: NotebookPage, setup: string, loop: string, next: string): Promise<{ loop: string; next: string }> {
  await nb.addAndRun(setup);
  await nb.waitUntilIdle();
  const looping = await nb.addAndRun(loop);
  await nb.page.waitForFunction(someCellRunning, null, { timeout: 30_000 });
  await nb.page.waitForTimeout(300); // well inside the loop
  await nb.button("Interrupt").click();
  await nb.waitUntilIdle(30_000);
  const after = await nb.addAndRun(next);
  await nb.waitUntilIdle();
  return {
    loop: await outputOf(looping).innerText(),
    next: (await outputOf(after).innerText()).trim(),
  };
}

test("interrupt an endless loop on the host, then run another cell", { timeout: 120_000 }, async (t) => {
  const { nb } = await servedNotebook(t, browser(), { settings: { clusterSize: 2 } });
  const shown = await interruptAndGoOn(nb, "(define kept 41)", "(let loop () (loop))", "(+ kept 1)");
  assert.match(shown.loop, /Interrupt/i);
  assert.equal(shown.next, "42", "the definition made before the loop is kept");
});

test("interrupt an endless loop on every cluster node, then run another px cell", { timeout: 180_000 }, async (t) => {
  const { nb } = await servedNotebook(t, browser(), { settings: { clusterSize: 2 } });
  const shown = await interruptAndGoOn(nb, "%parallel calysto_scheme CalystoScheme", "%%px\n(let loop () (loop))", "%%px\n(+ cluster_rank 1)");
  assert.match(shown.loop, /Interrupt/i);
  assert.match(shown.next, /#2\(1 2\)/);
});
