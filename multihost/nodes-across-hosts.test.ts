// Nodes on other machines, for real: from h0, `%parallel` starts its nodes on h1 and h2 through Slurm, MPI and SSH,
// they connect back over ZeroMQ, and the user's notebook runs on them as it does on local nodes, every stored
// output reproduced (timings aside). Each run leaves no node behind.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CodeCell } from "../contract/notebook.js";
import { parabookBin, seedNotebookPath } from "../kernel/testing/paths.js";
import { codeCells, comparable } from "../kernel/testing/seed-outputs.js";
import { startHosts, type StartedHosts } from "./testing/hosts.js";
import { nodeProcessesOn, noNodesLeft } from "./testing/node-processes.js";
import { SessionOnHost } from "./testing/session-on-host.js";

const options = { slurm: true, ssh: true, mpi: true } as const;
let hosts: StartedHosts<typeof options>;
let dir: string;
let stored: CodeCell[];

before(
  async () => {
    hosts = await startHosts(options);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-multihost-seed-"));
    stored = codeCells(await fs.readFile(seedNotebookPath, "utf8"));
  },
  { timeout: 120_000 },
);
after(async () => {
  await hosts?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test("%parallel -n 10 --launcher slurm on h0 places nodes on h1 and h2, and %%px cluster_rank is #10(0 1 … 9)", { timeout: 180_000 }, async () => {
  const session = await SessionOnHost.start(hosts, "h0", 5);
  try {
    const parallel = await session.run("%parallel calysto_scheme CalystoScheme -n 10 --launcher slurm");
    assert.equal(parallel.reply.status, "ok", JSON.stringify(parallel.errors));
    assert.match(parallel.stdout, /^Started 10 Scheme nodes in [\d.]+ s on h1 \(5\), h2 \(5\)\.$/m);
    const status = await session.status();
    assert.deepEqual(status.nodes.map((n) => [n.rank, n.host, n.state]), [
      ...[0, 1, 2, 3, 4].map((rank) => [rank, "h1", "idle"]),
      ...[5, 6, 7, 8, 9].map((rank) => [rank, "h2", "idle"]),
    ]);
    assert.deepEqual(nodeProcessesOn(hosts, "h1").map((n) => n.rank), [0, 1, 2, 3, 4], "the node processes do run on h1");
    assert.deepEqual(nodeProcessesOn(hosts, "h2").map((n) => n.rank), [5, 6, 7, 8, 9], "and on h2");
    assert.deepEqual(nodeProcessesOn(hosts, "h0"), [], "and none on h0");
    assert.equal((await session.run("%%px\ncluster_rank")).result, "#10(0 1 2 3 4 5 6 7 8 9)");
    assert.equal((await session.run("%%px\ncluster_size")).result, "#10(10 10 10 10 10 10 10 10 10 10)");
  } finally {
    await session.stop();
  }
  await noNodesLeft(hosts, 30_000);
  assert.ok(!hosts.processesOn("h0").some((p) => p.argv[0]?.endsWith("srun")), "the srun job ended with the session");
});

const launchers: [string, () => string[]][] = [
  ["slurm", () => ["--launcher", "slurm"]],
  ["mpi", () => ["--launcher", "mpi", "--hostfile", hosts.mpi.hostfile]],
  ["ssh", () => ["--launcher", "ssh", "--hosts", "h1:5,h2:5"]],
];

for (const [name, flags] of launchers) {
  test(`the seed notebook run on h0 with --launcher ${name} --nodes 10 reproduces every stored output`, { timeout: 300_000 }, async () => {
    const output = path.join(dir, `seed-${name}.ipynb`);
    const run = await hosts.exec("h0", [process.execPath, parabookBin, "run", seedNotebookPath, "--nodes", "10", ...flags(), "--output", output], { timeoutMs: 240_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Started 10 Scheme nodes in [\d.]+ s on h1 \(5\), h2 \(5\)\./, "the nodes ran on h1 and h2");
    const cells = codeCells(await fs.readFile(output, "utf8"));
    assert.equal(cells.length, stored.length);
    stored.forEach((cell, i) => assert.deepEqual(comparable(cells[i]!), comparable(cell), `code cell ${i + 1}:\n${cell.source}`));
    const nodeLines = cells[14]!.outputs.flatMap((o) => (o.output_type === "stream" ? o.text.split("\n") : [])).filter((l) => l.startsWith("[node 9] "));
    assert.ok(nodeLines.length > 0, "node 9's output is kept and attributed");
    await noNodesLeft(hosts, 30_000);
  });
}

test("under mpiexec, a node killed on h2 is reported by rank and the others go on (MPI alone would end the whole job)", { timeout: 180_000 }, async () => {
  const session = await SessionOnHost.start(hosts, "h0", 5);
  try {
    const parallel = await session.run(`%parallel calysto_scheme CalystoScheme -n 4 --launcher mpi --hostfile ${hosts.mpi.hostfile}`);
    assert.equal(parallel.reply.status, "ok", JSON.stringify(parallel.errors));
    const victim = nodeProcessesOn(hosts, "h2").at(-1)!;
    process.kill(victim.pid, "SIGKILL");
    const r = await session.run("%%px\ncluster_rank");
    assert.deepEqual(r.errors.map((e) => [e.node, e.ename]), [[victim.rank, "NodeDied"]]);
    const expected = [0, 1, 2, 3].map((rank) => (rank === victim.rank ? `#<error on node ${rank}>` : String(rank)));
    assert.equal(r.result, `#4(${expected.join(" ")})`);
    assert.equal((await session.run("%%px\n(* 10 cluster_rank)")).reply.status, "error", "the dead node stays reported; the others answer");
    assert.equal(nodeProcessesOn(hosts, "h1").length + nodeProcessesOn(hosts, "h2").length, 3, "mpiexec kept the other nodes running");
  } finally {
    await session.stop();
  }
  await noNodesLeft(hosts, 30_000);
});
