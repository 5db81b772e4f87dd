// The memory per kernel chosen in the settings panel is saved and limits the heap of every kernel started after
// it: a node running an endless cons loop stops as "out of memory (limit 64 MB)" and the others' results stay.

import { test } from "node:test";
import assert from "node:assert/strict";
import { savedSetting, servedNotebook, sharedBrowser, waitForSavedSetting } from "./testing/harness.js";
import { outputOf } from "./testing/notebook-page.js";

const browser = sharedBrowser();

test("set the memory per kernel to 64 MB in settings and a runaway node stops as out of memory (limit 64 MB)", { timeout: 180_000 }, async (t) => {
  const { nb, served } = await servedNotebook(t, browser(), { settings: { clusterSize: 2 } });
  await nb.button("Settings").click();
  const memory = nb.page.getByLabel("Memory per kernel (MB)", { exact: true });
  assert.equal(await memory.inputValue(), "auto", "the field shows the default");
  await memory.fill("10");
  await memory.press("Tab");
  await nb.page.getByText(/Memory per kernel must be auto or a whole number of MB from 64/).waitFor({ timeout: 10_000 });
  assert.equal(await savedSetting(served, "kernelMemoryMb"), undefined, "a refused value is not saved");
  await memory.fill("64");
  await memory.press("Tab");
  await waitForSavedSetting(served, "kernelMemoryMb", 64);
  await nb.button("Settings").click();
  await nb.addAndRun("%parallel calysto_scheme CalystoScheme");
  await nb.waitUntilIdle();
  const cell = await nb.addAndRun("%%px\n(define (grow l) (grow (cons 1 l)))\n(if (= cluster_rank 1) (grow '()) cluster_rank)");
  await nb.waitUntilIdle();
  const shown = await outputOf(cell).innerText();
  assert.match(shown, /node 1 died: out of memory \(limit 64 MB\)/);
  assert.match(shown, /#2\(0 #<error on node 1>\)/);
});
