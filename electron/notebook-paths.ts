// Paths the shell works out by itself: which notebooks a command line asks to open (`parabook x.ipynb`, a
// double-click on a .ipynb file, a second launch forwarded to the running instance), the name a save dialog
// returns, and where packaged kernel code lives. Electron-free so tests can feed it.

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

/** Save dialogs on Linux and Windows do not add the extension the filter shows; a name without one gets .ipynb. */
export function withNotebookExtension(file: string): string {
  return path.extname(file) === "" ? `${file}.ipynb` : file;
}

/**
 * The same file outside the asar archive. Kernel processes load their code from app.asar.unpacked (electron-builder's
 * asarUnpack) so they never depend on asar support in utility processes and their worker threads.
 */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/]app\.asar)(?=[\\/])/, "$1.unpacked");
}
