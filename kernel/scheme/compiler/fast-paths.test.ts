// The compiler's inline arithmetic gives the numeric tower's results at every boundary of its fast cases.

import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";

test("inline + and - cross the int32 and the safe-integer boundaries exactly, and take bignums", () => {
  const ev = testEvaluator();
  ev.run("(define (add a b) (+ a b)) (define (sub a b) (- a b)) (define big (expt 2 80))");
  const cases: [string, string][] = [
    ["(add 2147483647 1)", "2147483648"],
    ["(+ 2147483647 1)", "2147483648"],
    ["(sub -2147483648 1)", "-2147483649"],
    ["(add 2147483647 2147483647)", "4294967294"],
    ["(add 9007199254740991 1)", "9007199254740992"],
    ["(+ 9007199254740991 1)", "9007199254740992"],
    ["(sub -9007199254740991 1)", "-9007199254740992"],
    ["(add big 1)", "1208925819614629174706177"],
    ["(sub 1 big)", "-1208925819614629174706175"],
    ["(sub (+ big 1) big)", "1"],
    ["(add 1 0.5)", "1.5"],
    ["(sub 0 0)", "0"],
    ["(eqv? (sub 0 0) -0.0)", "#f"],
  ];
  for (const [code, expected] of cases) assert.equal(ev.run(code), expected, code);
  assert.match(ev.fail("(add 1 'a)").evalue, /\+.*a number/);
});

test("a counting loop stays exact past the int32 range", () => {
  const ev = testEvaluator();
  assert.equal(ev.run("(let loop ((i 2147483640) (n 0)) (if (= n 20) i (loop (+ i 1) (+ n 1))))"), "2147483660");
});

test("a loop compiled while the primitives were in place follows their redefinition, and locates its errors", () => {
  const ev = testEvaluator();
  ev.run("(define (count-up i acc) (if (= i 5) acc (count-up (+ i 1) (+ acc 2))))");
  assert.equal(ev.run("(count-up 0 0)"), "10");
  assert.match(ev.fail("(count-up 'a 0)").traceback[0]!, /line 1, column \d+: .*a number/);
  ev.run("(define (= a b) (> a 2))");
  assert.equal(ev.run("(count-up 0 0)"), "6");
});
