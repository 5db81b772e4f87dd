// The Session end to end with real kernel processes (child_process.fork, worker threads) running the stand-in
// language from kernel/testing/fake-language.ts. One session serves the whole file, in order, to keep the suite light.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { hostname } from "node:os";
import type { ParabookEvent } from "../../contract/api.js";
import { CellRunner } from "../testing/cell-runs.js";
import { FAKE_KERNEL } from "../testing/fake-language.js";
import { NodeSpawner } from "../cluster/node-spawner.js";
import { Session } from "./session.js";
import { defaultSettings } from "../settings/settings.js";

const session = new Session({
  spawner: new NodeSpawner(),
  settings: () => ({ ...defaultSettings(), clusterSize: 3, defaultNodeKernel: "fake", theme: "light", kernelMemoryMb: "auto" }),
  kernels: [FAKE_KERNEL],
});
const allEvents: ParabookEvent[] = [];
session.onEvent((e) => allEvents.push(e));
after(() => session.shutdown());

const cells = new CellRunner(session);
const start = (code: string) => cells.start(code);
const run = (code: string) => cells.run(code);

function waitFor(predicate: (e: ParabookEvent) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = session.onEvent((e) => {
      if (predicate(e)) {
        off();
        resolve();
      }
    });
  });
}

test("px before %parallel is a clear error saying to run it first", async () => {
  const r = await run("%%px\ncluster_rank");
  assert.equal(r.reply.status, "error");
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0]!.evalue, /no cluster is running\. Start one first with %parallel/);
  assert.equal(session.clusterStatus().kernel, null);
});

test("plain code runs in the host kernel, which has rank -1; counts increase per execute", async () => {
  const a = await run("cluster_rank");
  const b = await run("1 + 2");
  assert.equal(a.result, "-1");
  assert.equal(b.result, "3");
  assert.equal(b.reply.executionCount, a.reply.executionCount + 1);
  assert.equal((await run("_")).result, "3", "the last shown value is bound to _");
});

test("executions queue and run one at a time in order", async () => {
  const first = start("def('order', []); order.push(1); 'a'");
  const second = start("order.push(2); order.length");
  const third = start("order.join(',')");
  const [r1, r2, r3] = await Promise.all([first.done, second.done, third.done]);
  assert.deepEqual([r1.result, r2.result, r3.result], ['"a"', "2", '"1,2"']);
  assert.deepEqual([r2.reply.executionCount, r3.reply.executionCount], [r1.reply.executionCount + 1, r1.reply.executionCount + 2]);
});

test("an unknown kernel is an error listing the kernels there are", async () => {
  const r = await run("%parallel nope Nope");
  assert.equal(r.reply.status, "error");
  assert.equal(r.errors[0]!.evalue, "Unknown kernel 'nope Nope'. The kernels there are: fake, also 'fake_module FakeKernel'.");
});

test("%parallel starts the nodes (Metakernel's MODULE CLASS form too) and tells the host the cluster size", async () => {
  const r = await run("%parallel fake_module FakeKernel -n 4");
  assert.equal(r.reply.status, "ok");
  assert.match(r.stdout, /^Started 4 Fake nodes in \d+\.\d\d s\.\n$/);
  const status = session.clusterStatus();
  assert.equal(status.kernel, "fake");
  assert.deepEqual(status.nodes.map((n) => [n.rank, n.state]), [[0, "idle"], [1, "idle"], [2, "idle"], [3, "idle"]]);
  assert.equal((await run("cluster_size")).result, "4");
});

test("%%px gathers every node's value in rank order as one vector, bound to _", async () => {
  const r = await run("%%px\ncluster_rank * cluster_rank");
  assert.equal(r.result, "#4(0 1 4 9)");
  const progress = r.events.filter((e) => e.type === "px-progress");
  assert.deepEqual(progress.at(-1), { type: "px-progress", cellId: r.events[0]!.cellId, done: 4, total: 4, failed: 0 });
  assert.equal((await run("_")).result, "#4(0 1 4 9)");
});

test("%px EXPR, -t targets, -s stores in the host and shows nothing, options after the code", async () => {
  assert.equal((await run("%px cluster_rank + 10 -t 1,3")).result, "#2(11 13)");
  const stored = await run("%%px --set_variable results\ncluster_rank * 2");
  assert.equal(stored.result, undefined);
  assert.deepEqual(stored.outputs, []);
  assert.equal((await run("results")).result, "#4(0 2 4 6)");
});

test("void on every node shows nothing; -e runs the code in the host as well", async () => {
  const defined = await run("%%px -e\ndef('who', cluster_rank)");
  assert.equal(defined.result, undefined);
  assert.equal((await run("who")).result, "-1", "the host ran it too");
  assert.equal((await run("%px who")).result, "#4(0 1 2 3)");
});

test("what nodes print is streamed and attributed to its node", async () => {
  const r = await run("%%px -t 0,2\nprint(`hello from ${cluster_rank}\\n`); cluster_rank");
  const nodeStreams = r.events.filter((e) => e.type === "stream").map((e) => e.type === "stream" && [e.node, e.text]);
  assert.deepEqual(nodeStreams.sort(), [[0, "hello from 0\n"], [2, "hello from 2\n"]]);
  assert.match(r.stdout, /^\[node (0|2)\] hello from \1\n\[node (0|2)\] hello from \2\n$/);
});

test("an error on one node shows that node's error and keeps the others' results", async () => {
  const r = await run("%%px\nif (cluster_rank === 2) fail('no luck on ' + cluster_rank); cluster_rank");
  assert.equal(r.reply.status, "error");
  assert.deepEqual(
    r.errors.map((e) => [e.node, e.ename, e.evalue]),
    [[2, "Error", "no luck on 2"]],
  );
  assert.equal(r.result, "#4(0 1 #<error on node 2> 3)");
});

test("bad magics: unknown name points to %lsmagic; a bad option shows the usage", async () => {
  const unknown = await run("%%pxx\n1");
  assert.equal(unknown.errors[0]!.evalue, "Unknown magic %%pxx. Run %lsmagic to see the magics there are.");
  const badOption = await run("%%px --nodes 3\n1");
  assert.equal(badOption.errors[0]!.ename, "UsageError");
  assert.equal(badOption.errors[0]!.evalue, "%%px: unknown option --nodes");
  assert.ok(badOption.errors[0]!.traceback.includes("%%px [-e] [-s VAR] [-k NAME] [-t TARGETS]"));
  const badTargets = await run("%px 1 -t 7");
  assert.match(badTargets.errors[0]!.evalue, /node 7 does not exist: the cluster has 4 nodes/);
  const wrongCluster = await run("%px 1 -k other");
  assert.match(wrongCluster.errors[0]!.evalue, /no cluster named 'other'; the running cluster is 'default'/);
  assert.equal((await run("\n\n%px cluster_rank")).result, "#4(0 1 2 3)", "blank lines before a magic");
  const lineOnly = await run("%%parallel fake");
  assert.match(lineOnly.errors[0]!.evalue, /not a cell magic/);
});

test("%lsmagic, %help NAME, NAME? and %magic describe the magics", async () => {
  const ls = await run("%lsmagic");
  assert.match(ls.stdout, /%parallel/);
  assert.match(ls.stdout, /%%px {2}%%time/);
  const help = await run("%help px");
  const question = await run("px?");
  const percentQuestion = await run("%%px?");
  assert.match(help.stdout, /^%px EXPR \[-e\] \[-s VAR\]/);
  assert.equal(question.stdout, help.stdout);
  assert.equal(percentQuestion.stdout, help.stdout);
  assert.match((await run("%magic")).stdout, /%%%name args {2}sticky/);
  assert.match((await run("%help nothing")).errors[0]!.evalue, /no magic named nothing/);
});

test("%%time prints Time: S seconds. after the cell's output and before its value", async () => {
  const r = await run("%%time\nprint('working\\n'); 42");
  const kinds = r.events.map((e) => e.type);
  assert.deepEqual(kinds, ["stream", "timing", "result"]);
  assert.match(r.stdout, /^working\nTime: \d+(\.\d+)?(e-\d+)? seconds\.\n$/);
  const line = await run("%time 6 * 7");
  assert.deepEqual(line.events.map((e) => e.type), ["timing", "result"]);
});

test("sticky %%%px: the exact messages, later cells run on the nodes, the cell's own %%time stays outermost", async () => {
  const stickyEvents: string[][] = [];
  const off = session.onEvent((e) => e.type === "sticky" && stickyEvents.push(e.magics));
  const added = await run("%%%px -e\ncluster_size");
  assert.equal(added.stdout, "px added to session magics.\n");
  assert.equal(added.result, "#4(4 4 4 4)");
  assert.equal((await run("cluster_rank")).result, "#4(0 1 2 3)");
  const timed = await run("%%time\ncluster_rank + 1");
  assert.equal(timed.result, "#4(1 2 3 4)");
  assert.deepEqual(timed.events.filter((e) => e.type !== "px-progress").map((e) => e.type), ["timing", "result"]);
  const removed = await run("%%%px\ncluster_rank");
  assert.equal(removed.stdout, "%%px removed from session magics.\n");
  assert.equal(removed.result, "-1", "what follows runs normally in the host");
  assert.equal((await run("cluster_rank")).result, "-1");
  off();
  assert.deepEqual(stickyEvents, [["%%px -e"], []]);
});

test("a sticky magic can be removed through the API, and bad options never become sticky", async () => {
  await run("%%%time");
  await session.removeStickyMagic("time");
  assert.equal((await run("1")).events.some((e) => e.type === "timing"), false);
  const bad = await run("%%%px --bogus");
  assert.equal(bad.errors[0]!.ename, "UsageError");
  assert.equal((await run("cluster_rank")).result, "-1");
});

test("%pmap hands items to free nodes and returns results in input order", async () => {
  await run("%%px\ndef('slowSquare', (x) => { const end = Date.now() + (x % 3) * 5; while (Date.now() < end); return x * x; })");
  const r = await run("%pmap slowSquare [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]");
  assert.equal(r.result, "#10(1 4 9 16 25 36 49 64 81 100)");
  const last = r.events.filter((e) => e.type === "px-progress").at(-1);
  assert.deepEqual(last && last.type === "px-progress" && [last.done, last.total], [10, 10]);
  await run("%pmap slowSquare [3, 4] -s squares");
  assert.equal((await run("squares")).result, "#2(9 16)");
  assert.match((await run("%pmap slowSquare 5")).errors[0]!.evalue, /must give a list or a vector, but it is not a list or a vector/);
});

test("deep recursion uses the kernel worker's big stack", async () => {
  const r = await run("(function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); })(200000)");
  assert.equal(r.result, "200000");
});

test("interrupt stops the host kernel and every busy node, keeping their definitions", async () => {
  await run("%%px -e\ndef('kept', cluster_rank + 100)");
  const busy = waitFor((e) => e.type === "cluster" && e.status.nodes.every((n) => n.state === "busy"));
  const spinning = start("%%px -e\nspin()");
  await busy;
  const asked = performance.now();
  await session.interrupt();
  const r = await spinning.done;
  const latencyMs = performance.now() - asked;
  assert.equal(r.reply.status, "aborted", "the host was interrupted");
  const byNode = r.errors.map((e) => [e.node ?? "host", e.ename]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  assert.deepEqual(byNode, [[0, "Interrupted"], [1, "Interrupted"], [2, "Interrupted"], [3, "Interrupted"], ["host", "Interrupted"]]);
  assert.equal((await run("kept")).result, "99");
  assert.equal((await run("%px kept")).result, "#4(100 101 102 103)");
  process.stdout.write(`# interrupt of host + 4 nodes answered in ${latencyMs.toFixed(0)} ms\n`);
});

test("a node killed mid-cell is reported by rank with the reason; the others' results are kept", async () => {
  const pids = (await run("%px process.pid")).result!.slice(3, -1).split(" ").map(Number);
  const othersDone = waitFor((e) => e.type === "px-progress" && e.done === 3);
  const cell = start("%%px\nif (cluster_rank === 1) spin(); cluster_rank");
  await othersDone;
  process.kill(pids[1]!, "SIGKILL");
  const r = await cell.done;
  assert.equal(r.reply.status, "error");
  assert.deepEqual(r.errors.map((e) => [e.node, e.ename, e.evalue]), [
    [1, "NodeDied", "node 1 died: killed by SIGKILL. Run %parallel again to replace it."],
  ]);
  assert.equal(r.result, "#4(0 #<error on node 1> 2 3)");
  const status = session.clusterStatus();
  assert.deepEqual(status.nodes[1], { rank: 1, state: "dead", host: hostname(), reason: "killed by SIGKILL" });
  assert.equal((await run("1 + 1")).result, "2", "the host keeps working");
  assert.equal((await run("%px cluster_rank")).result, "#4(0 #<error on node 1> 2 3)", "the other nodes keep working");
  await run("%parallel fake -n 2 -i 1");
  assert.deepEqual(session.clusterStatus().nodes.map((n) => n.state), ["idle", "idle"]);
  assert.equal((await run("%px cluster_rank")).result, "#1(1)", "-i chose the default targets");
});

test("the host kernel dying is reported; the next cell gets a fresh kernel", async () => {
  const died = await run("die(3)");
  assert.equal(died.reply.status, "aborted");
  assert.match(died.errors[0]!.evalue, /^The host kernel died \(the evaluator exited with code 3\); its definitions are lost/);
  assert.ok(allEvents.some((e) => e.type === "kernel" && e.state === "dead"));
  assert.equal((await run("cluster_rank")).result, "-1");
});

test("completion asks the host kernel", async () => {
  await run("def('alphabet', 1); def('alpine', 2)");
  assert.deepEqual(await session.complete("x + alp", 7), { matches: ["alphabet", "alpine"], start: 4, end: 7 });
});

test("restart gives a fresh host kernel and a fresh cluster of the same size", async () => {
  await run("def('gone', 1)");
  await session.restart();
  assert.match((await run("gone")).errors[0]!.evalue, /gone is not defined/);
  assert.equal((await run("%px cluster_size")).result, "#1(2)", "same size, same default targets");
  assert.equal(session.clusterStatus().nodes.length, 2);
});

test("restart ends a cell stuck in the host kernel, and later cells run on the fresh one", async () => {
  const busy = waitFor((e) => e.type === "kernel" && e.state === "busy");
  const stuck = start("spin()");
  await busy;
  const restarted = session.restart();
  const later = start("cluster_size");
  const r = await stuck.done;
  assert.equal(r.reply.status, "aborted");
  await restarted;
  assert.equal((await later.done).result, "2", "the fresh host kernel knows the fresh cluster's size");
});

test("px refuses an empty variable name instead of storing into a variable named ''", async () => {
  const r = await run("%%px --set_variable=\ncluster_rank");
  assert.equal(r.reply.status, "error");
  assert.deepEqual(r.errors.map((e) => [e.ename, e.evalue]), [["UsageError", "%%px: --set_variable needs a value (VAR), not an empty one"]]);
});

test("interrupt through the API also drops the cells waiting in the queue, as the UI does", async () => {
  const busy = waitFor((e) => e.type === "kernel" && e.state === "busy");
  const spinning = start("spin()");
  await busy;
  const queued = Array.from({ length: 49 }, () => start("%px cluster_rank"));
  await session.interrupt();
  const stopped = await spinning.done;
  assert.equal(stopped.reply.status, "aborted");
  const dropped = await Promise.all(queued.map((q) => q.done));
  assert.deepEqual(new Set(dropped.map((r) => r.reply.status)), new Set(["aborted"]));
  assert.deepEqual(dropped.flatMap((r) => r.events), [], "a dropped cell never ran");
  const next = await run("%px cluster_rank");
  assert.equal(next.result, "#1(1)", "cells queued after the interrupt run");
  assert.equal(next.reply.executionCount, stopped.reply.executionCount + 1, "dropped cells took no execution count");
});

test("the host kernel dying while the nodes of a %%px -e still run is an error, not ok", async () => {
  const hostPid = Number((await run("process.pid")).result);
  const hostPartDone = waitFor((e) => e.type === "stream" && e.node === undefined && e.text === "host part done\n");
  const cell = start("%%px -e\nif (cluster_rank === -1) print('host part done\\n'); else { const end = Date.now() + 3000; while (Date.now() < end); } cluster_rank");
  await hostPartDone;
  process.kill(hostPid, "SIGKILL");
  const r = await cell.done;
  assert.notEqual(r.reply.status, "ok");
  assert.deepEqual(r.errors.map((e) => [e.node, e.ename, e.evalue]), [
    [undefined, "KernelDied", "The host kernel died (killed by SIGKILL); its definitions are lost. The next cell starts a fresh kernel."],
  ]);
  assert.equal((await run("cluster_rank")).result, "-1", "the next cell starts a fresh host kernel");
});
