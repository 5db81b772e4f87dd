import { test } from "node:test";
import assert from "node:assert/strict";
import { PAGE_HEAD_LINES, PAGE_TAIL_LINES } from "../../../contract/output-limits.js";
import { lineCount, nodeGroupsStartOpen, outputLineCount, pageText, preferredMime, streamPieces } from "./output-view.js";

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

test("long text shows its first and last lines and says how much was left out", () => {
  const text = Array.from({ length: 100_000 }, (_, i) => `line ${i}\n`).join("");
  const page = pageText(text);
  assert.equal(lineCount(page.head), PAGE_HEAD_LINES);
  assert.equal(lineCount(page.tail), PAGE_TAIL_LINES);
  assert.ok(page.head.startsWith("line 0\nline 1\n"));
  assert.ok(page.tail.endsWith("line 99999\n"));
  const left = text.slice(page.head.length, text.length - page.tail.length);
  assert.deepEqual(page.omitted, { lines: 100_000 - PAGE_HEAD_LINES - PAGE_TAIL_LINES, bytes: left.length });
  assert.deepEqual(pageText("a\nb"), { head: "a\nb", omitted: null, tail: "" });
});

test("a text the file capped already counts its note in what the page leaves out", () => {
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${from + i}\n`).join("");
  const stored = `${lines(0, 1000)}… 5,000 lines (30.0 KB) left out …\n${lines(6000, 7000)}`;
  const page = pageText(stored);
  assert.equal(page.omitted!.lines, 7000 - PAGE_HEAD_LINES - PAGE_TAIL_LINES);
  assert.equal(lineCount(stored), 7000);
});

test("line counts cover streams, results and errors", () => {
  assert.equal(lineCount(""), 0);
  assert.equal(lineCount("x"), 1);
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
