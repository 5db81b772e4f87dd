// Errors signalled by built-in procedures are raised as if by `raise`, at the point of failure (R7RS 6.11): the
// handler runs in the dynamic environment of the failure, before any dynamic-wind after thunk.

import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";

const ev = testEvaluator("cell 4");
const check = (code: string, expected: string) => assert.equal(ev.run(code), expected, code);

ev.value("(define trail '()) (define (note x) (set! trail (cons x trail)))");
/** Runs `code` with an empty trail and returns its value followed by the trail, oldest first. */
const traced = (code: string) => ev.run(`(set! trail '()) (define r ${code}) (list r (reverse trail))`);

test("a primitive's error reaches the handler before dynamic-wind's after thunk; escaping runs the after thunk", () => {
  for (const failing of ["(car 1)", "(vector-ref (vector 1 2) 10)", "(/ 1 0)", "(undefined-variable-here)", "((lambda (a) a))", "(5 1)", "(error \"bad:\" 7)"]) {
    assert.equal(
      traced(
        `(call/cc (lambda (k) (with-exception-handler (lambda (e) (note 'handler) (k 'escaped)) (lambda () (dynamic-wind (lambda () (note 'before)) (lambda () ${failing}) (lambda () (note 'after)))))))`,
      ),
      "(escaped (before handler after))",
      failing,
    );
  }
});

test("the handler sees the dynamic environment of the failure: parameters keep their inner values", () => {
  ev.value("(define p (make-parameter 'outer))");
  check("(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (p))) (lambda () (parameterize ((p 'inner)) (car 1))))))", "inner");
});

test("guard catches primitive errors and runs the after thunks before its clauses", () => {
  check("(guard (e ((error-object? e) (error-object-irritants e))) (vector-ref (vector 1 2 3) 10))", "(10 #(1 2 3))");
  check("(guard (e (#t (error-object-message e))) (car 1))", '"car: expected a pair as argument 1, got"');
  assert.equal(
    traced("(guard (e (#t (note 'clause) 'caught)) (dynamic-wind (lambda () (note 'before)) (lambda () (car 1)) (lambda () (note 'after))))"),
    "(caught (before after clause))",
  );
  // No clause matches: the guard re-raises to the handler outside it.
  check("(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (list 'outer (error-object-irritants e)))) (lambda () (guard (e ((string? e) 'no)) (vector-ref (vector) 0))))))", "(outer (0 #()))");
});

test("a handler that returns from a primitive's error raises a secondary error in the handler's environment", () => {
  ev.value("(define seen '())");
  const r = ev.fail("(with-exception-handler (lambda (e) (set! seen (cons (error-object-message e) seen)) 0) (lambda () (+ 1 (car 1))))");
  assert.equal(r.ename, "Error");
  assert.match(r.evalue, /handler returned from a non-continuable raise of/);
  check("seen", '("car: expected a pair as argument 1, got")');
  // The secondary error goes to the outer handler, never back to the inner one.
  check(
    "(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (error-object-message e))) (lambda () (with-exception-handler (lambda (e) 'returns) (lambda () (car 1)))))))",
    '"an exception handler returned from a non-continuable raise of"',
  );
});

test("nested handlers: an error inside a handler goes to the outer handler", () => {
  check(
    "(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (list 'outer (error-object-irritants e)))) (lambda () (with-exception-handler (lambda (e) (vector-ref (vector) 5)) (lambda () (car 1)))))))",
    "(outer (5 #()))",
  );
});

test("errors inside map and for-each reach the handler while the traversal is still under way", () => {
  assert.equal(
    traced("(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (list 'failed-at (error-object-irritants e)))) (lambda () (for-each (lambda (x) (note x) (car x)) '((1) (2) 3 (4)))))))"),
    "((failed-at (3)) ((1) (2) 3))",
  );
  check("(guard (e (#t (error-object-irritants e))) (map (lambda (x) (/ 10 x)) '(1 2 0 4)))", "(10)");
  check("(with-exception-handler (lambda (e) 0) (lambda () (map (lambda (x) (raise-continuable x)) '(1 2))))", "(0 0)");
});

test("an unhandled primitive error keeps its location and backtrace, also after a guard that does not match", () => {
  ev.value("(define (first l) (car l))");
  const r = ev.fail("(guard (e ((string? e) 'no))\n  (first 1))");
  assert.equal(r.ename, "WrongType");
  assert.deepEqual(r.location, { origin: "cell 4", line: 1, column: 19 });
  assert.equal(r.traceback[1], "  in first");
});
