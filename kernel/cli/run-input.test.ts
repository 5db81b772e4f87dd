// `parabook run` answers a program's input requests from its stdin, line by line, when that is a pipe or a file
// (as `python script.py < answers.txt` feeds input()); /dev/null is input that has ended; a terminal gives the clear
// "no input" error. Through the real command, for a .scm file and for a notebook.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parabookBin } from "../testing/paths.js";
import { emptyNotebook, newCodeCell, parseNotebook, serializeNotebook, type CodeCell } from "../../contract/notebook.js";

let dir: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-run-input-"));
});
after(() => fs.rm(dir, { recursive: true, force: true }));

interface Ran {
  code: number | string;
  stdout: string;
  stderr: string;
}

/** How the run's stdin is given: text on a pipe (`end: false` leaves the pipe open), /dev/null, or a terminal. */
type Stdin = { text: string; end?: boolean } | "devnull" | "terminal";

/** Runs `parabook run ARGS` with that stdin; killed (by its pid) if it has not ended within a minute. */
function parabookRun(args: readonly string[], stdin: Stdin): Promise<Ran> {
  // script(1) (util-linux, in every Debian) gives the command a terminal; it merges stdout and stderr into it.
  const child =
    stdin === "terminal"
      ? spawn("/usr/bin/script", ["-qec", [process.execPath, parabookBin, "run", ...args].map((a) => `'${a}'`).join(" "), "/dev/null"], {
          stdio: ["ignore", "pipe", "pipe"],
        })
      : spawn(process.execPath, [parabookBin, "run", ...args], { stdio: [stdin === "devnull" ? "ignore" : "pipe", "pipe", "pipe"] });
  if (typeof stdin === "object") {
    child.stdin!.write(stdin.text);
    if (stdin.end !== false) child.stdin!.end();
  }
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (t: string) => (stdout += t));
  child.stderr!.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      child.stdin?.destroy();
      resolve({ code: code ?? signal ?? "unknown", stdout, stderr });
    }),
  );
}

async function scm(name: string, code: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, code);
  return file;
}

async function notebook(name: string, sources: string[]): Promise<string> {
  const nb = emptyNotebook();
  nb.cells = sources.map((s) => newCodeCell(s));
  const file = path.join(dir, name);
  await fs.writeFile(file, serializeNotebook(nb));
  return file;
}

const ASKS = '(display "Name: ")\n(define name (read-line))\n(display "Age: ")\n(define age (read))\n(write (list name age))\n(newline)\n(write (read-line))\n';

test("a .scm run reads its stdin line by line; prompts are written, answers are not; then the eof object", { timeout: 90_000 }, async () => {
  const r = await parabookRun([await scm("asks.scm", ASKS)], { text: "Ada\n36\n" });
  assert.deepEqual(r, { code: 0, stdout: 'Name: Age: ("Ada" 36)\n#<eof>', stderr: "" });
});

test("stdin on /dev/null is input that has ended: reads give the eof object", { timeout: 90_000 }, async () => {
  const r = await parabookRun([await scm("eof.scm", "(write (list (read-line) (read-char) (read)))")], "devnull");
  assert.deepEqual(r, { code: 0, stdout: "(#<eof> #<eof> #<eof>)", stderr: "" });
});

test("a stdin that stays open does not keep the run alive once the program has ended", { timeout: 90_000 }, async () => {
  const r = await parabookRun([await scm("one.scm", "(display (read-line))")], { text: "first\nsecond\n", end: false });
  assert.deepEqual(r, { code: 0, stdout: "first", stderr: "" });
});

test("on a terminal a read fails at once with the clear error, after what the program wrote (its prompt included)", { timeout: 90_000 }, async () => {
  const r = await parabookRun([await scm("tty.scm", ASKS)], "terminal");
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /^Name: tty\.scm, line 2, column 14: no input is available here: parabook run reads input only from a pipe or a file, and its stdin is a terminal \(give it the answers as `parabook run FILE < answers\.txt`, or run the notebook in the app\)/,
  );
});

test("a notebook run answers each cell's reads from stdin and shows prompt and answer in the cell, as the app does", { timeout: 90_000 }, async () => {
  const input = await notebook("asks.ipynb", ['(display "Name: ")\n(define name (read-line))', "(read-line)", '(string-append "hello " name)']);
  const output = path.join(dir, "asks.out.ipynb");
  const r = await parabookRun([input, "--output", output], { text: "Ada\n" });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Name: Ada\n#<eof>\n"hello Ada"\n');
  execFileSync("/usr/bin/python3", ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", output]);
  const cells = parseNotebook(await fs.readFile(output, "utf8")).cells.filter((c): c is CodeCell => c.cell_type === "code");
  assert.deepEqual(cells[0]!.outputs, [{ output_type: "stream", name: "stdout", text: "Name: Ada\n" }]);
});

test("a notebook run on a terminal stops at the cell that reads, with the clear error", { timeout: 90_000 }, async () => {
  const input = await notebook("tty.ipynb", ["(define before 1)", "(read-line)", "(define after 2)"]);
  const r = await parabookRun([input], "terminal");
  assert.equal(r.code, 1);
  assert.match(r.stdout, /In \[2\], line 1, column 1: no input is available here: parabook run reads input only from a pipe or a file, and its stdin is a terminal/);
  assert.match(r.stdout, /tty\.ipynb, cell 2 \(In \[2\]\) failed/);
});
