// The acceptance document: the user's notebook run headless through `parabook run`, with 10 nodes (every stored
// output reproduced, timings aside), 2 and 3 nodes (same pictures, vectors of that length), and 4 nodes (the last
// cell fails: `portion` no longer covers all 30 rows).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { CodeCell } from "../../contract/notebook.js";
import { parabookBin, seedNotebookPath } from "../testing/paths.js";
import { codeCells, comparable } from "../testing/seed-outputs.js";

const execFileAsync = promisify(execFile);

let dir: string;
let stored: CodeCell[];
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-seed-"));
  stored = codeCells(await fs.readFile(seedNotebookPath, "utf8"));
});
after(() => fs.rm(dir, { recursive: true, force: true }));

interface SeedRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  cells: CodeCell[];
}

async function runSeed(nodes: number): Promise<SeedRun> {
  const output = path.join(dir, `seed-${nodes}.ipynb`);
  const args = [parabookBin, "run", seedNotebookPath, "--nodes", String(nodes), "--output", output];
  let exitCode = 0;
  let stdout: string;
  let stderr: string;
  try {
    ({ stdout, stderr } = await execFileAsync(process.execPath, args, { maxBuffer: 16 * 2 ** 20 }));
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    ({ stdout, stderr } = e);
    exitCode = e.code;
  }
  await execFileAsync("/usr/bin/python3", ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", output]);
  return { exitCode, stdout, stderr, cells: codeCells(await fs.readFile(output, "utf8")) };
}

const PICTURE_CELLS = [13, 15]; // the serial picture (%%time) and the one rebuilt from the nodes' results

test("with 10 nodes every output stored in the notebook is reproduced", async () => {
  const r = await runSeed(10);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.cells.length, stored.length);
  stored.forEach((cell, i) => assert.deepEqual(comparable(r.cells[i]!), comparable(cell), `code cell ${i + 1}:\n${cell.source}`));
  // The picture is printed, and nothing is lost from the nodes: each printed its dots.
  assert.match(r.stdout, /@@@@@@@@@@@@@@@@@@@@@@@@@@@,\.\./);
  const nodeLines = r.cells[14]!.outputs.flatMap((o) => (o.output_type === "stream" ? o.text.split("\n") : [])).filter((l) => l.startsWith("[node 9] "));
  assert.ok(nodeLines.length > 0, "node 9's output is kept and attributed");
});

for (const nodes of [2, 3]) {
  test(`with ${nodes} nodes the pictures are the same and the vectors have ${nodes} items`, async () => {
    const r = await runSeed(nodes);
    assert.equal(r.exitCode, 0, r.stderr);
    for (const i of PICTURE_CELLS) assert.deepEqual(comparable(r.cells[i]!), comparable(stored[i]!), `picture in code cell ${i + 1}`);
    const result = (i: number): string | undefined => {
      const o = r.cells[i]!.outputs.find((x) => x.output_type === "execute_result");
      return o?.output_type === "execute_result" ? (o.data["text/plain"] as string) : undefined;
    };
    const squares = Array.from({ length: nodes }, (_, k) => k * k).join(" ");
    assert.equal(result(1), `#${nodes}(${squares})`);
    assert.equal(result(3), `#${nodes}(${squares})`);
    assert.equal(result(4), `#${nodes}(${Array(nodes).fill(nodes).join(" ")})`);
    assert.equal(result(9), `#${nodes}(${Array(nodes).fill(10).join(" ")})`);
    assert.equal(result(11), `#${nodes}(${Array(nodes).fill('"a"').join(" ")})`);
  });
}

test("with 4 nodes the last cell fails with index out of range, naming the cell's line", async () => {
  const r = await runSeed(4);
  assert.equal(r.exitCode, 1);
  const last = r.cells[r.cells.length - 1]!;
  const error = last.outputs.find((o) => o.output_type === "error");
  assert.ok(error?.output_type === "error", "the last cell has an error output");
  assert.equal(error.ename, "IndexOutOfRange");
  assert.match(error.evalue, /vector-ref/);
  assert.match(error.traceback[0]!, /^In \[\d+\], line 6, column \d+: /);
  assert.match(r.stderr, /seed-parallel-mandelbrot\.ipynb, cell 32 \(In \[\d+\]\) failed/);
  // Everything before it ran.
  assert.deepEqual(r.cells.slice(0, -1).map((c) => c.outputs.some((o) => o.output_type === "error")), Array(r.cells.length - 1).fill(false));
});
