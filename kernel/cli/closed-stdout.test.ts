// `parabook run … | head -1`: both run commands stop quietly (exit 0, nothing on stderr) when the reader of their
// stdout goes away, instead of crashing with EPIPE.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emptyNotebook, newCodeCell, serializeNotebook } from "../../contract/notebook.js";
import { parabookBin } from "../testing/paths.js";

/** Prints far more than a pipe buffer holds, so writes go on after the reader has gone. */
const CHATTY_SCHEME = "(let loop ((i 0)) (when (< i 200000) (display i) (newline) (loop (+ i 1))))";

let dir: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-pipe-"));
});
after(() => fs.rm(dir, { recursive: true, force: true }));

/** Run `parabook run FILE`, close its stdout after the first output (as `head -1` does), and see how it ends. */
function runAndCloseStdoutEarly(file: string): Promise<{ code: number | null; signal: string | null; stderr: string; firstOutput: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [parabookBin, "run", file], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let firstOutput = "";
    child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
    child.stdout.setEncoding("utf8").once("data", (t: string) => {
      firstOutput = t;
      child.stdout.destroy();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, stderr, firstOutput }));
  });
}

test("parabook run FILE.scm exits quietly when stdout closes", async () => {
  const file = path.join(dir, "chatty.scm");
  await fs.writeFile(file, CHATTY_SCHEME);
  const r = await runAndCloseStdoutEarly(file);
  assert.match(r.firstOutput, /^0\n/);
  assert.deepEqual({ code: r.code, signal: r.signal, stderr: r.stderr }, { code: 0, signal: null, stderr: "" });
});

test("parabook run NOTEBOOK.ipynb exits quietly when stdout closes", async () => {
  const nb = emptyNotebook();
  nb.cells = [newCodeCell(CHATTY_SCHEME), newCodeCell('(display "never reached")')];
  const file = path.join(dir, "chatty.ipynb");
  await fs.writeFile(file, serializeNotebook(nb));
  const r = await runAndCloseStdoutEarly(file);
  assert.match(r.firstOutput, /^0\n/);
  // Progress lines go to stderr before the output starts; what matters is that no EPIPE crash follows them.
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null });
});
