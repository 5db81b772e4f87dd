// The done criterion of the language: the seed notebook's Scheme, run as one program, prints exactly the
// picture stored in the notebook, and the notebook printer shows the values the notebook displays.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { seedNotebookPath } from "../testing/paths.js";
import { notebookRepr } from "./printer.js";
import { testEvaluator } from "./testing/evaluate.js";

interface Cell {
  readonly cell_type: string;
  readonly source: string | string[];
  readonly outputs?: { output_type: string; text?: string | string[] }[];
}
const cells = (JSON.parse(readFileSync(seedNotebookPath, "utf8")) as { cells: Cell[] }).cells;
const text = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);
/** A cell's code as the host kernel runs it: magic lines removed. */
const code = (i: number) =>
  text(cells[i]!.source)
    .split("\n")
    .filter((line) => !line.startsWith("%"))
    .join("\n");

test("the seed notebook's host cells print exactly the stored picture and nothing else", () => {
  const ev = testEvaluator("seed");
  for (const i of [11, 13, 15, 17, 19, 21, 23, 27]) ev.value(code(i));
  const stored = cells[27]!.outputs!.filter((o) => o.output_type === "stream").map((o) => text(o.text!)).join("");
  const picture = stored
    .split("\n")
    .filter((line) => !line.startsWith("Time:"))
    .join("\n");
  assert.equal(ev.output(), picture);
});

test("the notebook printer shows the seed's values as the notebook does", () => {
  const ev = testEvaluator("seed");
  for (const i of [11, 13, 15, 17]) ev.value(code(i));
  assert.equal(notebookRepr(ev.value(code(19))), "10");
  assert.equal(notebookRepr(ev.value(code(21))), null);
  assert.equal(notebookRepr(ev.value(code(23))), '"a"');
  ev.value("(define n 3)");
  assert.equal(notebookRepr(ev.value(code(27))), "done");
  ev.value("(define cluster_rank 3) (define cluster_size 10)");
  assert.equal(notebookRepr(ev.value(code(3))), "9");
  assert.equal(notebookRepr(ev.value("(list->vector (map (lambda (r) (* r r)) (range 10)))")), "#10(0 1 4 9 16 25 36 49 64 81)");
});
