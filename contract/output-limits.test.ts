import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CappedText,
  capText,
  countNewlines,
  formatSize,
  linesStoodFor,
  omissionNote,
  parseOmissionNote,
  utf8Length,
  type TextLimits,
} from "./output-limits.js";

const small: TextLimits = { headLines: 3, headChars: 1000, tailLines: 2, tailChars: 1000 };
const numbered = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${from + i}\n`).join("");

test("text within the limits is kept whole", () => {
  assert.equal(capText("a\nb\nc\nd\ne", small), "a\nb\nc\nd\ne");
  assert.deepEqual(new CappedText(small).parts(), { head: "", omitted: null, tail: "" });
});

test("beyond the limits, the first and last lines stay and a note says how much was left out", () => {
  assert.equal(capText(numbered(0, 10), small), "0\n1\n2\n… 5 lines (10 B) left out …\n8\n9\n");
  // An unfinished last line is one of the last lines.
  assert.equal(capText(numbered(0, 10) + "x", small), "0\n1\n2\n… 6 lines (12 B) left out …\n9\nx");
});

test("appending piece by piece keeps what one append of the whole keeps, however the pieces fall", () => {
  const text = numbered(0, 5000) + "the end";
  const limits: TextLimits = { headLines: 40, headChars: 150, tailLines: 25, tailChars: 120 };
  const whole = capText(text, limits);
  for (const size of [1, 2, 3, 7, 64, 1000, 4096]) {
    const capped = new CappedText(limits);
    for (let at = 0; at < text.length; at += size) capped.append(text.slice(at, at + size));
    assert.equal(capped.text(), whole, `pieces of ${size}`);
  }
  const { head, omitted, tail } = new CappedText(limits).parts();
  assert.deepEqual({ head, omitted, tail }, { head: "", omitted: null, tail: "" });
  assert.ok(whole.startsWith("0\n1\n"));
  assert.ok(whole.endsWith("4999\nthe end"));
});

test("one endless line is cut within itself, by characters", () => {
  const line = "x".repeat(10_000);
  const capped = capText(line, { headLines: 5, headChars: 100, tailLines: 5, tailChars: 100 });
  assert.equal(capped, `${"x".repeat(100)}\n… 0 lines (9.8 KB) left out …\n${"x".repeat(100)}`);
});

test("narrowing the limits moves kept text into what was left out, and counts it", () => {
  const capped = new CappedText({ headLines: Infinity, headChars: 1000, tailLines: Infinity, tailChars: 1000 });
  capped.append(numbered(0, 1000));
  capped.narrow({ headLines: Infinity, headChars: 10, tailLines: Infinity, tailChars: 10 });
  const { head, omitted, tail } = capped.parts();
  assert.equal(head, "0\n1\n2\n3\n4\n");
  assert.equal(tail, "998\n999\n");
  assert.equal(omitted!.lines + countNewlines(head) + countNewlines(tail), 1000);
  assert.equal(omitted!.bytes + head.length + tail.length, numbered(0, 1000).length);
});

test("notes are read back, and a note's lines count as the lines it stands for", () => {
  const note = omissionNote({ lines: 2_999_600, bytes: 47_300_000 });
  assert.equal(note, "… 2,999,600 lines (47.3 MB) left out …");
  assert.deepEqual(parseOmissionNote(note), { lines: 2_999_600, bytes: 47_300_000 });
  assert.equal(parseOmissionNote("… 3 lines left out"), null);
  assert.equal(linesStoodFor(`a\n${omissionNote({ lines: 10, bytes: 20 })}\nb\n`), 12);
  assert.equal(omissionNote({ lines: 1, bytes: 5 }), "… 1 line (5 B) left out …");
  assert.equal(formatSize(1_500), "1.5 KB");
  assert.equal(formatSize(250_000_000), "250 MB");
});

test("sizes are UTF-8 bytes", () => {
  assert.equal(utf8Length("abc"), 3);
  assert.equal(utf8Length("é…"), 2 + 3);
  assert.equal(utf8Length("😀"), 4);
});

test("narrowing keeps what narrower limits would have kept: the end of a first part that is cut off becomes the end", () => {
  const text = numbered(0, 100);
  const wide: TextLimits = { headLines: Infinity, headChars: 10_000, tailLines: Infinity, tailChars: 10_000 };
  const narrow: TextLimits = { headLines: Infinity, headChars: 40, tailLines: Infinity, tailChars: 40 };
  // All of it fit the first part; then a second writer came to share the budget.
  const capped = new CappedText(wide);
  capped.append(text);
  capped.narrow(narrow);
  assert.equal(capped.text(), capText(text, narrow));
  assert.ok(capped.text().endsWith("\n98\n99\n"), "the last lines are kept, not left out");
  // Once something was left out, what the first part loses comes before it, so it is left out too.
  const skipped = new CappedText(wide);
  skipped.append(numbered(0, 20));
  skipped.skip({ lines: 5, bytes: 15 });
  skipped.append("late\n");
  skipped.narrow({ ...narrow, headChars: 10 });
  assert.equal(skipped.text(), `0\n1\n2\n3\n4\n${omissionNote({ lines: 20, bytes: 55 })}\nlate\n`);
});
