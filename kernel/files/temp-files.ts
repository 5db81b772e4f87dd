// The temporary files of atomic saves: ".NAME.PID.STAMP.tmp" beside the file being saved (STAMP is the time in
// base 36). A save that completes renames its temporary file over the target; a save cut short by a crash, a kill
// or a power cut leaves it behind, hidden, forever. The next save into that folder, or a listing of it, removes
// those of its own that are clearly abandoned, and nothing else.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { processAlive } from "../platform/process-alive.js";

/** Older than this, a temporary file is abandoned whoever wrote it: no save takes an hour. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;
/** A temporary file whose writer is gone is left this long, for writers this host cannot see (another machine on a
 * shared folder, another PID namespace), whose PIDs mean nothing here. */
export const ORPHAN_GRACE_MS = 60 * 1000;

const TEMP_NAME = /^\.(.+)\.(\d{1,10})\.([0-9a-z]{6,12})\.tmp$/;
/** Stamps before this are not ours (Parabook did not exist): such a name is someone else's file. */
const EARLIEST_STAMP = Date.UTC(2020, 0, 1);

export function tempFileFor(file: string, now: number = Date.now()): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${now.toString(36)}.tmp`);
}

/** The writer's PID of a temporary file of ours, or null for any other name. */
export function tempFileWriter(name: string, now: number = Date.now()): number | null {
  const match = TEMP_NAME.exec(name);
  if (!match) return null;
  const stamp = parseInt(match[3]!, 36);
  return stamp >= EARLIEST_STAMP && stamp <= now + 24 * 3600_000 ? Number(match[2]) : null;
}

/** Removes the abandoned temporary files of ours in `dir`; resolves with their names. Never throws. */
export async function removeStaleTempFiles(dir: string, now: number = Date.now()): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempFileWriter(name, now);
    if (pid === null) continue;
    const file = path.join(dir, name);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    const idle = now - stat.mtimeMs;
    const abandoned = idle > ABANDONED_AFTER_MS || (idle > ORPHAN_GRACE_MS && !processAlive(pid));
    if (abandoned && (await fs.rm(file).then(() => true, () => false))) removed.push(name);
  }
  return removed;
}
