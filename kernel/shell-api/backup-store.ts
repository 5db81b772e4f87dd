// The autosave backup of unsaved work: one file, replaced every time the UI autosaves, removed when the work is
// saved or discarded, offered back after a crash.

import { promises as fs } from "node:fs";
import { notebookFromJson, type Notebook } from "../../contract/notebook.js";
import { readJsonFile, writeJsonFile } from "../files/json-file.js";

export interface Backup {
  readonly notebook: Notebook;
  /** Where the notebook lives (as the UI names it), or null for a notebook never saved. */
  readonly path: string | null;
  /** ISO 8601 time of the autosave. */
  readonly savedAt: string;
}

export class BackupStore {
  constructor(
    readonly file: string,
    private readonly warn: (message: string) => void,
  ) {}

  async write(notebook: Notebook, path: string | null): Promise<void> {
    const backup: Backup = { notebook, path, savedAt: new Date().toISOString() };
    await writeJsonFile(this.file, backup);
  }

  /** The backup, or null when there is none; a damaged one is reported and treated as none (and kept on disk). */
  async take(): Promise<Backup | null> {
    try {
      const json = (await readJsonFile(this.file)) as Partial<Record<keyof Backup, unknown>> | undefined;
      if (json === undefined) return null;
      const path = typeof json.path === "string" ? json.path : null;
      const savedAt = typeof json.savedAt === "string" ? json.savedAt : new Date(0).toISOString();
      return { notebook: notebookFromJson(json.notebook, "the autosave backup"), path, savedAt };
    } catch (err) {
      this.warn(`The autosave backup ${this.file} cannot be used: ${(err as Error).message}`);
      return null;
    }
  }

  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}
