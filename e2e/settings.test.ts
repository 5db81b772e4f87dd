// The cluster size chosen in the settings panel is saved to the config folder and is the size of the next
// cluster: `cluster_size` becomes 3 on every node.

import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { servedNotebook, sharedBrowser } from "./harness.js";
import { outputOf } from "./notebook-page.js";

const browser = sharedBrowser();

async function savedClusterSize(configDir: string): Promise<unknown> {
  const text = await fs.readFile(path.join(configDir, "settings.json"), "utf8").catch(() => "{}");
  return (JSON.parse(text) as { clusterSize?: unknown }).clusterSize;
}

test("set the cluster size to 3 in settings and cluster_size becomes 3", { timeout: 180_000 }, async (t) => {
  const { nb, served } = await servedNotebook(t, browser(), { settings: { clusterSize: 2 } });
  await nb.button("Settings").click();
  const size = nb.page.getByLabel("Cluster size", { exact: true });
  assert.equal(await size.inputValue(), "2", "the field shows the saved setting");
  await size.fill("3");
  await size.press("Tab");
  const deadline = Date.now() + 10_000;
  while ((await savedClusterSize(served.configDir)) !== 3 && Date.now() < deadline) await nb.page.waitForTimeout(100);
  assert.equal(await savedClusterSize(served.configDir), 3, "the setting is saved in the config folder");
  await nb.button("Settings").click();
  await nb.addAndRun("%parallel calysto_scheme CalystoScheme");
  await nb.waitUntilIdle();
  const cell = await nb.addAndRun("%%px\ncluster_size");
  await nb.waitUntilIdle();
  assert.match(await outputOf(cell).innerText(), /#3\(3 3 3\)/);
});
