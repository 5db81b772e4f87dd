// Settings, "Where nodes run": the launcher and what it needs are chosen in the panel, checked as they are typed,
// saved to the config folder only when they read well; and the cluster panel shows the machine each node runs on.

import { test } from "node:test";
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { savedSetting, servedNotebook, sharedBrowser, waitForSavedSetting } from "./testing/harness.js";

const browser = sharedBrowser();

test("choose SSH hosts and a heartbeat bound in the settings: bad values are named and not saved, good ones are", { timeout: 120_000 }, async (t) => {
  const { nb, served } = await servedNotebook(t, browser(), { settings: { clusterSize: 2 } });
  await nb.button("Settings").click();
  const launcher = nb.page.getByLabel("Nodes run on", { exact: true });
  assert.equal(await launcher.inputValue(), "local", "this computer by default");
  await launcher.selectOption("ssh");
  await waitForSavedSetting(served, "nodeLauncher", "ssh");

  const hosts = nb.page.getByLabel("SSH hosts", { exact: true });
  await hosts.fill("h1:4,h2");
  await hosts.press("Tab");
  await nb.page.getByText("SSH hosts: give a count for every host (h1:4,h2:4) or for none (h1,h2).").waitFor({ timeout: 10_000 });
  assert.equal(await savedSetting(served, "sshHosts"), "", "a refused value is not saved");
  await hosts.fill("h1:4,h2:4");
  await hosts.press("Tab");
  await waitForSavedSetting(served, "sshHosts", "h1:4,h2:4");

  const heartbeat = nb.page.getByLabel("Heartbeat bound (s)", { exact: true });
  assert.equal(await heartbeat.inputValue(), "5");
  await heartbeat.fill("0");
  await heartbeat.press("Tab");
  await nb.page.getByText(/The heartbeat bound must be a number of seconds from 1 to 600/).waitFor({ timeout: 10_000 });
  await heartbeat.fill("3");
  await heartbeat.press("Tab");
  await waitForSavedSetting(served, "heartbeatSeconds", 3);

  await launcher.selectOption("slurm");
  await waitForSavedSetting(served, "nodeLauncher", "slurm");
  const time = nb.page.getByLabel("Time limit", { exact: true });
  await time.fill("half an hour");
  await time.press("Tab");
  await nb.page.getByText(/A Slurm time is minutes, H:MM:SS/).waitFor({ timeout: 10_000 });
  await time.fill("00:30:00");
  await time.press("Tab");
  await waitForSavedSetting(served, "slurmTimeLimit", "00:30:00");
});

test("the cluster panel shows the machine each node runs on", { timeout: 120_000 }, async (t) => {
  const { nb } = await servedNotebook(t, browser(), { settings: { clusterSize: 2 } });
  await nb.addAndRun("%parallel calysto_scheme CalystoScheme -n 2");
  await nb.waitUntilIdle();
  await nb.button("Settings").click();
  const nodes = nb.page.getByRole("list", { name: "Cluster nodes" }).getByRole("listitem");
  await nodes.nth(1).waitFor({ timeout: 30_000 });
  assert.deepEqual(await nodes.locator(".host").allInnerTexts(), [hostname(), hostname()]);
});
