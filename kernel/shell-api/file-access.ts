// Which files the UI may open, save and list. The web shell confines every path to the notebook directory, since
// anyone holding the page's token could otherwise read any file the server can; Electron lets the user pick any
// path through native dialogs, so it only insists on absolute paths.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fsErrorReason } from "../files/atomic-file.js";

/** A path the policy refuses, with the reason in words. */
export class FileAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileAccessError";
  }
}

export interface FileAccess {
  /** The absolute path the UI's `userPath` names, or a FileAccessError saying why it may not be used. */
  resolve(userPath: string): Promise<string>;
  /** How the UI names an absolute path, or null when this policy cannot reach it. */
  present(absolutePath: string): string | null;
}

/** Electron: whatever the user picked, as long as it is an absolute path. */
export class AnyPathAccess implements FileAccess {
  async resolve(userPath: string): Promise<string> {
    if (!path.isAbsolute(userPath)) throw new FileAccessError(`Cannot use "${userPath}": expected an absolute path`);
    return path.resolve(userPath);
  }

  present(absolutePath: string): string {
    return absolutePath;
  }
}

/** `parabook serve`: paths relative to the notebook directory, which nothing may leave, symbolic links included. */
export class NotebookDirectoryAccess implements FileAccess {
  private constructor(readonly root: string) {}

  /** `root` must exist; it is taken through realpath so a link to the notebook folder works as the folder. */
  static async create(root: string): Promise<NotebookDirectoryAccess> {
    let real: string;
    try {
      real = await fs.realpath(root);
    } catch {
      throw new FileAccessError(`The notebook folder ${root} does not exist`);
    }
    if (!(await fs.stat(real)).isDirectory()) throw new FileAccessError(`The notebook folder ${root} is not a folder`);
    return new NotebookDirectoryAccess(real);
  }

  async resolve(userPath: string): Promise<string> {
    const refuse = (why: string) =>
      new FileAccessError(`Cannot use "${userPath}": ${why}; give a path inside the notebook folder`);
    if (userPath.includes("\0")) throw refuse("it contains a NUL character");
    if (path.isAbsolute(userPath) || path.win32.isAbsolute(userPath)) throw refuse("absolute paths are not allowed");
    if (userPath.split(/[\\/]/).includes("..")) throw refuse('".." is not allowed');
    const wanted = path.join(this.root, userPath);
    // A symbolic link inside the folder may point anywhere: judge the real location of the deepest part that exists
    // (the file itself when opening, its folder when saving a new file).
    let existing = wanted;
    let rest = "";
    for (;;) {
      try {
        const real = await fs.realpath(existing);
        if (!this.contains(real)) throw refuse("it leads outside the notebook folder through a symbolic link");
        return rest === "" ? real : path.join(real, rest);
      } catch (err) {
        if (err instanceof FileAccessError) throw err;
        // ENOTDIR: a part of the path is a file; the write that follows will say so in words.
        const code = (err as NodeJS.ErrnoException).code;
        // Anything else (a name too long, a loop of links) is said in words, naming the path as the user gave it:
        // Node's own message would show the server's absolute path.
        if ((code !== "ENOENT" && code !== "ENOTDIR") || existing === this.root) {
          throw new FileAccessError(`Cannot use "${userPath}": ${fsErrorReason(err as NodeJS.ErrnoException)}`);
        }
        rest = rest === "" ? path.basename(existing) : path.join(path.basename(existing), rest);
        existing = path.dirname(existing);
      }
    }
  }

  present(absolutePath: string): string | null {
    const resolved = path.resolve(absolutePath);
    return this.contains(resolved) ? path.relative(this.root, resolved).split(path.sep).join("/") : null;
  }

  private contains(real: string): boolean {
    const rel = path.relative(this.root, real);
    return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
  }
}
