// Reading files with their version, and writing them atomically: the new text goes to a temporary file in the same
// folder, is flushed to disk, and then renamed over the target, so a crash or a full disk never leaves a
// half-written notebook (or settings file, or backup), and a failed save leaves the old file as it was. Only
// regular files are read or replaced. Notebooks (kernel/notebook/file.ts), the settings, recent files and backups
// all write through here.

import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { getSystemErrorMap } from "node:util";
import { nonRegularKind, NotARegularFileError, readRegularFile } from "./regular-file.js";
import { removeStaleTempFiles, tempFileFor } from "./temp-files.js";

/** A file that could not be read or written, with the reason in words. (Named for the file the UI shows it for
 * most; the name reaches the page, so it stays.) */
export class NotebookFileError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "NotebookFileError";
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
  EDQUOT: "the disk quota is exceeded",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "there are too many symbolic links in the path",
  ENXIO: "it is a socket or a device, not a regular file",
};

/** Why a file-system call failed, in words and without the paths Node puts in its messages. */
export function fsErrorReason(err: NodeJS.ErrnoException): string {
  if (err instanceof NotARegularFileError) return err.reason;
  if (err.code && REASONS[err.code]) return REASONS[err.code]!;
  const system = err.errno === undefined ? undefined : getSystemErrorMap().get(err.errno)?.[1];
  return system ?? err.code ?? "unknown error";
}

/** A file-system failure as a sentence: "Cannot save x.ipynb: the file system is read-only". */
export function describeFsError(err: NodeJS.ErrnoException, verb: string, file: string): NotebookFileError {
  return new NotebookFileError(`Cannot ${verb} ${file}: ${fsErrorReason(err)}`, err.code);
}

/** What was read or written, to tell later whether another program has changed the file since. */
export interface FileVersion {
  readonly size: number;
  /** SHA-256 of the bytes: a modification time can stay the same across a quick rewrite, the content cannot. */
  readonly sha256: string;
}

export function versionOf(bytes: Buffer): FileVersion {
  return { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** The bytes of a regular file and its version; NotebookFileError with the reason otherwise. */
export async function readFileVersioned(file: string, verb = "read"): Promise<{ bytes: Buffer; version: FileVersion }> {
  try {
    const bytes = await readRegularFile(file);
    return { bytes, version: versionOf(bytes) };
  } catch (err) {
    throw describeFsError(err as NodeJS.ErrnoException, verb, file);
  }
}

/** Write `content` to `file` atomically (temp file in the same folder, fsync, rename); resolves with its version. */
export interface AtomicWriteOptions {
  /** The file's permissions, whatever the replaced file had (0o600 for a file holding a secret). */
  readonly mode?: number;
}

export async function writeFileAtomic(file: string, content: string | Buffer, options: AtomicWriteOptions = {}): Promise<FileVersion> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const tmp = tempFileFor(file);
  let handle: fs.FileHandle | undefined;
  try {
    // A FIFO, a device or a folder at the target is refused, not replaced (a stat never blocks, unlike an open).
    const old = await fs.stat(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return undefined;
      throw err;
    });
    const kind = old && nonRegularKind(old);
    if (kind) throw new NotARegularFileError(kind);
    // A file only its owner may read is made so before anything is written to it.
    handle = await fs.open(tmp, "wx", options.mode ?? 0o644);
    if (options.mode !== undefined) await handle.chmod(options.mode);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Keep the permissions of the file being replaced, if there is one (unless the caller sets them).
    if (old && options.mode === undefined) await fs.chmod(tmp, old.mode & 0o7777).catch(() => undefined);
    await fs.rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw describeFsError(err as NodeJS.ErrnoException, "save", file);
  }
  await removeStaleTempFiles(path.dirname(file));
  return versionOf(bytes);
}
