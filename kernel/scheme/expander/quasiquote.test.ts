// Quasiquote's templates: which parts are built at run time and which are constants, at any depth.

import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";

const ev = testEvaluator();
const check = (code: string, expected: string) => assert.equal(ev.run(code), expected, code);

test("unquotes in lists, dotted tails, vectors and nested vectors are filled in; the rest is constant", () => {
  ev.run("(define x 1) (define y '(2 3))");
  check("`(a ,x ,@y b)", "(a 1 2 3 b)");
  check("`(a . ,x)", "(a . 1)");
  check("`#(a ,x ,@y)", "#(a 1 2 3)");
  check("`(1 #(a #(,x ,@y)) . ,y)", "(1 #(a #(1 2 3)) 2 3)");
  check("`#(#(#(,x)))", "#(#(#(1)))");
  check("`(1 (2 (3 (4 ,x))))", "(1 (2 (3 (4 1))))");
  check("(let ((c (lambda () `(k ,x)))) (eq? (car (c)) (car (c))))", "#t");
  check("(let ((c (lambda () `((k) ,x)))) (eq? (car (c)) (car (c))))", "#t");
});

test("nested quasiquotes keep inner unquotes and fill the outer level's", () => {
  check("`(1 `(2 ,(3 ,(+ 1 x))))", "(1 `(2 ,(3 2)))");
  check("`(a `(b ,(c ,@y)))", "(a `(b ,(c 2 3)))");
  check("(list `(1 . ,`(2 . ,`(3 . ,x))))", "((1 2 3 . 1))");
});

test("expanding answers the interrupt", () => {
  // 20 000 expressions then a syntax error: nothing compiled runs, so only the expander can notice the flag.
  Atomics.store(ev.interruptFlag, 0, 1);
  const report = ev.fail(`(list ${"1 ".repeat(20_000)}(if))`);
  assert.equal(report.ename, "Interrupted");
  assert.equal(ev.run("x"), "1");
});
