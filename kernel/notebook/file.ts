// Reading and writing notebook files. Writes are atomic: the new text goes to a temporary file in the same folder,
// is flushed to disk, and then renamed over the target, so a crash or a full disk never leaves a half-written
// notebook, and a failed save leaves the old file as it was.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { NotebookFormatError, parseNotebook, serializeNotebook, type Notebook } from "./format.js";

/** A notebook file that could not be read or written, with the reason in words. */
export class NotebookFileError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "NotebookFileError";
  }
}

/** A file-system failure as a sentence: "Cannot save x.ipynb: the file system is read-only". */
export function describeFsError(err: NodeJS.ErrnoException, verb: string, file: string): NotebookFileError {
  const reasons: Record<string, string> = {
    ENOENT: "no such file or folder",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "the file system is read-only",
    ENOSPC: "the disk is full",
    EISDIR: "it is a folder, not a file",
    ENOTDIR: "a part of the path is not a folder",
    EDQUOT: "the disk quota is exceeded",
  };
  const reason = (err.code && reasons[err.code]) ?? err.message;
  return new NotebookFileError(`Cannot ${verb} ${file}: ${reason}`, err.code);
}

export async function readNotebookFile(file: string): Promise<Notebook> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    throw describeFsError(err as NodeJS.ErrnoException, "read", file);
  }
  try {
    return parseNotebook(text, path.basename(file));
  } catch (err) {
    if (err instanceof NotebookFormatError) throw err;
    throw new NotebookFormatError(`${path.basename(file)}: ${(err as Error).message}`);
  }
}

/** Write `text` to `file` atomically (temp file in the same folder, fsync, rename). */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, "wx", 0o644);
    await handle.writeFile(text, "utf8");
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Keep the permissions of the file being replaced, if there is one.
    const old = await fs.stat(file).catch(() => undefined);
    if (old) await fs.chmod(tmp, old.mode & 0o7777).catch(() => undefined);
    await fs.rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw describeFsError(err as NodeJS.ErrnoException, "save", file);
  }
}

export async function writeNotebookFile(file: string, nb: Notebook): Promise<void> {
  await writeFileAtomic(file, serializeNotebook(nb));
}
