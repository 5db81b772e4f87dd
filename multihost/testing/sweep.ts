// Leftovers of multi-host runs whose owner died (a test process killed mid-run, a machine that rebooted under a run)
// are removed before a new run starts. Only ours, and only dead ones: a run counts as ours by its folder in
// /run/parabook-multihost, a network namespace named pbmh-<id>-…, or a blackhole route for 10.200.0.0/16 tagged with
// our routing protocol; it counts as dead when its owner process is gone. A living run's pieces are never touched,
// so runs in several test processes at once leave each other alone.

import { runCommand } from "./commands.js";
import { testNetwork } from "./host-namespaces.js";
import {
  ownerAlive,
  recordedRunIds,
  routeProtocol,
  runIdOfNamespace,
  runIdOfRouteMetric,
  runWithId,
  type RunRecord,
} from "./run-record.js";
import { tearDownRun } from "./teardown.js";

/** Tears down every dead run of ours; resolves with their ids. */
export async function sweepDeadRuns(): Promise<string[]> {
  const ids = new Set<string>([...(await recordedRunIds()), ...(await namespaceRunIds()), ...(await routeRunIds())]);
  const dead: RunRecord[] = [...ids].map(runWithId).filter((run) => !ownerAlive(run));
  for (const run of dead) await tearDownRun(run);
  return dead.map((run) => run.id);
}

async function namespaceRunIds(): Promise<string[]> {
  const listed = await runCommand(["ip", "netns", "list"]);
  return listed.stdout
    .split("\n")
    .map((line) => runIdOfNamespace(line.split(" ")[0] ?? ""))
    .filter((id): id is string => id !== undefined);
}

async function routeRunIds(): Promise<string[]> {
  const listed = await runCommand(["ip", "-j", "route", "show", "type", "blackhole", testNetwork, "proto", String(routeProtocol)]);
  if (listed.code !== 0 || listed.stdout.trim() === "") return [];
  const routes = JSON.parse(listed.stdout) as { metric?: number }[];
  return routes.map((route) => runIdOfRouteMetric(route.metric ?? 0)).filter((id): id is string => id !== undefined);
}
