// A cell that prints far more than anyone can read: real node kernels, the real page in Chromium, the real file.
// The page shows each node's first and last lines and says how many it left out between them; the notebook file
// keeps the output within its limit (output-limits.ts) and says what it left out; `parabook run` writes the same.
// (The tester's case, 10^6 lines from each of 3 nodes, is measured by hand; far more lines than the page shows
// prove the cap as well, in a fraction of the time.)

import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runNotebook } from "../kernel/cli/run-notebook.js";
import { emptyNotebook, newCodeCell, parseNotebook, serializeNotebook, type CodeCell, type StreamOutput } from "../contract/notebook.js";
import { FILE_OUTPUT_LIMIT_CHARS, PAGE_HEAD_LINES, PAGE_TAIL_LINES, parseOmissionNote } from "../contract/output-limits.js";
import { servedNotebook, sharedBrowser } from "../e2e/testing/harness.js";

const browser = sharedBrowser();

const NODES = 3;
const LINES = 30_000;
const START = `%parallel calysto_scheme CalystoScheme -n ${NODES}`;
// Each line goes out in one write, so the kernels' batches never end inside a line and the counts are exact.
const PRINT = `%%px\n(let loop ((i 0)) (if (< i ${LINES}) (begin (display (string-append (number->string i) "\\n")) (loop (+ i 1)))))`;

/** Checks one node's lines as the file keeps them: its first and last lines, and one note for the rest. */
function checkKeptLines(text: string, node: number): void {
  const prefix = `[node ${node}] `;
  const mine = text.split("\n").filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
  assert.equal(mine[0], "0", `node ${node}'s first line is kept`);
  assert.equal(mine.at(-1), String(LINES - 1), `node ${node}'s last line is kept`);
  const notes = mine.map(parseOmissionNote).filter((note) => note !== null);
  assert.equal(notes.length, 1, `one note says what was left out of node ${node}'s lines`);
  assert.equal(mine.length - 1 + notes[0]!.lines, LINES, `node ${node}'s kept lines and the note add up to all its lines`);
}

function checkKeptStream(outputs: readonly unknown[]): void {
  const streams = outputs.filter((o): o is StreamOutput => (o as StreamOutput).output_type === "stream");
  assert.equal(streams.length, 1, "the nodes' lines are one stdout output");
  const text = streams[0]!.text;
  assert.ok(text.length <= FILE_OUTPUT_LIMIT_CHARS + 1_000, `the file keeps ${text.length} characters of it`);
  for (let node = 0; node < NODES; node++) checkKeptLines(text, node);
}

test(`${NODES} nodes printing ${LINES} lines each: the page shows each node's first and last lines and what it left out; the file keeps the output within its limit`, { timeout: 300_000 }, async (t) => {
  const file = serializeNotebook({ ...emptyNotebook(), cells: [newCodeCell("")] });
  const { nb, served } = await servedNotebook(t, browser(), { files: { "long.ipynb": file }, settings: { clusterSize: NODES }, open: "long.ipynb" });
  await nb.addAndRun(START);
  await nb.waitUntilIdle();
  const cell = await nb.addAndRun(PRINT);
  await nb.waitUntilIdle(240_000);

  const output = cell.getByRole("region", { name: "Output" });
  for (let node = 0; node < NODES; node++) {
    const group = output.locator("details").filter({ has: nb.page.locator("summary", { hasText: new RegExp(`^node ${node} `) }) });
    await group.locator("summary").click();
    const shown = await group.innerText();
    assert.match(shown, new RegExp(`^node ${node} ${LINES} lines\\n0\\n1\\n2\\n`), `node ${node}: its line count, then its first lines`);
    assert.ok(shown.trimEnd().endsWith(`\n${LINES - 2}\n${LINES - 1}`), `node ${node}: its last lines, not ${JSON.stringify(shown.slice(-200))}`);
    const left = (LINES - PAGE_HEAD_LINES - PAGE_TAIL_LINES).toLocaleString("en-US");
    assert.match(shown, new RegExp(`\\n… ${left} lines \\([\\d.]+ [KM]B\\) left out …\\n`), `node ${node}: how much the page left out`);
  }
  // What the page holds is bounded: the first and last lines of each node, not all of them.
  const shownLines = (await output.innerText()).split("\n").length;
  assert.ok(shownLines <= NODES * (PAGE_HEAD_LINES + PAGE_TAIL_LINES + 4), `the page shows ${shownLines} lines`);

  await nb.button("Save").click();
  await nb.page.getByLabel("Unsaved changes").waitFor({ state: "detached", timeout: 60_000 });
  const saved = parseNotebook(await fs.readFile(path.join(served.notebookDir, "long.ipynb"), "utf8"), "long.ipynb");
  const printed = saved.cells.find((c): c is CodeCell => c.cell_type === "code" && c.source === PRINT);
  assert.ok(printed, "the printing cell is saved");
  checkKeptStream(printed.outputs);
});

test(`parabook run writes the notebook with the same limit, and prints every line`, { timeout: 300_000 }, async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-faults-output-"));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const input = path.join(dir, "long.ipynb");
  const output = path.join(dir, "long.out.ipynb");
  await fs.writeFile(input, serializeNotebook({ ...emptyNotebook(), cells: [newCodeCell(START), newCodeCell(PRINT)] }));
  let stdout = "";
  let stderr = "";
  const code = await runNotebook({ input, output, nodes: NODES, allowErrors: false, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  assert.equal(code, 0, stderr);
  for (let node = 0; node < NODES; node++) {
    assert.equal(stdout.split("\n").filter((line) => line.startsWith(`[node ${node}] `)).length, LINES, `the terminal shows all of node ${node}'s lines`);
  }
  const executed = parseNotebook(await fs.readFile(output, "utf8"), "long.out.ipynb");
  checkKeptStream((executed.cells[1] as CodeCell).outputs);
});
