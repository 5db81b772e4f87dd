// The command lines Parabook hands each launcher, and how it reads what they say: keys in the environment or on
// standard input, never among the arguments; the user's arguments after Parabook's own (so theirs win); every rank
// attributed.

import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClusterKeys, nodeKeysOf, nodeKeysText, NODE_KEYS_ENV } from "../remote/curve-keys.js";
import { mpiexecProcess, mpiFlavourOf, readMpiexecLine, shielded } from "./mpi.js";
import { readSrunLine, srunProcess } from "./slurm.js";
import { sshProcesses } from "./ssh.js";
import { listenInstructions } from "./listen.js";
import { parseListenAddress, ranksOnHosts, shellQuote } from "./placement.js";
import { parseHosts, splitArguments } from "../../../contract/node-placement.js";
import { parseRankList } from "./rank-list.js";
import type { NodeStartup } from "./remote-launch.js";

const keys = nodeKeysOf(makeClusterKeys());
const node = ["/usr/bin/node", "/opt/parabook/bin/parabook.js", "node", "--connect", "tcp://10.200.1.1:41000"];
const startup = (size: number): NodeStartup => ({ size, node, keys, connect: "tcp://10.200.1.1:41000" });
const remote = { heartbeatTimeoutMs: 5_000 };

function assertNoKeyIn(words: readonly string[]): void {
  for (const key of [keys.nodeSecretKey, keys.nodePublicKey, keys.serverPublicKey]) {
    assert.ok(!words.some((w) => w.includes(key)), "no key on the command line");
  }
}

test("srun: every node a task, labelled, none taking the others down, the user's arguments last but before the node", () => {
  const p = srunProcess({ launcher: "slurm", args: ["--partition", "short", "--time", "00:30:00"], ...remote }, startup(10), {});
  assert.equal(p.command, "srun");
  assert.deepEqual(p.args, ["--job-name=parabook-nodes", "--ntasks=10", "--kill-on-bad-exit=0", "--label", "--partition", "short", "--time", "00:30:00", ...node]);
  assert.deepEqual(p.env, { [NODE_KEYS_ENV]: nodeKeysText(keys) });
  assert.deepEqual(p.ranks, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assertNoKeyIn(p.args);
  const inside = srunProcess({ launcher: "slurm", args: [], ...remote }, startup(2), { SLURM_JOB_ID: "42" });
  assert.deepEqual(inside.args, ["--ntasks=2", "--kill-on-bad-exit=0", "--label", ...node], "inside an allocation the job keeps its name");
});

test("srun's stderr: a task's own lines by rank, ended tasks with their host, the queue", () => {
  assert.deepEqual(readSrunLine("3: parabook node 3 on h2: the host at tcp://x did not accept"), { kind: "node", rank: 3, text: "parabook node 3 on h2: the host at tcp://x did not accept" });
  assert.deepEqual(readSrunLine("srun: error: h1: task 3: Killed"), { kind: "failed", ranks: [3], host: "h1", text: "Killed" });
  assert.deepEqual(readSrunLine("srun: error: h2: tasks 0-2,5: Exited with exit code 2"), { kind: "failed", ranks: [0, 1, 2, 5], host: "h2", text: "Exited with exit code 2" });
  assert.deepEqual(readSrunLine("srun: job 17 queued and waiting for resources"), { kind: "progress", text: "job 17 queued and waiting for resources" });
  assert.deepEqual(readSrunLine("srun: error: Unable to allocate resources: Invalid partition name specified"), {
    kind: "other",
    text: "srun: error: Unable to allocate resources: Invalid partition name specified",
  });
});

test("mpiexec: MPICH and Open MPI each get their own flags; the keys reach the nodes through the environment", () => {
  const placement = { launcher: "mpi" as const, hostfile: "hosts.txt", args: ["-ppn", "2"], ...remote };
  const mpich = mpiexecProcess("mpich", placement, startup(16));
  assert.deepEqual(mpich.args, ["-n", "16", "-prepend-rank", "-disable-auto-cleanup", "-f", "hosts.txt", "-ppn", "2", ...shielded(node)]);
  assert.deepEqual(shielded(node).slice(0, 2), ["/bin/sh", "-c"], "each node under a shell that turns a kill into an exit code");
  assert.deepEqual(shielded(node).slice(3), ["parabook-node", ...node]);
  const openmpi = mpiexecProcess("openmpi", placement, startup(16));
  assert.deepEqual(openmpi.args, ["-n", "16", "--tag-output", "-x", NODE_KEYS_ENV, "--hostfile", "hosts.txt", "-ppn", "2", ...shielded(node)]);
  for (const p of [mpich, openmpi]) {
    assert.deepEqual(p.env, { [NODE_KEYS_ENV]: nodeKeysText(keys) });
    assertNoKeyIn(p.args);
  }
  assert.deepEqual(mpiexecProcess("mpich", { launcher: "mpi", args: [], ...remote }, startup(2)).args, ["-n", "2", "-prepend-rank", "-disable-auto-cleanup", ...shielded(node)]);
});

test("the MPI flavour is read from mpiexec --version, and its lines by rank", () => {
  assert.equal(mpiFlavourOf("HYDRA build details:\n    Version:                                 4.0.2"), "mpich");
  assert.equal(mpiFlavourOf("mpiexec (OpenRTE) 4.1.4\n\nReport bugs to http://www.open-mpi.org/community/help/"), "openmpi");
  assert.equal(mpiFlavourOf("mpiexec (Open MPI) 5.0.3"), "openmpi");
  assert.equal(mpiFlavourOf("Intel(R) something else"), undefined);
  assert.deepEqual(readMpiexecLine("[2] parabook node 2 on h1: leaving"), { kind: "node", rank: 2, text: "parabook node 2 on h1: leaving" });
  assert.deepEqual(readMpiexecLine("[1,7]<stderr>: oops"), { kind: "node", rank: 7, text: "oops" });
  assert.deepEqual(readMpiexecLine("[5] parabook node ended on h2 with code 2"), { kind: "failed", ranks: [5], host: "h2", text: "the node exited with code 2" });
  assert.deepEqual(readMpiexecLine("[1,3]<stderr>: parabook node ended on h1 with code 137"), { kind: "failed", ranks: [3], host: "h1", text: "the node was killed by signal 9" });
  assert.deepEqual(readMpiexecLine("mpiexec noticed that process rank 3 with PID 1234 on node h2 exited on signal 9 (Killed)."), {
    kind: "failed",
    ranks: [3],
    host: "h2",
    text: "exited on signal 9 (Killed)",
  });
});

test("ssh: one session per node, ranks filled host by host, keys on standard input, never a password prompt", () => {
  const placement = { launcher: "ssh" as const, hosts: parseHosts("h1:2,h2:2"), args: ["-p", "2222"], ...remote };
  const processes = sshProcesses(placement, startup(3));
  assert.deepEqual(processes.map((p) => [p.name, p.ranks]), [["ssh h1", [0]], ["ssh h1", [1]], ["ssh h2", [2]]]);
  const [first, , last] = processes;
  assert.deepEqual(first!.args, [
    "-o",
    "BatchMode=yes",
    "-o",
    "ConnectTimeout=20",
    "-T",
    "-p",
    "2222",
    "h1",
    "--",
    "/usr/bin/node /opt/parabook/bin/parabook.js node --connect tcp://10.200.1.1:41000 --rank 0 --size 3 --local-size 2 --keys-file -",
  ]);
  assert.match(last!.args.at(-1)!, / --rank 2 --size 3 --local-size 1 --keys-file -$/);
  assert.equal(first!.stdin, nodeKeysText(keys) + "\n");
  for (const p of processes) assertNoKeyIn(p.args);
  assert.deepEqual(first!.read("bash: parabook: command not found"), { kind: "node", rank: 0, text: "bash: parabook: command not found" });
});

test("--listen prints the exact line to run for each rank and how to hand the keys over", () => {
  const text = listenInstructions(startup(4), "/home/u/.parabook/cluster-keys/cluster-ab.keys");
  assert.equal(
    text,
    [
      "Waiting for 4 nodes at tcp://10.200.1.1:41000. On any machine that can reach it, run once for each rank R = 0…3:",
      "  /usr/bin/node /opt/parabook/bin/parabook.js node --connect tcp://10.200.1.1:41000 --rank R --size 4 --keys-file /home/u/.parabook/cluster-keys/cluster-ab.keys",
      "/home/u/.parabook/cluster-keys/cluster-ab.keys holds this cluster's keys and is readable only by you: copy it to the same path on those machines (scp -p keeps it private), or set PARABOOK_NODE_KEYS there to its contents. Interrupt to stop waiting.",
      "",
    ].join("\n"),
  );
});

test("hosts, addresses, rank lists and arguments as users write them", () => {
  assert.deepEqual(ranksOnHosts(parseHosts("h1:4,h2:4"), 6), ["h1", "h1", "h1", "h1", "h2", "h2"]);
  assert.deepEqual(ranksOnHosts(parseHosts("h1,h2"), 5), ["h1", "h2", "h1", "h2", "h1"]);
  assert.throws(() => ranksOnHosts(parseHosts("h1:4,h2:4"), 9), /--hosts h1:4,h2:4 has room for 8 nodes, not 9/);
  assert.throws(() => parseHosts("h1:4,h2"), /give a count for every host \(h1:4,h2:4\) or for none/);
  assert.throws(() => parseHosts("h1:0"), /h1 must take at least one node, not 0/);
  assert.throws(() => parseHosts("h1;rm -rf"), /'h1;rm -rf' is not HOST or HOST:COUNT/);
  assert.deepEqual(parseListenAddress("127.0.0.1:0"), { host: "127.0.0.1", port: 0 });
  assert.deepEqual(parseListenAddress("0.0.0.0:41000"), { host: "0.0.0.0", port: 41000 });
  assert.throws(() => parseListenAddress("41000"), /--listen wants ADDRESS:PORT/);
  assert.throws(() => parseListenAddress("h:70000"), /--listen wants ADDRESS:PORT/);
  assert.deepEqual(parseRankList("0-2,5"), [0, 1, 2, 5]);
  assert.equal(parseRankList("a"), undefined);
  assert.deepEqual(splitArguments(`-p short  --constraint="a b" 'x y' c\\ d`), ["-p", "short", "--constraint=a b", "x y", "c d"]);
  assert.throws(() => splitArguments(`-p "short`), /unclosed " in: -p "short/);
  assert.equal(shellQuote("tcp://h:1"), "tcp://h:1");
  assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
});
