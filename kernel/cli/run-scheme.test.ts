// `parabook run FILE.scm` through the real command: only what the program writes reaches stdout, errors go to
// stderr with exit 1, deep recursion works (the kernel's big-stack worker), an unreadable file exits 2.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parabookBin } from "../testing/paths.js";

let dir: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-scm-"));
});
after(() => fs.rm(dir, { recursive: true, force: true }));

async function runFile(name: string, code: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(dir, name);
  await fs.writeFile(file, code);
  return runPath(file);
}

function runPath(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [parabookBin, "run", file], (err, stdout, stderr) => {
      resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, stdout, stderr });
    });
  });
}

test("prints only what the program writes, not the values of top-level expressions", async () => {
  const r = await runFile("hello.scm", `(define (square x) (* x x))\n(square 12)\n(display "hi ")\n(write "there")\n(newline)\n(printf "~a~%" (square 3))\n"ignored"\n`);
  assert.deepEqual(r, { code: 0, stdout: 'hi "there"\n9\n', stderr: "" });
});

test("deep non-tail recursion runs on the kernel's big stack", async () => {
  const r = await runFile("deep.scm", "(define (count n) (if (= n 0) 0 (+ 1 (count (- n 1)))))\n(display (count 1000000))\n");
  assert.equal(r.stdout, "1000000");
  assert.equal(r.code, 0, r.stderr);
});

test("an error prints a clear message with the file and line to stderr and exits 1, after what was written", async () => {
  const r = await runFile("broken.scm", '(display "before")\n(newline)\n(car 1)\n(display "after")\n');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "before\n");
  assert.match(r.stderr, /^broken\.scm, line 3, column 1: car: /);
});

test("a file that cannot be read exits 2 with the reason", async () => {
  const r = await runPath(path.join(dir, "missing.scm"));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read .*missing\.scm/);
});
