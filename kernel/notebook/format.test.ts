import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { seedNotebookPath } from "../testing/paths.js";
import { NotebookFormatError, parseNotebook, serializeNotebook } from "./format.js";

const seedPath = seedNotebookPath;

test("the seed notebook round-trips byte for byte, as Jupyter wrote it", () => {
  const text = readFileSync(seedPath, "utf8");
  const nb = parseNotebook(text, "seed.ipynb");
  assert.equal(nb.cells.length, 33);
  assert.equal(nb.cells[1]!.source, "%parallel calysto_scheme CalystoScheme");
  assert.equal(serializeNotebook(nb), text);
});

test("multi-line sources are joined on read and split on write", () => {
  const nb = parseNotebook(
    JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [{ cell_type: "code", source: ["(+ 1\n", " 2)"], metadata: {}, outputs: [], execution_count: null }] }),
  );
  const cell = nb.cells[0]!;
  assert.equal(cell.source, "(+ 1\n 2)");
  assert.match(cell.id, /^[0-9a-f]{8}$/, "a 4.4 notebook's cells gain ids");
  assert.equal(nb.nbformat_minor, 5);
  assert.match(serializeNotebook(nb), /"source": \[\n    "\(\+ 1\\n",\n    " 2\)"\n   \]/);
});

test("truncated JSON names the line and column and says it looks truncated", () => {
  const text = readFileSync(seedPath, "utf8").slice(0, 500);
  assert.throws(() => parseNotebook(text, "seed.ipynb"), (err: unknown) => {
    assert.ok(err instanceof NotebookFormatError);
    assert.match(err.message, /^seed\.ipynb is not valid JSON, line \d+, column \d+: .*truncated/);
    return true;
  });
});

test("a JSON file that is not a notebook is refused with the reason", () => {
  assert.throws(() => parseNotebook('{"hello": 1}', "x.ipynb"), /x\.ipynb is not an nbformat 4 notebook \(no nbformat field\)/);
  assert.throws(() => parseNotebook("[1,2]", "x.ipynb"), /top level is not an object/);
  assert.throws(() => parseNotebook("", "x.ipynb"), /x\.ipynb is empty/);
  assert.throws(
    () => parseNotebook('{"nbformat":4,"cells":[{"cell_type":"widget","source":""}]}', "x.ipynb"),
    /cell 1 has an unknown cell_type "widget"/,
  );
});
