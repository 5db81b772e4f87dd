// The app's kernel on a cluster's login node: Debian's jupyter-server runs on h1 with Parabook's kernelspec, the
// notebook's client runs on h0 (kernel/jupyter-server-client/, as Settings ▸ Kernel makes the app do), and
// `%parallel -n 4 --launcher slurm`, run by the kernel on h1, puts its nodes on the compute hosts h1 and h2.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startJupyterServer, type JupyterServer } from "../conformance/testing/jupyter-server.js";
import { installKernelspec, type InstalledKernelspec } from "../conformance/testing/kernelspec.js";
import { startHosts, type StartedHosts } from "./testing/hosts.js";
import { nodeProcessesOn, noNodesLeft } from "./testing/node-processes.js";
import { SessionOnHost } from "./testing/session-on-host.js";

// Two CPUs a host: four nodes take h1 and h2 both.
const options = { slurm: true, cpusPerHost: 2 } as const;
let hosts: StartedHosts<typeof options>;
let kernelspec: InstalledKernelspec;
let server: JupyterServer;

before(
  async () => {
    hosts = await startHosts(options);
    kernelspec = await installKernelspec();
    server = await startJupyterServer({ kernelspec, on: { run: (argv, o) => hosts.run("h1", argv, o), address: hosts.addresses.h1 } });
  },
  { timeout: 180_000 },
);
after(async () => {
  const report = await server?.stop();
  await kernelspec?.remove();
  await hosts?.stop();
  assert.deepEqual(report?.leftBehind ?? [], [], "nothing the server started outlived it");
});

/** The Parabook kernel processes running on `host` (`parabook … kernel -f CONNECTION_FILE`). */
const kernelsOn = (host: "h0" | "h1" | "h2") => hosts.processesOn(host).filter((p) => p.argv.some((a) => /parabook(\.js)?$/.test(a)) && p.argv.includes("kernel"));

test("from h0 through the Jupyter Server on h1, %parallel -n 4 --launcher slurm reaches the compute hosts, and %%px runs there", { timeout: 240_000 }, async () => {
  const session = await SessionOnHost.start(hosts, "h0", 5, { jupyterServer: { url: server.url, token: server.token, kernelName: kernelspec.name } });
  try {
    assert.equal((await session.run("(define where 'login)")).reply.status, "ok");
    assert.equal(kernelsOn("h1").length, 1, "the notebook's kernel runs on h1, under the server");
    assert.deepEqual(kernelsOn("h0"), [], "and not on h0, where the client is");

    const parallel = await session.run("%parallel calysto_scheme CalystoScheme -n 4 --launcher slurm");
    assert.equal(parallel.reply.status, "ok", JSON.stringify(parallel.errors));
    assert.match(parallel.stdout, /^Started 4 Scheme nodes in [\d.]+ s on h1 \(2\), h2 \(2\)\.$/m);
    const status = await session.status();
    assert.deepEqual(status.nodes.map((n) => [n.rank, n.host, n.state]), [
      [0, "h1", "idle"],
      [1, "h1", "idle"],
      [2, "h2", "idle"],
      [3, "h2", "idle"],
    ]);
    assert.deepEqual(nodeProcessesOn(hosts, "h1").map((n) => n.rank), [0, 1], "the node processes do run on h1");
    assert.deepEqual(nodeProcessesOn(hosts, "h2").map((n) => n.rank), [2, 3], "and on h2");
    assert.deepEqual(nodeProcessesOn(hosts, "h0"), [], "and none on h0");

    const ranks = await session.run("%%px\ncluster_rank");
    assert.equal(ranks.result, "#4(0 1 2 3)");
    assert.equal(await session.run("where").then((r) => r.result), "login", "the host kernel on h1 kept its definitions");
  } finally {
    await session.stop();
  }
  await noNodesLeft(hosts, 30_000);
  assert.deepEqual(kernelsOn("h1"), [], "closing the notebook shut its kernel down on the server");
  assert.ok(!hosts.processesOn("h1").some((p) => p.argv[0]?.endsWith("srun")), "and the srun job with it");
});
