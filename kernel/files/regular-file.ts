// Reading a file only if it is a regular file, without ever blocking on one that is not. open() of a FIFO waits
// for a writer, and Node runs it on one of libuv's four file-system threads: four such opens took every thread,
// so every later read and save (and the shutdown on SIGTERM) waited forever. With O_NONBLOCK the open returns at
// once whatever the file is, and fstat on the open handle (not a stat before it, which a swap could outrun)
// decides before a single byte is read.

import { constants, promises as fs, type Stats } from "node:fs";

/** Why a path that exists cannot be used as a file: "a FIFO (named pipe)", "a folder"… */
export class NotARegularFileError extends Error {
  constructor(readonly kind: string) {
    super(`it is ${kind}, not a regular file`);
    this.name = "NotARegularFileError";
  }

  /** The reason in words, as the rest of the file errors say it ("it is a folder, not a file"). */
  get reason(): string {
    return this.kind === "a folder" ? "it is a folder, not a file" : this.message;
  }
}

/** What a stat says a path is, in words; null for a regular file. */
export function nonRegularKind(stat: Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  return "not a file";
}

/** The whole content of `file`. Rejects with NotARegularFileError for anything else, and with Node's errors. */
export async function readRegularFile(file: string): Promise<Buffer> {
  // O_NONBLOCK is not defined on Windows, which has no FIFOs in the file system to block on.
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const kind = nonRegularKind(await handle.stat());
    if (kind !== null) throw new NotARegularFileError(kind);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
