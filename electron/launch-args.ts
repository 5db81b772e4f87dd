// Which notebooks a command line asks to open: `parabook x.ipynb`, a double-click on a .ipynb file (the OS passes
// its path), or a second launch forwarded to the running instance. Electron-free so tests can feed it argv.

import * as path from "node:path";

/**
 * The files named on a command line, as absolute paths resolved against `cwd` (the launching shell's folder,
 * which for a second instance is not ours). `argv` is process.argv: the executable first, then — when started
 * as `electron .` during development (process.defaultApp) — the app folder. Chromium and Electron switches
 * ("--inspect", "--no-sandbox"…) are skipped; Chromium may also insert its own into a second instance's argv.
 */
export function notebookPathsFromArgv(argv: readonly string[], cwd: string, startedAsDefaultApp: boolean): string[] {
  const args = argv.slice(startedAsDefaultApp ? 2 : 1);
  const files: string[] = [];
  let afterDoubleDash = false;
  for (const arg of args) {
    if (!afterDoubleDash && arg === "--") {
      afterDoubleDash = true;
      continue;
    }
    if (!afterDoubleDash && arg.startsWith("-")) continue;
    if (arg === "") continue;
    files.push(path.resolve(cwd, arg));
  }
  return files;
}
