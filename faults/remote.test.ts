// Fault cases for nodes on other machines, with real processes on 127.0.0.1: a node killed or stopped mid-cell is
// reported by rank (its connection closing, or its heartbeats stopping) and the others' results are kept; a peer
// without the cluster's key never gets in; the host killed leaves no node behind; %parallel again replaces the
// dead. The nodes are `parabook node` processes the tests start from the line %parallel --listen prints, as a user
// would on other machines. Every test ends what it started, by pid.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { NodeSpawner } from "../kernel/cluster/node-spawner.js";
import { Session } from "../kernel/session/session.js";
import { defaultSettings } from "../kernel/settings/settings.js";
import { RemoteNodes, type StartedNode } from "../kernel/testing/remote-nodes.js";
import { CellRunner, type RanCell } from "../kernel/testing/cell-runs.js";
import { makeClusterKeys, nodeKeysOf } from "../kernel/cluster/remote/curve-keys.js";

const HOST_PROCESS = fileURLToPath(new URL("./testing/remote-host-process.js", import.meta.url));
/** Short, so the heartbeat cases end soon; the default is 5 s. */
const HEARTBEAT_SECONDS = 2;

let keysDirectory: string;
const nodes = new RemoteNodes();
before(async () => {
  keysDirectory = await fs.mkdtemp(path.join(tmpdir(), "parabook-remote-faults-"));
});
after(async () => {
  await nodes.stopAll();
  await fs.rm(keysDirectory, { recursive: true, force: true });
});

class RemoteSession {
  readonly session = new Session({
    spawner: new NodeSpawner(),
    settings: () => ({ ...defaultSettings(), heartbeatSeconds: HEARTBEAT_SECONDS }),
    keysDirectory,
  });
  private readonly cells = new CellRunner(this.session);

  start(code: string): { id: string; done: Promise<RanCell> } {
    return this.cells.start(code);
  }

  run(code: string): Promise<RanCell> {
    return this.cells.run(code);
  }

  printed(id: string, pattern: RegExp): Promise<string> {
    return this.cells.printed(id, pattern);
  }

  /** `%parallel scheme -n SIZE --listen 127.0.0.1:0`, with the nodes started as it says. */
  async cluster(size: number): Promise<StartedNode[]> {
    const parallel = this.start(`%parallel scheme -n ${size} --listen 127.0.0.1:0`);
    const started = nodes.startAsInstructed(await this.printed(parallel.id, /--rank R/), Array.from({ length: size }, (_, r) => r));
    const r = await parallel.done;
    assert.equal(r.reply.status, "ok", JSON.stringify(r.errors));
    return started;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every node but `rank` is idle again and `rank` is still busy (bounded). */
async function othersDone(s: RemoteSession, rank: number, size: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const states = s.session.clusterStatus().nodes.map((n) => n.state);
    if (states.filter((state, r) => r !== rank && state === "idle").length === size - 1 && states[rank] === "busy") return;
    await sleep(25);
  }
  throw new Error("the other nodes never finished");
}

test("a remote node killed with SIGKILL mid-cell is reported by rank; the others' results are kept; %parallel replaces it", { timeout: 120_000 }, async () => {
  const s = new RemoteSession();
  try {
    const started = await s.cluster(3);
    const cell = s.start("%%px\n(if (= cluster_rank 1) (let loop () (loop)) cluster_rank)");
    await othersDone(s, 1, 3);
    process.kill(started[1]!.child.pid!, "SIGKILL");
    const r = await cell.done;
    assert.deepEqual(r.errors.map((e) => [e.node, e.ename]), [[1, "NodeDied"]]);
    assert.match(r.errors[0]!.evalue, /^node 1 died: its connection closed \(the node process on .+ ended\)\. Run %parallel again to replace it\.$/);
    assert.equal(r.result, "#3(0 #<error on node 1> 2)");
    assert.equal(s.session.clusterStatus().nodes[1]!.state, "dead");
    assert.equal((await s.run("%%px\ncluster_rank")).result, "#3(0 #<error on node 1> 2)", "the others keep working");
    await s.cluster(3);
    assert.equal((await s.run("%%px\ncluster_rank")).result, "#3(0 1 2)", "%parallel again replaced the dead node");
  } finally {
    await s.session.shutdown();
  }
});

test("a remote node stopped mid-cell is reported by its missing heartbeats; once continued it leaves by itself", { timeout: 120_000 }, async () => {
  const s = new RemoteSession();
  let stopped: StartedNode | undefined;
  try {
    const started = await s.cluster(3);
    stopped = started[2]!;
    const cell = s.start("%%px\n(if (= cluster_rank 2) (let loop () (loop)) cluster_rank)");
    await othersDone(s, 2, 3);
    process.kill(stopped.child.pid!, "SIGSTOP");
    const r = await cell.done;
    assert.deepEqual(r.errors.map((e) => [e.node, e.ename]), [[2, "NodeDied"]]);
    assert.match(r.errors[0]!.evalue, new RegExp(`^node 2 died: no heartbeat from .+ for ${HEARTBEAT_SECONDS}\\.0 s \\(the machine stopped, the process hung or was stopped, or the network between was lost\\)`));
    assert.equal(r.result, "#3(0 1 #<error on node 2>)");
  } finally {
    if (stopped) process.kill(stopped.child.pid!, "SIGCONT");
    await s.session.shutdown();
  }
  assert.equal(await stopped!.exited, 0, "continued, it finds itself given up on and leaves");
});

test("a peer without the cluster's node key is refused while the cluster waits, and the right nodes still make it", { timeout: 120_000 }, async () => {
  const s = new RemoteSession();
  try {
    const parallel = s.start("%parallel scheme -n 2 --listen 127.0.0.1:0");
    const instructions = await s.printed(parallel.id, /--rank R/);
    const connect = /--connect (\S+)/.exec(instructions)![1]!;
    const intruder = nodes.start({ connect, rank: 0, size: 2, keys: nodeKeysOf(makeClusterKeys()) });
    assert.equal(await intruder.exited, 1);
    assert.match(intruder.stderr(), /did not accept this node's keys/);
    nodes.startAsInstructed(instructions, [0, 1]);
    assert.equal((await parallel.done).reply.status, "ok");
    assert.equal((await s.run("%%px\ncluster_rank")).result, "#2(0 1)");
  } finally {
    await s.session.shutdown();
  }
});

test("the host killed with SIGKILL leaves no node behind: each leaves by itself within the heartbeat bound", { timeout: 120_000 }, async () => {
  const host = fork(HOST_PROCESS, ["%parallel scheme -n 3 --listen 127.0.0.1:0", keysDirectory, String(HEARTBEAT_SECONDS)], { stdio: "ignore", execArgv: [] });
  const exited = new Promise<void>((resolve) => host.once("exit", () => resolve()));
  let started: StartedNode[] = [];
  try {
    let printed = "";
    const done = new Promise<string>((resolve, reject) => {
      host.on("message", (m: { printed?: string; done?: string }) => {
        if (m.printed !== undefined) {
          printed += m.printed;
          if (/--rank R/.test(m.printed)) started = nodes.startAsInstructed(printed, [0, 1, 2]);
        }
        if (m.done !== undefined) resolve(m.done);
      });
      host.once("exit", () => reject(new Error(`the host process ended before its cluster was up; it printed:\n${printed}`)));
    });
    assert.equal(await done, "ok");
    host.kill("SIGKILL");
    await exited;
    const codes = await Promise.all(started.map((n) => n.exited));
    assert.deepEqual(codes, [0, 0, 0], "each left by itself, none was killed");
    for (const node of started) assert.match(node.stderr(), /has not been heard from for \d+\.\d s; leaving/);
  } finally {
    host.kill("SIGKILL");
  }
});
