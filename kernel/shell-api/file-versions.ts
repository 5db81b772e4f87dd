// Noticing that another program changed a notebook file since this shell read or wrote it, before a save would
// overwrite that program's work (as Jupyter and VS Code do). The shell API keeps, per file, the size and SHA-256 of
// the bytes it last read or wrote; a save first compares the file's current bytes with them. A modification time
// would not do alone: two writes within one clock tick, or a tool that restores times, leave it unchanged.

import { SAVE_CONFLICT_ERROR } from "../../contract/api.js";
import { NotebookFileError, readFileVersioned, type FileVersion } from "../files/atomic-file.js";

/** The save was refused because the file changed on disk; nothing was written. The UI knows it by its name. */
export class NotebookConflictError extends NotebookFileError {
  constructor(file: string) {
    super(`${file} was changed on disk by another program since Parabook last opened or saved it; saving now would overwrite those changes.`);
    this.name = SAVE_CONFLICT_ERROR;
  }
}

export class KnownVersions {
  /** By absolute path. */
  private readonly versions = new Map<string, FileVersion>();

  remember(file: string, version: FileVersion): void {
    this.versions.set(file, version);
  }

  /**
   * Rejects with NotebookConflictError when `file` is no longer what this shell last read or wrote there. A file
   * never seen is the user's fresh choice (Save As), and a file deleted since holds nobody's work: neither conflicts.
   */
  async checkUnchanged(file: string): Promise<void> {
    const known = this.versions.get(file);
    if (known === undefined) return;
    let current: FileVersion;
    try {
      current = (await readFileVersioned(file, "save")).version;
    } catch (err) {
      if ((err as NotebookFileError).code === "ENOENT") return;
      throw err;
    }
    if (current.size !== known.size || current.sha256 !== known.sha256) throw new NotebookConflictError(file);
  }
}
