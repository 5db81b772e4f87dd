import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { seedNotebookPath } from "../kernel/testing/paths.js";
import { NotebookFormatError, parseNotebook, serializeNotebook } from "./notebook.js";

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

/** A notebook whose fourth cell has an output nested `depth` levels deep in its JSON data. */
function deeplyNestedNotebook(depth: number): string {
  const deep = "[".repeat(depth) + "]".repeat(depth);
  const cells = [0, 1, 2].map(() => '{"cell_type":"code","source":"","metadata":{},"outputs":[],"execution_count":null}');
  cells.push(`{"cell_type":"code","source":"","metadata":{},"execution_count":1,"outputs":[{"output_type":"display_data","metadata":{},"data":{"application/json":${deep}}}]}`);
  return `{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[${cells.join(",")}]}`;
}

test("JSON nested too deeply is refused with the limit and where it happens, not a stack overflow", () => {
  assert.throws(() => parseNotebook(deeplyNestedNotebook(200_000), "deep.ipynb"), (err: unknown) => {
    assert.ok(err instanceof NotebookFormatError, `expected a NotebookFormatError, got ${String(err)}`);
    assert.match(err.message, /^deep\.ipynb is nested too deeply \(more than 1000 levels\) in cell 4, at cells\[3\]\.outputs\[0\]\.data\["application\/json"\]\[0\]\[0\]/);
    assert.equal(err.where?.cell, 4);
    return true;
  });
  // Deep but within the limit: read and written as usual.
  const fine = parseNotebook(deeplyNestedNotebook(900), "fine.ipynb");
  assert.match(serializeNotebook(fine), /\[\]/);
});

test("keys named __proto__ are kept as ordinary keys, in and out, and never become prototypes", () => {
  // Written out as text: in an object literal, __proto__ would set the prototype instead of making a key.
  const raw = `{"nbformat": 4, "nbformat_minor": 5,
    "metadata": {"__proto__": {"polluted": true}, "kept": 1},
    "cells": [{"cell_type": "code", "id": "c1", "source": "", "execution_count": 1,
      "metadata": {"__proto__": {"tag": "x"}},
      "outputs": [{"output_type": "display_data", "metadata": {"__proto__": 2},
        "data": {"application/json": {"__proto__": [1]}, "text/plain": "v"}}]}]}`;
  const nb = parseNotebook(raw, "proto.ipynb");
  const written = serializeNotebook(nb);
  assert.equal((written.match(/"__proto__"/g) ?? []).length, 4, `every __proto__ key is written back:\n${written}`);
  const again = parseNotebook(written, "proto.ipynb");
  assert.deepEqual(Object.keys(again.metadata), ["__proto__", "kept"]);
  assert.equal(Object.getPrototypeOf(again.metadata), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, "nothing leaked into Object.prototype");
  assert.equal(serializeNotebook(again), written);
});
