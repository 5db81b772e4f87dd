// The most recently opened or saved notebooks, newest first, kept as absolute paths so that a later run with a
// different notebook folder still knows them (the FileAccess policy decides which ones the UI may see).

import { readJsonFile, writeJsonFile } from "../files/json-file.js";

const KEEP = 10;

export class RecentFiles {
  constructor(readonly file: string) {}

  async list(): Promise<string[]> {
    const json = await readJsonFile(this.file).catch(() => undefined);
    return Array.isArray(json) ? json.filter((p): p is string => typeof p === "string").slice(0, KEEP) : [];
  }

  async add(absolutePath: string): Promise<void> {
    const rest = (await this.list()).filter((p) => p !== absolutePath);
    await writeJsonFile(this.file, [absolutePath, ...rest].slice(0, KEEP));
  }
}
