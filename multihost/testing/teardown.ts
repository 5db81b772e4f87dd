// Removing a multi-host run, all of it, in the order that lets each step succeed: the processes on its hosts (every
// one of them was started by the run: daemons, srun's tasks, ssh sessions, Parabook's nodes), the bind mounts that
// hold its UTS and mount namespaces, its network namespaces (their veths go with them), its blackhole route, its
// folder. Each step tolerates what is already gone, so the same function ends a living run (stop()), a run whose
// owner died (the sweep), or the pieces a crash left of either.

import { promises as fs, readdirSync, readlinkSync, statSync } from "node:fs";
import { runCommand, sleep } from "./commands.js";
import {
  hostNames,
  namespaceFiles,
  namespaceFolder,
  networkNamespaceNames,
  testNetwork,
  type HostName,
  type NamespaceKind,
} from "./host-namespaces.js";
import { processStartTicks, routeMetric, routeProtocol, type RunRecord } from "./run-record.js";

export async function tearDownRun(run: RunRecord): Promise<void> {
  await endProcessesOfRun(run);
  for (const host of hostNames) {
    const files = namespaceFiles(run, host);
    await unmount(files.uts);
    await unmount(files.mnt);
  }
  await unmount(namespaceFolder(run));
  for (const name of networkNamespaceNames(run)) {
    const result = await runCommand(["ip", "netns", "delete", name]);
    if (result.code !== 0 && !/No such file|Cannot remove namespace file/.test(result.stderr)) {
      throw new Error(`ip netns delete ${name}: ${result.stderr.trim()}`);
    }
  }
  await runCommand(["ip", "route", "del", "blackhole", testNetwork, "metric", String(routeMetric(run)), "proto", String(routeProtocol)]);
  await fs.rm(run.dir, { recursive: true, force: true, maxRetries: 3 });
}

/** The namespace identities (kind and inode) of a run's hosts, for as long as the files holding them exist. */
export function namespacesOfRun(run: RunRecord): Set<string> {
  const identities = new Set<string>();
  for (const host of hostNames) for (const identity of namespacesOfHost(run, host)) identities.add(identity);
  return identities;
}

/** "net:[4026532174]"-style identities of the namespaces a host's files hold (as /proc/PID/ns/* links name them). */
export function namespacesOfHost(run: RunRecord, host: HostName): string[] {
  const identities: string[] = [];
  const files = namespaceFiles(run, host);
  for (const kind of ["net", "uts", "mnt"] as const satisfies readonly NamespaceKind[]) {
    try {
      const held = statSync(files[kind]);
      // A plain file (the namespace is gone, e.g. after a reboot) has an ordinary inode: only nsfs ones count.
      if (held.dev === nsfsDevice()) identities.push(`${kind}:[${held.ino}]`);
    } catch {
      // Gone already.
    }
  }
  return identities;
}

/** PIDs of the processes in any of these namespaces. */
export function processesIn(identities: ReadonlySet<string>): number[] {
  if (identities.size === 0) return [];
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    // Zombies are ended already (they wait for their parent to read their status) and show no namespaces.
    if (pid === process.pid || processStartTicks(pid) === undefined) continue;
    for (const kind of ["net", "uts", "mnt"] as const) {
      if (identities.has(readLink(`/proc/${pid}/ns/${kind}`))) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

/** Ends every process on the run's hosts, by PID: SIGTERM first, so that each daemon ends its own children and
 *  collects them (killed at once, a parent may die before its child, whose remains then wait for PID 1 to collect
 *  them: on a machine whose PID 1 never does, they stay in the process table for good); after a grace of 3 s,
 *  SIGKILL to whatever is left. A process may fork while we look, so round after round: at most 20 rounds of
 *  SIGKILL, 100 ms apart. */
async function endProcessesOfRun(run: RunRecord): Promise<void> {
  const identities = namespacesOfRun(run);
  signalAll(processesIn(identities), "SIGTERM");
  for (let waited = 0; waited < 3_000 && processesIn(identities).length > 0; waited += 50) await sleep(50);
  for (let round = 0; round < 20; round++) {
    const pids = processesIn(identities);
    if (pids.length === 0) return;
    signalAll(pids, "SIGKILL");
    await sleep(100);
  }
  const left = processesIn(identities);
  if (left.length > 0) throw new Error(`processes still running on run ${run.id}'s hosts after 20 rounds of SIGKILL: ${left.join(", ")}`);
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Ended meanwhile.
    }
  }
}

async function unmount(target: string): Promise<void> {
  // A file that is no mount point (never held, or already released) gives "not mounted"; a missing one "no mount
  // point specified" or "No such file": all mean there is nothing left to do.
  const result = await runCommand(["umount", target]);
  if (result.code !== 0 && !/not mounted|No such file|no mount point/i.test(result.stderr)) {
    throw new Error(`umount ${target}: ${result.stderr.trim()}`);
  }
}

function readLink(link: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return "";
  }
}

let nsfs: number | undefined;
/** The device number of nsfs, learned from this process's own network namespace link. */
function nsfsDevice(): number {
  nsfs ??= statSync("/proc/self/ns/net").dev;
  return nsfs;
}
