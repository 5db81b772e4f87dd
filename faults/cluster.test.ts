// Fault cases for the kernel processes and their supervision, with real processes: a host killed at random
// points of a cluster's start-up, kernels that stop answering (SIGSTOP), kernels that run out of memory.
// Every test ends the processes it started or stopped, by PID, whatever happened.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const HOST_PROCESS = fileURLToPath(new URL("./cluster-host-process.js", import.meta.url));

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
