// Small JSON state files (recent files, autosave backups, settings): read leniently, written atomically.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../notebook/file.js";

/** The parsed content, or undefined when the file does not exist. Throws with the file's name when unreadable. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`Cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message})`);
  }
}

/** Write `value` as JSON atomically, creating the folder if needed. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}
