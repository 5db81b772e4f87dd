import { test } from "node:test";
import assert from "node:assert/strict";
import { newCodeCell, newMarkdownCell, type Cell } from "../../../contract/notebook.js";
import {
  blankCell,
  cellsToRun,
  changeCellType,
  cloneCells,
  deleteCells,
  insertCells,
  mergeWithNext,
  moveCell,
  splitCell,
  undoDeletion,
} from "./cell-ops.js";

const sources = (cells: readonly Cell[]) => cells.map((c) => c.source);

function sample(): Cell[] {
  return [newCodeCell("(define a 1)", "c1"), newMarkdownCell("# Title", "m1"), newCodeCell("a", "c2")];
}

test("a blank cell gets an id no other cell has", () => {
  const cells = sample();
  const cell = blankCell("markdown", cells);
  assert.equal(cell.cell_type, "markdown");
  assert.ok(!cells.some((c) => c.id === cell.id));
});

test("insert clamps the index and leaves the input alone", () => {
  const cells = sample();
  const out = insertCells(cells, 99, [newCodeCell("x", "x")]);
  assert.deepEqual(sources(out), ["(define a 1)", "# Title", "a", "x"]);
  assert.equal(cells.length, 3);
  assert.deepEqual(sources(insertCells(cells, 0, [newCodeCell("y", "y")])), ["y", "(define a 1)", "# Title", "a"]);
});

test("undoing a deletion puts the cell back where it was, with its id", () => {
  const { cells, deletion } = deleteCells(sample(), 1);
  assert.deepEqual(sources(cells), ["(define a 1)", "a"]);
  const back = undoDeletion(cells, deletion);
  assert.deepEqual(back.map((c) => c.id), ["c1", "m1", "c2"]);
});

test("undoing a deletion renews an id that a paste took meanwhile", () => {
  const { cells, deletion } = deleteCells(sample(), 0);
  const withClash = insertCells(cells, 0, [newCodeCell("other", "c1")]);
  const back = undoDeletion(withClash, deletion);
  assert.equal(new Set(back.map((c) => c.id)).size, back.length);
  assert.deepEqual(sources(back), ["(define a 1)", "other", "# Title", "a"]);
});

test("move swaps with the neighbour and stops at the ends", () => {
  const down = moveCell(sample(), 0, 1);
  assert.deepEqual(down.cells.map((c) => c.id), ["m1", "c1", "c2"]);
  assert.equal(down.index, 1);
  const stuck = moveCell(sample(), 2, 1);
  assert.deepEqual(stuck.cells.map((c) => c.id), ["c1", "m1", "c2"]);
  assert.equal(stuck.index, 2);
});

test("clones are deep copies with fresh unique ids", () => {
  const cells = sample();
  (cells[0] as Extract<Cell, { cell_type: "code" }>).outputs.push({ output_type: "stream", name: "stdout", text: "hi\n" });
  const [copy] = cloneCells([cells[0]!], cells);
  assert.notEqual(copy!.id, "c1");
  assert.equal(copy!.source, "(define a 1)");
  (copy as Extract<Cell, { cell_type: "code" }>).outputs.length = 0;
  assert.equal((cells[0] as Extract<Cell, { cell_type: "code" }>).outputs.length, 1);
});

test("changing type keeps id, source and metadata and drops outputs", () => {
  const code = newCodeCell("*hi*", "c9");
  code.metadata = { tags: ["keep"] };
  code.outputs = [{ output_type: "stream", name: "stdout", text: "x" }];
  const md = changeCellType(code, "markdown");
  assert.deepEqual(md, { cell_type: "markdown", id: "c9", source: "*hi*", metadata: { tags: ["keep"] } });
  const back = changeCellType(md, "code");
  assert.equal(back.cell_type, "code");
  assert.deepEqual(back.cell_type === "code" && back.outputs, []);
});

test("split at the cursor makes two cells of the same type, trimming the cut", () => {
  const cells = [newCodeCell("(define a 1)\n\n(define b 2)", "c1")];
  const out = splitCell(cells, 0, "(define a 1)\n".length);
  assert.deepEqual(sources(out), ["(define a 1)", "(define b 2)"]);
  assert.equal(out[0]!.id, "c1");
  assert.notEqual(out[1]!.id, "c1");
  assert.equal(out[1]!.cell_type, "code");
});

test("merge joins the sources with a blank line and keeps the first id", () => {
  const out = mergeWithNext(sample(), 1);
  assert.deepEqual(sources(out), ["(define a 1)", "# Title\n\na"]);
  assert.equal(out[1]!.id, "m1");
  assert.deepEqual(sources(mergeWithNext(sample(), 2)), sources(sample()));
});

test("run above / below / all pick the code cells of the range", () => {
  const cells = sample();
  assert.deepEqual(cellsToRun(cells, "all", 0), [0, 2]);
  assert.deepEqual(cellsToRun(cells, "above", 2), [0]);
  assert.deepEqual(cellsToRun(cells, "below", 1), [2]);
});
