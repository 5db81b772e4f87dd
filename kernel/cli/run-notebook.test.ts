// `parabook run NOTEBOOK.ipynb` with the stand-in language: outputs, exit codes, --output validity under Jupyter's
// own validator, and the input left untouched.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FAKE_KERNEL } from "../testing/fake-language.js";
import { emptyNotebook, newCodeCell, newMarkdownCell, parseNotebook, serializeNotebook, type CodeCell } from "../../contract/notebook.js";
import { parseRunNotebookArgs, runNotebook } from "./run-notebook.js";

let dir: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-run-"));
});
after(() => fs.rm(dir, { recursive: true, force: true }));

async function writeNotebook(name: string, sources: string[]): Promise<string> {
  const nb = emptyNotebook();
  nb.cells = [newMarkdownCell("# A title"), ...sources.map((s) => newCodeCell(s))];
  const file = path.join(dir, name);
  await fs.writeFile(file, serializeNotebook(nb));
  return file;
}

async function run(input: string, extra: { output?: string; allowErrors?: boolean; timeoutSeconds?: number; nodes?: number } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runNotebook({
    input,
    nodes: extra.nodes ?? 3,
    allowErrors: extra.allowErrors ?? false,
    kernels: [FAKE_KERNEL],
    ...(extra.output ? { output: extra.output } : {}),
    ...(extra.timeoutSeconds ? { timeoutSeconds: extra.timeoutSeconds } : {}),
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

function validateWithJupyter(file: string): void {
  // Debian's python3 has Jupyter's nbformat; it raises (exit 1) on an invalid notebook.
  execFileSync("/usr/bin/python3", ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", file]);
}

test("runs every code cell, prints the outputs, writes a valid executed notebook and leaves the input alone", async () => {
  const input = await writeNotebook("ok.ipynb", ["%parallel fake", "%%px\ncluster_rank * 10", "print('a\\nb\\n'); 'done'", "%%px\nprint('n' + cluster_rank + '\\n')"]);
  const before = await fs.readFile(input, "utf8");
  const output = path.join(dir, "ok.out.ipynb");
  const r = await run(input, { output });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Started 3 Fake nodes in [\d.]+ s\.\n#3\(0 10 20\)\na\nb\n"done"\n/);
  assert.match(r.stderr, /\[1\/4\] ok\.ipynb, cell 2\n/);
  assert.equal(await fs.readFile(input, "utf8"), before);
  validateWithJupyter(output);
  const executed = parseNotebook(await fs.readFile(output, "utf8"));
  const cells = executed.cells.filter((c): c is CodeCell => c.cell_type === "code");
  assert.deepEqual(cells.map((c) => c.execution_count), [1, 2, 3, 4]);
  assert.deepEqual(cells[1]!.outputs, [{ output_type: "execute_result", execution_count: 2, data: { "text/plain": "#3(0 10 20)" }, metadata: {} }]);
  assert.deepEqual(cells[2]!.outputs[0], { output_type: "stream", name: "stdout", text: "a\nb\n" });
  const nodeText = cells[3]!.outputs[0]!.output_type === "stream" ? cells[3]!.outputs[0]!.text : "";
  assert.deepEqual(nodeText.split("\n").filter(Boolean).sort(), ["[node 0] n0", "[node 1] n1", "[node 2] n2"]);
});

test("stops at the first error with exit 1, unless --allow-errors; the output notebook keeps what ran", async () => {
  const input = await writeNotebook("fails.ipynb", ["1", "fail('broken')", "2"]);
  const output = path.join(dir, "fails.out.ipynb");
  const stopped = await run(input, { output });
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /fails\.ipynb, cell 3 \(In \[2\]\) failed/);
  validateWithJupyter(output);
  const cells = parseNotebook(await fs.readFile(output, "utf8")).cells.filter((c): c is CodeCell => c.cell_type === "code");
  assert.deepEqual(cells.map((c) => c.execution_count), [1, 2, null]);
  assert.deepEqual(cells[1]!.outputs, [{ output_type: "error", ename: "Error", evalue: "broken", traceback: ["Error: broken"] }]);

  const allowed = await run(input, { allowErrors: true });
  assert.equal(allowed.code, 0);
  assert.match(allowed.stdout, /1\nError: broken\n2\n$/);
});

test("--timeout interrupts a cell that runs too long and fails the run; the output says it was the timeout", async () => {
  const input = await writeNotebook("slow.ipynb", ["spin()", "1"]);
  const output = path.join(dir, "slow.out.ipynb");
  const r = await run(input, { timeoutSeconds: 0.3, allowErrors: true, output });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cell 2 \(In \[1\]\) ran longer than --timeout 0\.3 s and was interrupted/);
  const stopped = "Timeout: the cell ran longer than --timeout 0.3 s and was stopped";
  assert.match(r.stdout, new RegExp(`^${stopped.replace(/\./g, "\\.")}$`, "m"));
  assert.doesNotMatch(r.stdout, /by the user/);
  validateWithJupyter(output);
  const cell = parseNotebook(await fs.readFile(output, "utf8")).cells.find((c): c is CodeCell => c.cell_type === "code")!;
  assert.deepEqual(cell.outputs, [{ output_type: "error", ename: "Timeout", evalue: "the cell ran longer than --timeout 0.3 s and was stopped", traceback: [stopped] }]);
});

test("a missing or malformed notebook is a clear error with exit 2", async () => {
  const missing = await run(path.join(dir, "nope.ipynb"));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Cannot read .*nope\.ipynb: no such file or folder/);
  const broken = path.join(dir, "broken.ipynb");
  await fs.writeFile(broken, '{"cells": [');
  const r = await run(broken);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /broken\.ipynb is not valid JSON, line 1, column \d+/);
});

test("invalid UTF-8 in the notebook is reported on stderr with its place, and the notebook runs", async () => {
  const file = await writeNotebook("latin1.ipynb", ["'caf\u00e9'"]);
  const bytes = await fs.readFile(file);
  const at = bytes.indexOf(Buffer.from("\u00e9", "utf8"));
  await fs.writeFile(file, Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe9]), bytes.subarray(at + 2)]));
  const r = await run(file);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`^parabook run: warning: latin1\\.ipynb is not valid UTF-8: the first bad byte \\(0xE9\\) is at line \\d+, column \\d+ \\(byte ${at}\\)`, "m"));
  assert.match(r.stdout, /"caf\ufffd"/);
});

test("a notebook in another language is refused with exit 2 before anything runs", async () => {
  const file = path.join(dir, "python.ipynb");
  const nb = emptyNotebook();
  nb.metadata = { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } };
  await fs.writeFile(file, serializeNotebook(nb));
  const r = await run(file);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `parabook run: ${file} is a python notebook; Parabook runs Scheme notebooks.\n`);
});

test("command-line arguments: defaults, checks, and never writing over the input", () => {
  const parsed = parseRunNotebookArgs(["nb.ipynb", "--nodes", "10", "--output", "out.ipynb", "--allow-errors", "--timeout", "60"]);
  assert.deepEqual(parsed, { input: "nb.ipynb", nodes: 10, output: "out.ipynb", allowErrors: true, timeoutSeconds: 60 });
  assert.throws(() => parseRunNotebookArgs(["nb.ipynb", "--nodes", "0"]), /--nodes wants a whole number from 1 to 64, got 0/);
  assert.throws(() => parseRunNotebookArgs(["nb.ipynb", "--output", "./nb.ipynb"]), /never changes its input/);
  assert.throws(() => parseRunNotebookArgs(["nb.ipynb", "--verbose"]), /unknown option --verbose/);
  assert.throws(() => parseRunNotebookArgs(["--nodes"]), /--nodes needs a value/);
});
