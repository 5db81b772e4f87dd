// What the machine still shows of a multi-host run, looked up from the outside the way a person would check
// (`ip netns list`, `ip route`, /proc/mounts, the run's folder, the processes seen on its hosts): for tests
// that a run is gone after stop() or a sweep.

import { existsSync, readFileSync } from "node:fs";
import { runCommand } from "./commands.js";
import { testNetwork } from "./host-namespaces.js";
import { namespaceName, processStartTicks, routeMetric, routeProtocol, runWithId } from "./run-record.js";

export interface RunTraces {
  readonly namespaces: string[];
  readonly routes: string[];
  readonly mounts: string[];
  readonly folder: boolean;
  /** Those of the given processes that still run (same PID, same start time). */
  readonly processes: number[];
}

/** A process as it was seen: a PID alone could meanwhile belong to another process. */
export interface SeenProcess {
  readonly pid: number;
  readonly startTicks: string;
}

export function seeProcesses(pids: readonly number[]): SeenProcess[] {
  return pids.flatMap((pid) => {
    const startTicks = processStartTicks(pid);
    return startTicks === undefined ? [] : [{ pid, startTicks }];
  });
}

export async function tracesOfRun(runId: string, processes: readonly SeenProcess[]): Promise<RunTraces> {
  const run = runWithId(runId);
  const ours = (line: string) => line.includes(namespaceName(run, "")) || line.includes(run.dir);
  const namespaces = (await runCommand(["ip", "netns", "list"])).stdout.split("\n").filter(ours);
  const routes = (await runCommand(["ip", "route", "show", "type", "blackhole", testNetwork, "proto", String(routeProtocol)])).stdout
    .split("\n")
    .filter((line) => new RegExp(`metric ${routeMetric(run)}\\b`).test(line));
  const mounts = readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .filter(ours);
  return {
    namespaces,
    routes,
    mounts,
    folder: existsSync(run.dir),
    processes: processes.filter((seen) => processStartTicks(seen.pid) === seen.startTicks).map((seen) => seen.pid),
  };
}

/** True when nothing of the run is left. */
export function nothingLeft(traces: RunTraces): boolean {
  return (
    traces.namespaces.length === 0 &&
    traces.routes.length === 0 &&
    traces.mounts.length === 0 &&
    !traces.folder &&
    traces.processes.length === 0
  );
}

/** The names of the network interfaces in the machine's own namespace. A run makes none there (both ends of its
 *  veths are made inside its namespaces), so these are the same before a run and after it. */
export async function rootInterfaces(): Promise<string[]> {
  const listed = await runCommand(["ip", "-o", "link"]);
  return listed.stdout
    .split("\n")
    .map((line) => /^\d+: ([^:@]+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}
