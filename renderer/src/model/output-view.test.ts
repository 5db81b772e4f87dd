import { test } from "node:test";
import assert from "node:assert/strict";
import { countLines, firstLines, nodeGroupsStartOpen, outputLineCount, preferredMime, streamPieces } from "./output-view.js";

test("node lines are grouped per node, in rank order, where the first node spoke", () => {
  const text = "start\n[node 1] b\nhost\n[node 0] a\n[node 1] c\nend\n";
  const pieces = streamPieces(text);
  assert.deepEqual(pieces, [
    { kind: "text", text: "start\n" },
    { kind: "node", node: 0, text: "a\n", lines: 1 },
    { kind: "node", node: 1, text: "b\nc\n", lines: 2 },
    { kind: "text", text: "host\nend\n" },
  ]);
  assert.equal(nodeGroupsStartOpen(pieces), true);
  assert.deepEqual(streamPieces("plain\n"), [{ kind: "text", text: "plain\n" }]);
});

test("many node lines start folded", () => {
  const text = Array.from({ length: 10 }, (_, n) => Array.from({ length: 30 }, () => `[node ${n}] ...\n`).join("")).join("");
  const pieces = streamPieces(text);
  assert.equal(pieces.length, 10);
  assert.equal(nodeGroupsStartOpen(pieces), false);
});

test("long text is cut to a first page with the number of hidden lines", () => {
  const text = Array.from({ length: 100_000 }, (_, i) => `line ${i}\n`).join("");
  const cut = firstLines(text, 1000);
  assert.equal(countLines(cut.shown), 1000);
  assert.equal(cut.hiddenLines, 99_000);
  assert.ok(cut.shown.endsWith("line 999\n"));
  assert.deepEqual(firstLines("a\nb", 5), { shown: "a\nb", hiddenLines: 0 });
  assert.deepEqual(firstLines("a\nb\n", 2), { shown: "a\nb\n", hiddenLines: 0 });
  assert.deepEqual(firstLines("a\nb\nc", 2), { shown: "a\nb\n", hiddenLines: 1 });
});

test("line counts cover streams, results and errors", () => {
  assert.equal(countLines(""), 0);
  assert.equal(countLines("x"), 1);
  assert.equal(
    outputLineCount([
      { output_type: "stream", name: "stdout", text: "a\nb\n" },
      { output_type: "execute_result", execution_count: 1, data: { "text/plain": "1" }, metadata: {} },
      { output_type: "error", ename: "E", evalue: "v", traceback: ["t1", "t2"] },
    ]),
    6,
  );
});

test("the richest safe representation wins", () => {
  assert.deepEqual(preferredMime({ "text/plain": "x", "image/png": "AAA" }), { mime: "image/png", kind: "png" });
  assert.deepEqual(preferredMime({ "text/plain": "x", "text/html": "<b>" }), { mime: "text/html", kind: "html" });
  assert.equal(preferredMime({}), null);
});
