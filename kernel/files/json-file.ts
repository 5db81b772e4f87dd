// Small JSON state files (recent files, autosave backups, settings): read leniently, written atomically.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fsErrorReason, writeFileAtomic, type AtomicWriteOptions } from "./atomic-file.js";
import { readRegularFile } from "./regular-file.js";

/** The parsed content, or undefined when the file does not exist. Throws with the file's name when unreadable. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    // Only a regular file: a FIFO put where settings.json belongs must not hang the start.
    text = (await readRegularFile(file)).toString("utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`Cannot read ${file}: ${fsErrorReason(err as NodeJS.ErrnoException)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message})`);
  }
}

/** Write `value` as JSON atomically, creating the folder if needed. */
export async function writeJsonFile(file: string, value: unknown, options: AtomicWriteOptions = {}): Promise<void> {
  // If the folder cannot be made, the write that follows fails and says why in words.
  await fs.mkdir(path.dirname(file), { recursive: true }).catch(() => undefined);
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n", options);
}
