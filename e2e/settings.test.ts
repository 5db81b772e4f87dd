// The cluster size chosen in the settings panel is saved to the config folder and is the size of the next
// cluster: `cluster_size` becomes 3 on every node.

import { test } from "node:test";
import assert from "node:assert/strict";
import { servedNotebook, sharedBrowser, waitForSavedSetting } from "./testing/harness.js";
import { outputOf } from "./testing/notebook-page.js";

const browser = sharedBrowser();

test("set the cluster size to 3 in settings and cluster_size becomes 3", { timeout: 180_000 }, async (t) => {
  const { nb, served } = await servedNotebook(t, browser(), { settings: { clusterSize: 2 } });
  await nb.button("Settings").click();
  const size = nb.page.getByLabel("Cluster size", { exact: true });
  assert.equal(await size.inputValue(), "2", "the field shows the saved setting");
  await size.fill("3");
  await size.press("Tab");
  await waitForSavedSetting(served, "clusterSize", 3);
  await nb.button("Settings").click();
  await nb.addAndRun("%parallel calysto_scheme CalystoScheme");
  await nb.waitUntilIdle();
  const cell = await nb.addAndRun("%%px\ncluster_size");
  await nb.waitUntilIdle();
  assert.match(await outputOf(cell).innerText(), /#3\(3 3 3\)/);
});
