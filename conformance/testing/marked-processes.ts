// The processes a test's Jupyter tool led to, found by a marker in their environment: a Jupyter Server starts each
// kernel in a session of its own (jupyter_client's launcher), and a kernel's nodes may outlive a kernel that was
// killed, so neither the process tree nor the process group holds all of them; the environment every one of them
// inherits does.

import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { sleep } from "../../multihost/testing/commands.js";

export interface MarkedProcess {
  readonly pid: number;
  /** Its command line; empty when it ended while being looked at. */
  readonly argv: readonly string[];
}

/** A fresh `NAME=value` entry to put in a tool's environment. */
export function processMarker(name: string): { readonly name: string; readonly value: string; readonly entry: string } {
  const value = randomBytes(8).toString("hex");
  return { name, value, entry: `${name}=${value}` };
}

/** Live processes (zombies aside) whose environment holds `entry` (`NAME=value`). */
export function processesMarked(entry: string): MarkedProcess[] {
  const found: MarkedProcess[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(entry)) continue;
      if (isZombieOrGone(pid)) continue;
      found.push({ pid, argv: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean) });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

export function isZombieOrGone(pid: number): boolean {
  try {
    // Field 3 of /proc/PID/stat is the state, after the command name, which is in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z";
  } catch {
    return true;
  }
}

/** Waits up to `timeoutMs` (checking every 50 ms) for the marked processes to end; returns those still running. */
export async function waitForMarkedToEnd(entry: string, timeoutMs: number): Promise<MarkedProcess[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesMarked(entry);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await sleep(50);
  }
}

/** SIGKILLs each one by its PID (those already gone are skipped). */
export function killEach(processes: readonly MarkedProcess[]): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Ended meanwhile.
    }
  }
}

export function describeProcesses(processes: readonly MarkedProcess[]): string {
  return processes.map((p) => `pid ${p.pid}: ${p.argv.join(" ") || "(ended)"}`).join("\n");
}
