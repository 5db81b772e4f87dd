import { test } from "node:test";
import assert from "node:assert/strict";
import type { CellEvent } from "./api.js";
import { FILE_OUTPUT_LIMIT_CHARS, parseOmissionNote } from "./output-limits.js";
import { answeredInputText, CellOutputs, cellOutputs, HIDDEN_ANSWER, timingText } from "./outputs.js";

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

/** Batches of 1000 lines from each node: interleaved as kernels running side by side send them, or one node after another. */
function nodeBatches(nodes: number, linesPerNode: number, order: "interleaved" | "one node after another"): CellEvent[] {
  const events: CellEvent[] = [];
  const batch = (node: number, from: number) => out(Array.from({ length: 1000 }, (_, i) => `${from + i}\n`).join(""), node);
  if (order === "interleaved") {
    for (let from = 0; from < linesPerNode; from += 1000) for (let node = 0; node < nodes; node++) events.push(batch(node, from));
  } else {
    for (let node = 0; node < nodes; node++) for (let from = 0; from < linesPerNode; from += 1000) events.push(batch(node, from));
  }
  return events;
}

// 30,000 lines a node: more than a third of the file's budget, less than all of it.
for (const [order, linesPerNode] of [["interleaved", 100_000], ["interleaved", 30_000], ["one node after another", 100_000], ["one node after another", 30_000]] as const) {
  test(`a stream past the file's limit keeps each node's first and last lines, and notes what it left out (${order}, ${linesPerNode} lines)`, () => {
    const nodes = 3;
    // A node that writes everything before the next one starts had the whole budget to itself until then.
    const events = nodeBatches(nodes, linesPerNode, order);
    events.push({ type: "timing", cellId, seconds: 1.5 });
    const [stream, ...rest] = cellOutputs(events);
    assert.equal(rest.length, 0);
    assert.equal(stream!.output_type, "stream");
    const text = (stream as { text: string }).text;
    assert.ok(text.length <= FILE_OUTPUT_LIMIT_CHARS + 1000, `${text.length} characters kept`);
    for (let node = 0; node < nodes; node++) {
      const mine = text.split("\n").filter((line) => line.startsWith(`[node ${node}] `));
      assert.equal(mine[0], `[node ${node}] 0`);
      assert.equal(mine.at(-1), `[node ${node}] ${linesPerNode - 1}`);
      const notes = mine.map((line) => parseOmissionNote(line.slice(`[node ${node}] `.length))).filter((n) => n !== null);
      assert.equal(notes.length, 1, `one note for node ${node}`);
      // Kept lines and the lines left out add up to every line the node wrote.
      assert.equal(mine.length - 1 + notes[0]!.lines, linesPerNode);
    }
    assert.ok(text.endsWith("Time: 1.5 seconds.\n"));
  });
}

test("a stream within the file's limit is kept whole, lines in the order they came", () => {
  const events = [out("a\n", 0), out("b\n", 1), out("c\n", 0)];
  assert.deepEqual(cellOutputs(events), [{ output_type: "stream", name: "stdout", text: "[node 0] a\n[node 1] b\n[node 0] c\n" }]);
});

test("timing after a node's unfinished line starts a line of its own, once", () => {
  const outputs = cellOutputs([out("x", 0), { type: "timing", cellId, seconds: 2 }]);
  assert.deepEqual(outputs, [{ output_type: "stream", name: "stdout", text: "[node 0] x\nTime: 2 seconds.\n" }]);
});

test("a result's text past the file's limit is capped; the transcript starts it on a line of its own", () => {
  const outputs = new CellOutputs();
  assert.equal(outputs.add(out("no newline")), "no newline");
  const huge = "y".repeat(FILE_OUTPUT_LIMIT_CHARS * 3);
  const printed = outputs.add({ type: "result", cellId, executionCount: 1, data: { "text/plain": huge } });
  assert.ok(printed === `\n${huge}\n`, "the transcript prints the whole result, on a line of its own");
  const [stream, result] = outputs.outputs();
  assert.deepEqual(stream, { output_type: "stream", name: "stdout", text: "no newline" });
  const kept = (result as { data: Record<string, string> }).data["text/plain"]!;
  assert.ok(kept.length <= FILE_OUTPUT_LIMIT_CHARS + 100);
  assert.ok(/^y+\n… 0 lines \(2\.0 MB\) left out …\ny+$/.test(kept), "the middle of the result is left out, and said so");
});

test("an answered input request leaves 'prompt answer' in the transcript; a password is hidden; an ended input, the prompt alone", () => {
  assert.equal(answeredInputText("Name: ", "Ada", false), "Name: Ada\n");
  assert.equal(answeredInputText("", "Ada", false), "Ada\n");
  assert.equal(answeredInputText("Password: ", "s3cret", true), `Password: ${HIDDEN_ANSWER}\n`);
  assert.ok(!answeredInputText("Password: ", "s3cret", true).includes("s3cret"));
  assert.equal(answeredInputText("Name: ", null, false), "Name: \n");
  assert.equal(answeredInputText("", null, false), "", "nothing asked visibly, nothing answered: no blank line");
});
