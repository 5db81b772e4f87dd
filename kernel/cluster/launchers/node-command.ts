// How a node's machine starts Parabook. By default, this very installation: the same Node and bin/parabook.js,
// which is right on a cluster's shared file system (and on the test hosts, which share this one). Anywhere else
// Parabook is on the PATH (`npm install -g parabook`): the Settings' node command says so.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const THIS_BIN = fileURLToPath(new URL("../../../../bin/parabook.js", import.meta.url));

/** This installation's `parabook`, as a command line; "parabook" from the PATH where there is none (a packaged app). */
export function defaultNodeCommand(): string[] {
  // Electron's process.execPath is the app, not Node.
  if (process.versions.electron === undefined && existsSync(THIS_BIN)) return [process.execPath, THIS_BIN];
  return ["parabook"];
}

/** The words that start a node connecting to `connect`. */
export function nodeInvocation(nodeCommand: readonly string[] | undefined, connect: string): string[] {
  const command = nodeCommand !== undefined && nodeCommand.length > 0 ? nodeCommand : defaultNodeCommand();
  return [...command, "node", "--connect", connect];
}
