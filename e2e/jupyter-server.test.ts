// The app with its kernel on a Jupyter Server (Settings ▸ Kernel): `parabook serve` in Chromium, Debian's
// jupyter-server on 127.0.0.1 with Parabook's kernelspec. Everything shows as it does with a local kernel: the
// cluster started by %parallel, node groups and the result of %%px, sticky badges, interrupt, restart; and a server
// that goes away is named in the kernel's state and in the cell's error, the unsaved notebook untouched.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startJupyterServer, type JupyterServer } from "../conformance/testing/jupyter-server.js";
import { installKernelspec, type InstalledKernelspec } from "../conformance/testing/kernelspec.js";
import { someCellRunning } from "./testing/in-page.js";
import { servedNotebook, sharedBrowser } from "./testing/harness.js";
import { outputOf } from "./testing/notebook-page.js";

const browser = sharedBrowser();
let kernelspec: InstalledKernelspec;
before(async () => {
  kernelspec = await installKernelspec({ settings: { clusterSize: 2 } });
});
after(() => kernelspec?.remove());

async function jupyterServer(t: { after(fn: () => Promise<void>): void }): Promise<JupyterServer> {
  const server = await startJupyterServer({ kernelspec });
  t.after(async () => {
    const { leftBehind } = await server.stop();
    assert.deepEqual(leftBehind, [], "nothing the server started outlived it");
  });
  return server;
}

const onServer = (server: JupyterServer) => ({
  kernelPlace: "jupyter-server" as const,
  jupyterServerUrl: server.url,
  jupyterServerToken: server.token,
  clusterSize: 2,
});

/** The Parabook kernels the server runs now. */
const kernelsUnder = (server: JupyterServer) => server.processes().filter((p) => p.argv.includes("kernel") && p.argv.some((a) => /parabook(\.js)?$/.test(a)));

test("on a Jupyter Server: %parallel, %%px with its node groups and result, sticky magics, interrupt and restart", { timeout: 300_000 }, async (t) => {
  const server = await jupyterServer(t);
  const { nb } = await servedNotebook(t, browser(), { settings: onServer(server) });
  await nb.page.getByRole("status", { name: "Kernel idle" }).waitFor({ timeout: 60_000 });
  assert.equal(kernelsUnder(server).length, 1, "the notebook's kernel runs under the Jupyter Server");

  const parallel = await nb.addAndRun("%parallel calysto_scheme CalystoScheme -n 2");
  await nb.waitUntilIdle();
  assert.match(await outputOf(parallel).innerText(), /Started 2 Scheme nodes/);

  const px = await nb.addAndRun('%%px\n(display (string-append "hello from " (number->string cluster_rank)))\ncluster_rank');
  await nb.waitUntilIdle();
  const shown = await outputOf(px).innerText();
  assert.match(shown, /#2\(0 1\)/, "the vector of results");
  const groups = outputOf(px).locator("details.node summary");
  assert.deepEqual((await groups.allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim()), ["node 0 1 line", "node 1 1 line"], "each node's output in its group");
  assert.match(shown, /hello from 0/);
  assert.match(shown, /hello from 1/);

  await nb.button("Settings").click();
  const nodes = nb.page.getByRole("list", { name: "Cluster nodes" }).getByRole("listitem");
  await nodes.nth(1).waitFor({ timeout: 30_000 });
  assert.equal(await nodes.count(), 2, "the cluster panel shows the server's nodes");
  await nb.button("Close").click();

  await nb.addAndRun("%%%px -e");
  await nb.waitUntilIdle();
  const badge = nb.page.getByRole("group", { name: "Sticky magics" }).getByRole("button");
  await badge.first().waitFor({ timeout: 10_000 });
  assert.deepEqual(await badge.locator("code").allInnerTexts(), ["%%px -e"], "the sticky badge");
  const sticky = await nb.addAndRun("(* 10 cluster_rank)");
  await nb.waitUntilIdle();
  assert.match(await outputOf(sticky).innerText(), /#2\(0 10\)/, "the sticky magic runs the cell on the nodes");
  await badge.first().click();
  await nb.page.getByRole("group", { name: "Sticky magics" }).getByRole("button").waitFor({ state: "detached", timeout: 10_000 });

  await nb.addAndRun("(define kept 41)");
  await nb.waitUntilIdle();
  const loop = await nb.addAndRun("(let loop () (loop))");
  await nb.page.waitForFunction(someCellRunning, null, { timeout: 30_000 });
  await nb.page.waitForTimeout(300);
  await nb.button("Interrupt").click();
  await nb.waitUntilIdle(30_000);
  assert.match(await outputOf(loop).innerText(), /Interrupt/i);
  const kept = await nb.addAndRun("(+ kept 1)");
  await nb.waitUntilIdle();
  assert.equal((await outputOf(kept).innerText()).trim(), "42", "the interrupt kept the definitions");

  await nb.button("Restart").click();
  await nb.button("OK").click();
  await nb.page.getByRole("status", { name: "Kernel idle" }).waitFor({ timeout: 60_000 });
  const gone = await nb.addAndRun("kept");
  await nb.waitUntilIdle();
  assert.match(await outputOf(gone).innerText(), /kept/, "the restarted kernel no longer knows kept");
  assert.doesNotMatch(await outputOf(gone).innerText(), /^41$/m);
  const again = await nb.addAndRun("%%px\ncluster_rank");
  await nb.waitUntilIdle();
  assert.match(await outputOf(again).innerText(), /#2\(0 1\)/, "the cluster came back with the restart");
  assert.equal(kernelsUnder(server).length, 1, "one kernel under the server, the restarted one");
});

test("on a Jupyter Server, (read-line) asks in the running cell and the answer reaches the program", { timeout: 120_000 }, async (t) => {
  const server = await jupyterServer(t);
  const { nb } = await servedNotebook(t, browser(), { settings: onServer(server) });
  const cell = await nb.addAndRun('(display (string-append "hello " (read-line)))');
  const field = cell.getByRole("textbox", { name: "Input for the running cell" });
  await field.waitFor({ timeout: 60_000 });
  await field.fill("Ada");
  await field.press("Enter");
  await nb.waitUntilIdle();
  assert.equal((await outputOf(cell).innerText()).trim(), "Ada\nhello Ada");
});

test("a Jupyter Server that goes away: the kernel state and the cell's error name it; the unsaved notebook stays", { timeout: 180_000 }, async (t) => {
  const server = await jupyterServer(t);
  const { nb } = await servedNotebook(t, browser(), { settings: onServer(server) });
  const first = await nb.addAndRun("(+ 1 2)");
  await nb.waitUntilIdle();
  assert.equal((await outputOf(first).innerText()).trim(), "3");

  await server.stop();
  await nb.page.getByRole("status", { name: "Kernel kernel dead" }).or(nb.page.getByRole("status", { name: "Kernel dead" })).first().waitFor({ timeout: 60_000 });
  const banner = nb.page.getByText(`The connection to the Jupyter Server at ${server.url} was lost`);
  await banner.first().waitFor({ timeout: 10_000 });

  const after = await nb.addAndRun("(+ 2 3)");
  await nb.waitUntilIdle(60_000);
  assert.match(await outputOf(after).innerText(), new RegExp(`Cannot reach the Jupyter Server at ${server.url.replace(/[.]/g, "\\.")}`), "the cell says which server it could not reach");
  assert.equal(await nb.cellWith("(+ 1 2)").count(), 1, "the cells are still there, with their text");
  assert.equal((await outputOf(nb.cellWith("(+ 1 2)")).innerText()).trim(), "3", "and their outputs");
});
