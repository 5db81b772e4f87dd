// A Session whose cluster runs on "other machines": `%parallel -n 4 --listen 127.0.0.1:0` prints the line to start
// the nodes, the test starts them exactly so (keys from the file it names, as a node elsewhere would get them), and
// then everything that works with local nodes works unchanged: %%px with -e -s -t, sticky %%%px, %pmap, node
// output by rank, interrupt of a busy node, the cluster panel's host names.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { hostname, tmpdir } from "node:os";
import * as path from "node:path";
import { NodeSpawner } from "../cluster/node-spawner.js";
import { defaultSettings } from "../settings/settings.js";
import { CellRunner } from "../testing/cell-runs.js";
import { RemoteNodes } from "../testing/remote-nodes.js";
import { Session } from "./session.js";

let keysDirectory: string;
let session: Session;
const nodes = new RemoteNodes();
let cells: CellRunner;

before(async () => {
  keysDirectory = await fs.mkdtemp(path.join(tmpdir(), "parabook-remote-"));
  session = new Session({ spawner: new NodeSpawner(), settings: () => ({ ...defaultSettings(), clusterSize: 2 }), keysDirectory });
  cells = new CellRunner(session);
});
after(async () => {
  await session.shutdown();
  await nodes.stopAll();
  await fs.rm(keysDirectory, { recursive: true, force: true });
});

const start = (code: string) => cells.start(code);
const run = (code: string) => cells.run(code);
const printed = (id: string, pattern: RegExp) => cells.printed(id, pattern);

test("%parallel --listen prints the line to run; nodes started by it make the cluster, on this machine's name", { timeout: 90_000 }, async () => {
  const parallel = start("%parallel scheme -n 4 --listen 127.0.0.1:0");
  const instructions = await printed(parallel.id, /--rank R/);
  assert.match(instructions, /^Waiting for 4 nodes at tcp:\/\/127\.0\.0\.1:\d+\. On any machine that can reach it, run once for each rank R = 0…3:$/m);
  const keysFile = /--keys-file (\S+)/.exec(instructions)![1]!;
  assert.equal(path.dirname(keysFile), keysDirectory);
  assert.equal((await fs.stat(keysFile)).mode & 0o777, 0o600, "the keys file is the user's alone");
  nodes.startAsInstructed(instructions, [0, 1, 2, 3]);
  const r = await parallel.done;
  assert.equal(r.reply.status, "ok", JSON.stringify(r.errors));
  assert.match(r.stdout, new RegExp(`^Started 4 Scheme nodes in [\\d.]+ s on ${hostname()} \\(4\\)\\.$`, "m"));
  assert.deepEqual(session.clusterStatus().nodes.map((n) => [n.rank, n.host, n.state]), [0, 1, 2, 3].map((rank) => [rank, hostname(), "idle"]));
});

test("%%px on remote nodes: values by rank, -t, -s, -e, output attributed", { timeout: 60_000 }, async () => {
  assert.equal((await run("%%px\ncluster_rank")).result, "#4(0 1 2 3)");
  assert.equal((await run("%%px -t 1,3\n(* cluster_rank 10)")).result, "#2(10 30)");
  await run("%%px -s squares\n(* cluster_rank cluster_rank)");
  assert.equal((await run("squares")).result, "#4(0 1 4 9)");
  const both = await run("%%px -e\n(define shared 7) cluster_size");
  assert.equal(both.result, "#4(4 4 4 4)");
  assert.equal((await run("shared")).result, "7", "-e ran the cell on the host too");
  const said = await run('%%px\n(display (string-append "node " (number->string cluster_rank)))');
  assert.equal(said.reply.status, "ok");
  const byNode = said.events.flatMap((e) => (e.type === "stream" && e.node !== undefined ? [`${e.node}:${e.text}`] : []));
  assert.deepEqual(byNode.sort(), ["0:node 0", "1:node 1", "2:node 2", "3:node 3"]);
});

test("sticky %%%px and %pmap run on the remote nodes", { timeout: 60_000 }, async () => {
  await run("%%%px\n(define (square x) (* x x))");
  assert.equal((await run("cluster_rank")).result, "#4(0 1 2 3)", "the sticky px runs plain cells on the nodes");
  await session.removeStickyMagic("px");
  assert.equal((await run("%pmap square (list 1 2 3 4 5 6 7)")).result, "#7(1 4 9 16 25 36 49)");
});

test("a remote node's read gets its answer over the ZeroMQ link: no input there, said by rank; the node goes on", { timeout: 60_000 }, async () => {
  const r = await run("%%px -t 1,3\n(read-line)");
  // The nodes answer in whatever order they finish.
  assert.deepEqual(r.errors.map((e) => [e.node, e.ename]).sort(), [
    [1, "NoInput"],
    [3, "NoInput"],
  ]);
  assert.match(r.errors[0]!.evalue, /^no input is available here: /);
  assert.equal((await run("%%px\ncluster_rank")).result, "#4(0 1 2 3)");
});

test("interrupt stops a busy remote node; its definitions are kept", { timeout: 60_000 }, async () => {
  await run("%%px\n(define kept cluster_rank)");
  const busy = start("%%px\n(if (= cluster_rank 2) (let loop () (loop)) cluster_rank)");
  for (let i = 0; i < 200 && session.clusterStatus().nodes[2]!.state !== "busy"; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  await session.interrupt();
  const r = await busy.done;
  // Node 2 says it was interrupted, and so does the cell; no other node failed.
  assert.deepEqual(r.errors.filter((e) => e.node !== undefined).map((e) => [e.node, e.ename]), [[2, "Interrupted"]]);
  assert.equal(r.reply.status, "aborted");
  assert.equal((await run("%%px\nkept")).result, "#4(0 1 2 3)");
});

test("interrupting %parallel --listen while it waits gives the start up and keeps no node", { timeout: 60_000 }, async () => {
  const parallel = start("%parallel scheme -n 2 --listen 127.0.0.1:0");
  const instructions = await printed(parallel.id, /--rank R/);
  const keysFile = /--keys-file (\S+)/.exec(instructions)![1]!;
  await session.interrupt();
  const r = await parallel.done;
  assert.notEqual(r.reply.status, "ok");
  assert.match(r.errors.map((e) => e.evalue).join("\n"), /The start of 2 Scheme nodes was interrupted; none were kept/);
  assert.equal(session.clusterStatus().nodes.length, 0);
  await assert.rejects(fs.stat(keysFile), { code: "ENOENT" }, "the keys file goes with the cluster that never was");
});
