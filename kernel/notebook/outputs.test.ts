import { test } from "node:test";
import assert from "node:assert/strict";
import type { CellEvent } from "../../renderer/api.js";
import { cellOutputs, timingText } from "./outputs.js";

const cellId = "c1";
const out = (text: string, node?: number): CellEvent =>
  node === undefined ? { type: "stream", cellId, name: "stdout", text } : { type: "stream", cellId, name: "stdout", text, node };

test("consecutive stream text of one name merges; a different name starts a new output", () => {
  const outputs = cellOutputs([out("a"), out("b\n"), { type: "stream", cellId, name: "stderr", text: "oops\n" }, out("c")]);
  assert.deepEqual(outputs, [
    { output_type: "stream", name: "stdout", text: "ab\n" },
    { output_type: "stream", name: "stderr", text: "oops\n" },
    { output_type: "stream", name: "stdout", text: "c" },
  ]);
});

test("node output is prefixed line by line and never mixed into another writer's open line", () => {
  const outputs = cellOutputs([out("..", 1), out(".\n..", 1), out("x", 2), out("host\n"), out("\ny\n", 3)]);
  assert.deepEqual(outputs, [
    { output_type: "stream", name: "stdout", text: "[node 1] ...\n[node 1] ..\n[node 2] x\nhost\n[node 3] \n[node 3] y\n" },
  ]);
});

test("timing becomes Metakernel's line on stdout, after what came before, on a line of its own", () => {
  assert.equal(timingText(75.23063731193542), "Time: 75.23063731193542 seconds.\n");
  const outputs = cellOutputs([out("no newline"), { type: "timing", cellId, seconds: 0.5 }]);
  assert.deepEqual(outputs, [{ output_type: "stream", name: "stdout", text: "no newline\nTime: 0.5 seconds.\n" }]);
});

test("results, displays and errors become their nbformat outputs; progress leaves no trace", () => {
  const outputs = cellOutputs([
    { type: "px-progress", cellId, done: 1, total: 2, failed: 0 },
    { type: "error", cellId, ename: "Error", evalue: "boom", traceback: ["Error: boom", "  in f"], node: 2 },
    { type: "error", cellId, ename: "UnboundVariable", evalue: "x", traceback: ["x"] },
    { type: "display", cellId, data: { "text/html": "<b>hi</b>", "text/plain": "hi" } },
    { type: "result", cellId, executionCount: 4, data: { "text/plain": "#2(0 #<error on node 2>)" } },
  ]);
  assert.deepEqual(outputs, [
    { output_type: "error", ename: "Error", evalue: "[node 2] boom", traceback: ["[node 2] Error: boom", "[node 2]   in f"] },
    { output_type: "error", ename: "UnboundVariable", evalue: "x", traceback: ["x"] },
    { output_type: "display_data", data: { "text/html": "<b>hi</b>", "text/plain": "hi" }, metadata: {} },
    { output_type: "execute_result", execution_count: 4, data: { "text/plain": "#2(0 #<error on node 2>)" }, metadata: {} },
  ]);
});
