// Fault cases for the kernel processes and their supervision, with real processes: a host killed at random
// points of a cluster's start-up, kernels that stop answering (SIGSTOP), kernels that run out of memory.
// Every test ends the processes it started or stopped, by PID, whatever happened.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ParabookEvent, Settings } from "../contract/api.js";
import { NodeSpawner } from "../kernel/cluster/node-spawner.js";
import { Session } from "../kernel/session/session.js";
import { defaultSettings } from "../kernel/settings/settings.js";
import { CellRunner, type RanCell } from "../kernel/testing/cell-runs.js";

const HOST_PROCESS = fileURLToPath(new URL("./testing/cluster-host-process.js", import.meta.url));

/** Live processes whose environment holds `marker` (inherited from the host process that started them). */
function processesMarked(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "latin1");
      if (environ.split("\0").includes(marker)) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

function isZombieOrGone(pid: number): boolean {
  try {
    // Field 3 of /proc/PID/stat is the state; after the command name, which is in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z";
  } catch {
    return true;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (up to `timeoutMs`) for the marked processes to end; returns those still running then. */
async function survivorsAfter(marker: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = processesMarked(marker).filter((pid) => !isZombieOrGone(pid));
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await sleep(100);
  }
}

/** Waits (up to 10 s) for `pids` to end; returns those still running then. */
async function survivorsOf(pids: readonly number[]): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const alive = pids.filter((pid) => !isZombieOrGone(pid));
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await sleep(100);
  }
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** A small deterministic generator, so a failing run's kill times can be told and replayed. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

test("no kernel outlives its host: the host killed at random points of %parallel -n 8, 20 times, leaves none", { timeout: 300_000 }, async () => {
  const seed = Number(process.env.PARABOOK_FAULT_SEED ?? Date.now() % 100_000);
  const random = randomGenerator(seed);
  const survivors: string[] = [];
  for (let round = 0; round < 20; round++) {
    const marker = `PARABOOK_FAULT_RUN=${randomBytes(8).toString("hex")}`;
    const [name, value] = marker.split("=") as [string, string];
    const host = fork(HOST_PROCESS, ["%parallel scheme -n 8"], { env: { ...process.env, [name]: value }, stdio: "ignore", execArgv: [] });
    const exited = new Promise<void>((resolve) => host.once("exit", () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        host.once("message", () => resolve());
        host.once("exit", () => reject(new Error("the host process ended before it was up")));
      });
      // Start-up (host kernel, then 8 nodes) takes about 1.5 s here; the kill lands anywhere in it, or just after.
      const delayMs = Math.floor(random() * 2_000);
      await sleep(delayMs);
      host.kill("SIGKILL");
      await exited;
      const left = await survivorsAfter(marker, 10_000);
      if (left.length > 0) survivors.push(`round ${round} (killed after ${delayMs} ms): ${left.length} kernels survived`);
      killAll(left);
    } finally {
      host.kill("SIGKILL");
      killAll(processesMarked(marker));
    }
  }
  assert.deepEqual(survivors, [], `seed ${seed} (set PARABOOK_FAULT_SEED to replay)`);
});

// ----- a Session with real Scheme kernels ------------------------------------------------------------------

class SchemeSession {
  readonly session: Session;
  private readonly cells: CellRunner;

  constructor(settings: Partial<Settings> = {}) {
    const all: Settings = { ...defaultSettings(), clusterSize: 2, defaultNodeKernel: "scheme", theme: "light", kernelMemoryMb: "auto", ...settings };
    this.session = new Session({ spawner: new NodeSpawner(), settings: () => all });
    this.cells = new CellRunner(this.session, "fault");
  }

  run(code: string): Promise<RanCell> {
    return this.cells.run(code);
  }

  /** Resolves at the first event that satisfies `predicate`. */
  next(predicate: (e: ParabookEvent) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const off = this.session.onEvent((e) => {
        if (predicate(e)) {
          off();
          resolve();
        }
      });
    });
  }
}

/** An endless cons loop: the list only grows. */
const GROW = "(define (grow l) (grow (cons 1 l))) (grow '())";
const GROW_ON_NODE_1 = "(define (grow l) (grow (cons 1 l))) (if (= cluster_rank 1) (grow '()) cluster_rank)";

test("a host kernel that uses up its heap dies as out of memory (limit N MB), every time, and the next cell gets a fresh one", { timeout: 120_000 }, async (t) => {
  const s = new SchemeSession({ kernelMemoryMb: 64 });
  t.after(() => s.session.shutdown());
  for (let round = 0; round < 3; round++) {
    const r = await s.run(GROW);
    assert.equal(r.reply.status, "aborted");
    assert.deepEqual(r.errors.map((e) => e.evalue), [
      "The host kernel died (out of memory (limit 64 MB)); its definitions are lost. The next cell starts a fresh kernel.",
    ]);
    assert.equal((await s.run("(+ 1 2)")).result, "3");
  }
});

test("a node that uses up its heap dies alone as out of memory (limit N MB), every time; %parallel --memory sets the limit", { timeout: 120_000 }, async (t) => {
  const s = new SchemeSession();
  t.after(() => s.session.shutdown());
  for (let round = 0; round < 3; round++) {
    const started = await s.run("%parallel scheme -n 2 --memory 64");
    assert.equal(started.reply.status, "ok", JSON.stringify(started.errors));
    const r = await s.run(`%%px\n${GROW_ON_NODE_1}`);
    assert.equal(r.reply.status, "error");
    assert.deepEqual(r.errors.map((e) => [e.node, e.ename, e.evalue]), [
      [1, "NodeDied", "node 1 died: out of memory (limit 64 MB). Run %parallel again to replace it."],
    ]);
    assert.equal(r.result, "#2(0 #<error on node 1>)");
    assert.deepEqual(s.session.clusterStatus().nodes.map((n) => n.reason), [undefined, "out of memory (limit 64 MB)"]);
  }
  const bad = await s.run("%parallel scheme -n 2 --memory 10");
  assert.match(bad.errors[0]!.evalue, /^%parallel: -m wants a whole number of MB from 64 to 1048576, got '10'$/);
  const empty = await s.run("%parallel scheme -n 2 --memory=");
  assert.match(empty.errors[0]!.evalue, /^%parallel: /);
});

// ----- kernels that stop answering -------------------------------------------------------------------------

/** The pid of this process's kernel of `rank` (-1: the host kernel), found by its command line. */
function kernelPid(rank: number): number {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const args = readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0");
      const at = args.indexOf("--rank");
      if (ppid === process.pid && args.some((a) => a.endsWith("kernel-process.js")) && args[at + 1] === String(rank) && !isZombieOrGone(Number(entry))) {
        found.push(Number(entry));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  assert.equal(found.length, 1, `one kernel of rank ${rank} runs (found ${found.join(", ") || "none"})`);
  return found[0]!;
}

/** Stop a process as a hang would (SIGSTOP); the test's cleanup continues and kills it, whatever happened. */
function stopProcess(pid: number, stopped: number[]): void {
  stopped.push(pid);
  process.kill(pid, "SIGSTOP");
}

function releaseStopped(stopped: readonly number[]): void {
  for (const pid of stopped) {
    for (const signal of ["SIGCONT", "SIGKILL"] as const) {
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone (the Session killed it).
      }
    }
  }
}

test("a stopped node does not answer an interrupt: it is declared unresponsive, the others' results are shown, the cell ends", { timeout: 60_000 }, async (t) => {
  const s = new SchemeSession();
  const stopped: number[] = [];
  t.after(async () => {
    releaseStopped(stopped);
    await s.session.shutdown();
  });
  assert.equal((await s.run("%parallel scheme -n 3")).reply.status, "ok");
  const node1 = kernelPid(1);
  stopProcess(node1, stopped);
  const othersDone = s.next((e) => e.type === "px-progress" && e.done === 2);
  const cell = s.run("%%px\n(* 10 cluster_rank)");
  await othersDone;
  await s.session.interrupt();
  const r = await cell;
  assert.equal(r.reply.status, "aborted");
  assert.deepEqual(r.errors.map((e) => [e.node, e.ename, e.evalue]), [
    [1, "NodeUnresponsive", "node 1 is unresponsive (did not answer an interrupt within 2 s); its slot is failed; run %parallel to replace it"],
    [undefined, "Interrupted", "interrupted by the user"],
  ]);
  assert.equal(r.result, "#3(0 #<error on node 1> 20)");
  assert.deepEqual(s.session.clusterStatus().nodes.map((n) => [n.state, n.reason]), [
    ["idle", undefined],
    ["dead", "unresponsive (did not answer an interrupt within 2 s)"],
    ["idle", undefined],
  ]);
  assert.deepEqual(await survivorsOf([node1]), [], "the unresponsive node was killed");
  assert.equal((await s.run("%px cluster_rank")).result, "#3(0 #<error on node 1> 2)", "the other nodes keep working");
  assert.equal((await s.run("%parallel scheme -n 3")).reply.status, "ok");
  assert.equal((await s.run("%px cluster_rank")).result, "#3(0 1 2)", "%parallel replaced it");
});

test("a stopped host kernel does not answer an interrupt: it is killed and reported, and the next cell starts a fresh one", { timeout: 60_000 }, async (t) => {
  const s = new SchemeSession();
  const stopped: number[] = [];
  t.after(async () => {
    releaseStopped(stopped);
    await s.session.shutdown();
  });
  await s.run("(define kept 1)");
  const host = kernelPid(-1);
  const looping = s.next((e) => e.type === "stream" && e.text === "looping\n");
  const cell = s.run('(display "looping") (newline) (let loop () (loop))');
  await looping;
  stopProcess(host, stopped);
  await s.session.interrupt();
  const r = await cell;
  assert.equal(r.reply.status, "aborted");
  assert.deepEqual(r.errors.map((e) => [e.node, e.ename, e.evalue]), [
    [
      undefined,
      "KernelUnresponsive",
      "The host kernel did not answer an interrupt within 2 s and was killed; its definitions are lost. The next cell starts a fresh kernel.",
    ],
  ]);
  assert.deepEqual(await survivorsOf([host]), [], "the unresponsive host kernel was killed");
  assert.equal((await s.run("(+ 1 2)")).result, "3");
  assert.match((await s.run("kept")).errors[0]!.evalue, /kept/, "a fresh kernel: the definitions are gone");
});
