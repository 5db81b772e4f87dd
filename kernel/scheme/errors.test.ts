import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "./testing/evaluate.js";

// Each error names its kind, the offending value and procedure, and the line and column of the failing call.
const ev = testEvaluator("cell 4");

test("(car 1): wrong type, with the procedure, the value and the position of the call", () => {
  const r = ev.fail("(define (first x)\n  (car x))\n(first 1)");
  assert.equal(r.ename, "WrongType");
  assert.equal(r.evalue, "car: expected a pair as argument 1, got 1");
  assert.deepEqual(r.location, { origin: "cell 4", line: 2, column: 3 });
  assert.equal(r.traceback[0], "cell 4, line 2, column 3: car: expected a pair as argument 1, got 1");
  assert.equal(r.traceback[1], "  in first");
});

test("an unbound variable", () => {
  const r = ev.fail("(define (g) (+ 1 no-such-thing))\n(g)");
  assert.equal(r.ename, "UnboundVariable");
  assert.match(r.evalue, /no-such-thing/);
  assert.deepEqual(r.location, { origin: "cell 4", line: 1, column: 13 });
});

test("a wrong number of arguments is located at the call", () => {
  ev.value("(define (two a b) a)");
  const r = ev.fail("(list 1\n   (two 1))");
  assert.equal(r.ename, "WrongArity");
  assert.equal(r.evalue, "two: expected 2 arguments, got 1");
  assert.deepEqual(r.location, { origin: "cell 4", line: 2, column: 4 });
});

test("division by exact zero", () => {
  const r = ev.fail("(define (half x) (/ x 0))\n(half 3)");
  assert.equal(r.ename, "DivisionByZero");
  assert.deepEqual(r.location, { origin: "cell 4", line: 1, column: 18 });
});

test("a vector index out of range", () => {
  const r = ev.fail("(define v (vector 1 2 3))\n  (vector-ref v 10)");
  assert.equal(r.ename, "IndexOutOfRange");
  assert.match(r.evalue, /vector-ref/);
  assert.match(r.evalue, /10/);
  assert.deepEqual(r.location, { origin: "cell 4", line: 2, column: 3 });
});

test("a huge irritant is cut short with …, the small ones around it are kept whole", () => {
  ev.value("(define results (vector (make-vector 30 (make-vector 30 #\\x)) (make-vector 30 (make-vector 30 #\\y))))");
  const r = ev.fail("(vector-ref results 4)");
  assert.equal(r.ename, "IndexOutOfRange");
  assert.match(r.evalue, /^vector-ref: index out of range \(valid: 0 to 1\): index 4 #\(#\(#\(#\\x /);
  assert.ok(r.evalue.endsWith("…"), r.evalue);
  assert.ok(r.evalue.length < 300, `${r.evalue.length} characters`);
});

test("calling a non-procedure", () => {
  const r = ev.fail("(define five 5)\n(five 1)");
  assert.equal(r.ename, "NotAProcedure");
  assert.match(r.evalue, /5/);
  assert.deepEqual(r.location, { origin: "cell 4", line: 2, column: 1 });
});

test("(error ...) and an uncaught raise", () => {
  const r = ev.fail('(error "disk full:" 42)');
  assert.equal(r.ename, "Error");
  assert.equal(r.evalue, "disk full: 42");
  assert.equal(ev.fail("(raise 'boom)").ename, "Raise");
});

test("a syntax error from the reader and from the expander names the line and column", () => {
  const r = ev.fail("(define x 1)\n(let ((x 1) x)");
  assert.equal(r.ename, "SyntaxError");
  const e = ev.fail("\n\n   (if)");
  assert.equal(e.ename, "SyntaxError");
  assert.deepEqual(e.location, { origin: "cell 4", line: 3, column: 4 });
});

test("the origin's line offset is added (a cell whose code starts after magic lines)", () => {
  const e = testEvaluator("cell 9", 2);
  assert.deepEqual(e.fail("(car '())").location, { origin: "cell 9", line: 3, column: 1 });
});

test("a failing form leaves the definitions made before it, and the evaluator keeps working", () => {
  ev.fail("(define kept 1) (car 1) (define lost 2)");
  assert.equal(ev.run("kept"), "1");
  assert.equal(ev.fail("lost").ename, "UnboundVariable");
  assert.equal(ev.run("(+ kept 1)"), "2");
});

test("a redefined primitive is used by code compiled before and after the redefinition", () => {
  ev.value("(define (use-car x) (car x))");
  ev.value("(define saved-car car) (set! car (lambda (x) 'mine))");
  assert.equal(ev.run("(list (use-car '(1)) (car '(1)))"), "(mine mine)");
  ev.value("(set! car saved-car)");
  assert.equal(ev.run("(use-car '(1))"), "1");
});

test("completion offers globals and keywords starting with the symbol before the cursor", () => {
  ev.value("(define my-fancy-var 1) (define my-fancy-fn car)");
  const code = "(display my-fancy-";
  assert.deepEqual(ev.complete(code, code.length), { matches: ["my-fancy-fn", "my-fancy-var"], start: 9, end: code.length });
  assert.ok(ev.complete("(let", 4).matches.includes("let*"));
});

test("an error inside a library procedure written in Scheme is located at the user's call", () => {
  const r = ev.fail("(define xs '(1 2))\n (map car xs)");
  assert.equal(r.ename, "WrongType");
  assert.deepEqual(r.location, { origin: "cell 4", line: 2, column: 2 });
  assert.equal(r.traceback[1], "  in map");
});

test("dynamic-wind's after thunk runs when an error leaves its body, and the error still reaches the top", () => {
  ev.value("(define unwound #f)");
  const r = ev.fail("(dynamic-wind (lambda () #f) (lambda () (car '())) (lambda () (set! unwound #t)))");
  assert.equal(r.ename, "WrongType");
  assert.equal(ev.run("unwound"), "#t");
});
