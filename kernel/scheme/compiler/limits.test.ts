// What JavaScript itself limits and Scheme does not: a call's argument count, a procedure's parameter count.

import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";

const ev = testEvaluator();
const ones = (n: number): string => "1 ".repeat(n);

test("a call with more arguments than V8 allows in one call expression (65 535) works", () => {
  assert.equal(ev.run(`(length (list ${ones(66_000)}))`), "66000");
  assert.equal(ev.run(`(vector-length (vector ${ones(66_000)}))`), "66000");
  ev.run("(define (count . xs) (length xs))");
  assert.equal(ev.run(`(count ${ones(66_000)})`), "66000");
  assert.equal(ev.run(`(let ((n 0)) (define (count2 . xs) (length xs)) (count2 ${ones(66_000)}))`), "66000");
  assert.equal(ev.run(`(length \`(,@(list 1) ${",1 ".repeat(66_000)}))`), "66001", "a quasiquote with that many unquotes");
});

test("a procedure with more parameters than V8 allows is a clear syntax error", () => {
  const params = Array.from({ length: 66_000 }, (_, i) => `p${i}`).join(" ");
  const report = ev.fail(`(define (wide ${params}) p0)`);
  assert.equal(report.ename, "SyntaxError");
  assert.match(report.evalue, /^a procedure may have at most 65534 parameters, this one has 66000/);
  assert.deepEqual(report.location, { origin: "test", line: 1, column: 1 });
});
