// One run of the multi-host environment, as the machine records it: a folder /run/parabook-multihost/<id>/ made
// before anything else of the run exists and removed after everything else is gone, holding the owner (the test
// process that started the run) and every file of the run. Names of the run's kernel objects carry its id, so two
// runs never collide and a later run can tell a dead run's leftovers from a living run's hosts.

import { randomBytes } from "node:crypto";
import { promises as fs, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

/** Where runs live. Under /run (root's runtime folder, beside /run/netns), never in a folder tests share. */
export const runsFolder = "/run/parabook-multihost";

/** Every network namespace of a run is named `pbmh-<id>-<host>`. */
export const namespacePrefix = "pbmh-";

/** The blackhole route of a run is tagged with this routing protocol number (free in /etc/iproute2/rt_protos)
 *  so that leftovers are recognisable as ours; its metric is the run's own. */
export const routeProtocol = 87;

export interface RunRecord {
  /** 6 hex digits. */
  readonly id: string;
  readonly dir: string;
}

interface Owner {
  readonly pid: number;
  /** The owner's start time in clock ticks since boot (/proc/PID/stat field 22): a reused PID has another. */
  readonly startTicks: string;
}

const idPattern = /^[0-9a-f]{6}$/;

/** Makes the folder of a new run, owned by this process. The id is new: the folder is made exclusively. */
export async function createRun(): Promise<RunRecord> {
  await fs.mkdir(runsFolder, { recursive: true, mode: 0o755 });
  for (let attempt = 0; attempt < 16; attempt++) {
    const id = randomBytes(3).toString("hex");
    const dir = path.join(runsFolder, id);
    try {
      await fs.mkdir(dir, { mode: 0o755 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw err;
    }
    // mkdir's mode is filtered by the umask; the folder must be searchable by munge (its socket lives below).
    await fs.chmod(dir, 0o755);
    const owner: Owner = { pid: process.pid, startTicks: processStartTicks(process.pid)! };
    await fs.writeFile(path.join(dir, "owner.json"), JSON.stringify(owner));
    return { id, dir };
  }
  throw new Error(`could not find a free run id in ${runsFolder} after 16 tries`);
}

/** The run with this id, whether or not its folder still exists (a sweep reconstructs a run from any leftover). */
export function runWithId(id: string): RunRecord {
  if (!idPattern.test(id)) throw new Error(`not a multi-host run id: ${JSON.stringify(id)}`);
  return { id, dir: path.join(runsFolder, id) };
}

/** The ids of the runs that have a folder. */
export async function recordedRunIds(): Promise<string[]> {
  const names = await fs.readdir(runsFolder).catch(() => [] as string[]);
  return names.filter((name) => idPattern.test(name));
}

/** Whether the process that started the run is still running. A run whose owner record is missing or unreadable
 *  counts as dead unless its folder is younger than a few seconds (its owner may be writing the record now). */
export function ownerAlive(run: RunRecord): boolean {
  let owner: Owner;
  try {
    owner = JSON.parse(readFileSync(path.join(run.dir, "owner.json"), "utf8")) as Owner;
  } catch {
    try {
      return Date.now() - statSync(run.dir).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  return processStartTicks(owner.pid) === owner.startTicks;
}

/** The name of a run's network namespace for `host` (the bridge is the host "br"). */
export function namespaceName(run: RunRecord, host: string): string {
  return `${namespacePrefix}${run.id}-${host}`;
}

/** The run id in a namespace name of ours, or undefined for anyone else's. */
export function runIdOfNamespace(name: string): string | undefined {
  const found = /^pbmh-([0-9a-f]{6})-/.exec(name);
  return found?.[1];
}

/** The metric of the run's blackhole route: routes for one prefix may coexist when their metrics differ. */
export function routeMetric(run: RunRecord): number {
  return parseInt(run.id, 16) + 1;
}

/** The run whose route has this metric. */
export function runIdOfRouteMetric(metric: number): string | undefined {
  const id = (metric - 1).toString(16).padStart(6, "0");
  return idPattern.test(id) ? id : undefined;
}

/** Field 22 of /proc/PID/stat, or undefined when no such process runs (zombies included: they run no more). */
export function processStartTicks(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields after it start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z" || fields[0] === "X") return undefined;
  return fields[19];
}
