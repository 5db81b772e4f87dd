// Faults of nodes on other machines, for real across the namespace hosts: a node killed on h2 is reported by rank
// and the others' results are kept, a stopped one is reported by its missing heartbeats, a host cut off from the
// network loses its nodes (reported, and they leave by themselves), interrupt stops busy remote nodes, %parallel
// again replaces the dead, the host killed leaves no node on any host, a peer with a wrong key is refused, and a
// host without Parabook is named in the error.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { makeClusterKeys, nodeKeysOf, nodeKeysText, NODE_KEYS_ENV } from "../kernel/cluster/remote/curve-keys.js";
import { splitArguments } from "../contract/node-placement.js";
import { parabookBin, projectRoot } from "../kernel/testing/paths.js";
import { startHosts, type StartedHosts } from "./testing/hosts.js";
import { waitFor } from "./testing/commands.js";
import { nodeProcessesOn, noNodesLeft, type NodeProcess } from "./testing/node-processes.js";
import { SessionOnHost, type RanCell } from "./testing/session-on-host.js";
import * as path from "node:path";

/** Short, so that the heartbeat cases end soon (the default is 5 s). */
const HEARTBEAT_SECONDS = 2;
const options = { slurm: true } as const;
let hosts: StartedHosts<typeof options>;
let session: SessionOnHost;

before(
  async () => {
    hosts = await startHosts(options);
    session = await SessionOnHost.start(hosts, "h0", HEARTBEAT_SECONDS);
  },
  { timeout: 120_000 },
);
after(async () => {
  await session?.stop();
  await hosts?.stop();
});

async function slurmCluster(): Promise<void> {
  const r = await session.run("%parallel calysto_scheme CalystoScheme -n 10 --launcher slurm");
  assert.equal(r.reply.status, "ok", JSON.stringify(r.errors));
}

/** The node on h2 with the highest rank. */
function victimOnH2(): NodeProcess {
  const victim = nodeProcessesOn(hosts, "h2").at(-1);
  assert.ok(victim && Number.isInteger(victim.rank), "a node runs on h2");
  return victim;
}

/** Starts a px cell in which only `rank` keeps running, and resolves once every other node has finished. */
async function onlyBusy(rank: number): Promise<{ done: Promise<RanCell> }> {
  const cell = session.start(`%%px\n(if (= cluster_rank ${rank}) (let loop () (loop)) cluster_rank)`);
  await waitFor(
    `every node but ${rank} finished`,
    async () => {
      const states = (await session.status()).nodes.map((n) => n.state);
      return states[rank] === "busy" && states.every((s, r) => r === rank || s === "idle") ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 50 },
  );
  return cell;
}

const expectedVector = (dead: readonly number[]): string =>
  `#10(${Array.from({ length: 10 }, (_, r) => (dead.includes(r) ? `#<error on node ${r}>` : String(r))).join(" ")})`;

test("a node killed with SIGKILL on h2 is reported by rank, the others' results are kept, and %parallel replaces it", { timeout: 180_000 }, async () => {
  await slurmCluster();
  const victim = victimOnH2();
  const cell = await onlyBusy(victim.rank);
  process.kill(victim.pid, "SIGKILL");
  const r = await cell.done;
  assert.deepEqual(r.errors.map((e) => [e.node, e.ename]), [[victim.rank, "NodeDied"]]);
  assert.match(r.errors[0]!.evalue, new RegExp(`^node ${victim.rank} died: (its connection closed \\(the node process on h2 ended\\)|on h2, srun says: Killed)`));
  assert.equal(r.result, expectedVector([victim.rank]));
  const status = await session.status();
  assert.deepEqual([status.nodes[victim.rank]!.state, status.nodes[victim.rank]!.host], ["dead", "h2"]);
  assert.equal((await session.run("%%px\ncluster_rank")).result, expectedVector([victim.rank]), "the others keep working");
  await slurmCluster();
  assert.equal((await session.run("%%px\ncluster_rank")).result, expectedVector([]), "%parallel again replaced the dead node");
});

test("a node stopped with SIGSTOP on h2 is reported by its missing heartbeats; continued, it leaves by itself", { timeout: 180_000 }, async () => {
  await slurmCluster();
  const victim = victimOnH2();
  const cell = await onlyBusy(victim.rank);
  process.kill(victim.pid, "SIGSTOP");
  let r: RanCell;
  try {
    r = await cell.done;
  } finally {
    process.kill(victim.pid, "SIGCONT");
  }
  assert.deepEqual(r.errors.map((e) => [e.node, e.ename]), [[victim.rank, "NodeDied"]]);
  assert.match(r.errors[0]!.evalue, new RegExp(`^node ${victim.rank} died: no heartbeat from h2 for ${HEARTBEAT_SECONDS}\\.0 s`));
  assert.equal(r.result, expectedVector([victim.rank]));
  await waitFor(`the continued node ${victim.rank} leaves`, () => (existsSync(`/proc/${victim.pid}`) ? undefined : true), { timeoutMs: 30_000, intervalMs: 100 });
});

test("h2 cut off from the network: its nodes are reported dead by heartbeat and leave by themselves; h1's go on", { timeout: 180_000 }, async () => {
  await slurmCluster();
  const onH2 = nodeProcessesOn(hosts, "h2").map((n) => n.rank);
  await hosts.disconnect("h2");
  try {
    const r = await session.run("%%px\ncluster_rank");
    assert.deepEqual(r.errors.map((e) => e.node).sort(), onH2);
    for (const e of r.errors) assert.match(e.evalue, new RegExp(`^node ${e.node} died: no heartbeat from h2 for ${HEARTBEAT_SECONDS}\\.0 s`));
    assert.equal(r.result, expectedVector(onH2));
    await waitFor("the cut-off nodes on h2 leave by themselves", () => (nodeProcessesOn(hosts, "h2").length === 0 ? true : undefined), { timeoutMs: 30_000, intervalMs: 100 });
  } finally {
    await hosts.reconnect("h2");
  }
});

test("interrupt stops busy nodes on h1 and h2; their definitions are kept", { timeout: 180_000 }, async () => {
  await slurmCluster();
  await session.run("%%px\n(define kept (* 2 cluster_rank))");
  const busy = session.start("%%px\n(let loop () (loop))");
  await waitFor("every node busy", async () => ((await session.status()).nodes.every((n) => n.state === "busy") ? true : undefined), { timeoutMs: 30_000, intervalMs: 50 });
  await session.interrupt();
  const r = await busy.done;
  const byNode = r.errors.filter((e) => e.node !== undefined).sort((a, b) => a.node! - b.node!);
  assert.deepEqual(byNode.map((e) => [e.node, e.ename]), Array.from({ length: 10 }, (_, rank) => [rank, "Interrupted"]));
  assert.equal((await session.run("%%px\nkept")).result, "#10(0 2 4 6 8 10 12 14 16 18)");
});

test("a peer with a wrong key is refused; the nodes started by the printed line on h1 and h2 make the cluster", { timeout: 180_000 }, async () => {
  const parallel = session.start(`%parallel calysto_scheme CalystoScheme -n 2 --listen ${hosts.addresses.h0}:0`);
  const instructions = await session.printed(parallel.id, /--rank R/);
  const connect = /--connect (\S+)/.exec(instructions)![1]!;
  const other = makeClusterKeys();
  const intruder = hosts.exec("h1", [process.execPath, parabookBin, "node", "--connect", connect, "--rank", "0", "--size", "2"], {
    env: { ...process.env, [NODE_KEYS_ENV]: nodeKeysText(nodeKeysOf(other)) },
    timeoutMs: 60_000,
  });
  const refused = await intruder;
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^parabook node 0 on h1: the host at tcp:\/\/10\.200\.1\.1:\d+ did not accept this node's keys/m);
  const [command, ...args] = splitArguments(/^ {2}(.* --rank R .*)$/m.exec(instructions)![1]!);
  // Ended with the cluster they make (or by hosts.stop()).
  for (const [rank, host] of (["h1", "h2"] as const).entries()) hosts.run(host, [command!, ...args.map((w) => (w === "R" ? String(rank) : w))], { stdio: "ignore" });
  const r = await parallel.done;
  assert.equal(r.reply.status, "ok", JSON.stringify(r.errors));
  assert.deepEqual((await session.status()).nodes.map((n) => n.host), ["h1", "h2"]);
  assert.equal((await session.run("%%px\n(list cluster_rank cluster_size)")).result, "#2((0 2) (1 2))");
});

test("the host killed with SIGKILL leaves no node process on h1 or h2: each leaves within the heartbeat bound", { timeout: 180_000 }, async () => {
  // The other session's nodes go first (one local node replaces them), so that every node on h1 and h2 is the
  // doomed host's.
  await session.run("%parallel calysto_scheme CalystoScheme -n 1 --launcher local");
  await noNodesLeft(hosts, 30_000);
  const doomed = await SessionOnHost.start(hosts, "h0", HEARTBEAT_SECONDS);
  try {
    const r = await doomed.run("%parallel calysto_scheme CalystoScheme -n 10 --launcher slurm");
    assert.equal(r.reply.status, "ok", JSON.stringify(r.errors));
    assert.equal(nodeProcessesOn(hosts, "h1").length + nodeProcessesOn(hosts, "h2").length, 10);
    doomed.kill();
    await doomed.exited;
  } finally {
    doomed.kill();
  }
  await noNodesLeft(hosts, 60_000);
});

test("Parabook missing on h2: the nodes there fail to start, the error naming h2 and what is missing", { timeout: 180_000 }, async () => {
  // Last: what is hidden stays hidden for the rest of the run.
  await hosts.hide("h2", path.join(projectRoot, "dist"));
  const r = await session.run("%parallel calysto_scheme CalystoScheme -n 10 --launcher slurm");
  assert.equal(r.reply.status, "error");
  const message = r.errors.map((e) => e.evalue).join("\n");
  assert.match(message, /^Nodes 5-9 \(Scheme\) failed to start: the kernel died \(on h2, srun says: Exited with exit code 2: parabook: dist\/ is missing/m);
  assert.doesNotMatch(message, /Nodes? [0-4]\b/, "h1's nodes started; they were shut down with the failed start");
  await noNodesLeft(hosts, 30_000);
});
