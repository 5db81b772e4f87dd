import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";

const ev = testEvaluator();
const check = (code: string, expected: string) => assert.equal(ev.run(code), expected, code);

test("call/cc escapes, from nested calls and through a procedure that calls back", () => {
  check("(+ 1 (call/cc (lambda (k) (+ 10 (k 5)))))", "6");
  ev.value("(define (each f l) (if (pair? l) (begin (f (car l)) (each f (cdr l)))))");
  check("(call-with-current-continuation (lambda (k) (each (lambda (x) (if (negative? x) (k x))) '(1 -2 3)) 'none))", "-2");
  check("(call/cc (lambda (k) (k 1 2)))", ev.run("(values 1 2)"));
  check("(call-with-values (lambda () (call/cc (lambda (k) (k 1 2)))) list)", "(1 2)");
});

test("dynamic-wind runs before and after in order, also when a continuation escapes", () => {
  check(
    "(define trail '()) (define (note x) (set! trail (cons x trail))) (call/cc (lambda (k) (dynamic-wind (lambda () (note 'in)) (lambda () (note 'body) (k 'out) (note 'never)) (lambda () (note 'after))))) (reverse trail)",
    "(in body after)",
  );
  check("(define t2 '()) (dynamic-wind (lambda () (set! t2 (cons 1 t2))) (lambda () (dynamic-wind (lambda () (set! t2 (cons 2 t2))) (lambda () 'x) (lambda () (set! t2 (cons 3 t2))))) (lambda () (set! t2 (cons 4 t2)))) (reverse t2)", "(1 2 3 4)");
});

test("with-exception-handler: raise-continuable returns the handler's value; handlers see error objects", () => {
  check("(with-exception-handler (lambda (e) 42) (lambda () (+ (raise-continuable 'oops) 1)))", "43");
  check(
    "(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (list (error-object? e) (error-object-message e) (error-object-irritants e)))) (lambda () (error \"bad thing:\" 1 2)))))",
    '(#t "bad thing:" (1 2))',
  );
  check("(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (error-object? e))) (lambda () (car 1)))))", "#t");
  check("(guard (e ((error-object? e) (list (error-object-message e) (error-object-irritants e)))) (car 1))", '("car: expected a pair as argument 1, got" (1))');
});

test("apply spreads its last argument", () => {
  check("(apply + 1 2 '(3 4))", "10");
  check("(apply list '())", "()");
  assert.equal(ev.fail("(apply + 1 2)").ename, "WrongType");
});

test("procedure? and values", () => {
  check("(list (procedure? car) (procedure? (lambda () 1)) (procedure? 'car))", "(#t #t #f)");
  check("(call-with-values (lambda () (values)) list)", "()");
});

test("tail calls through apply, call-with-values and mutual recursion run in constant stack", () => {
  check("(define (ev? n) (if (= n 0) #t (od? (- n 1)))) (define (od? n) (if (= n 0) #f (ev? (- n 1)))) (ev? 1000000)", "#t");
  check("(define (count n) (cond ((= n 0) 'done) (else (count (- n 1))))) (count 1000000)", "done");
  check("(define (loop-and n) (and #t (if (= n 0) 'ok (loop-and (- n 1))))) (loop-and 1000000)", "ok");
});

test("R7RS raise: the handler runs at the raise, and returning from it is a secondary error", () => {
  ev.value("(define seen '())");
  const r = ev.fail("(with-exception-handler (lambda (x) (set! seen (cons x seen))) (lambda () (+ 1 (raise 'an-error))))");
  assert.equal(r.ename, "Error");
  assert.match(r.evalue, /handler returned from a non-continuable raise of an-error/);
  assert.equal(ev.run("seen"), "(an-error)");
  check("(call/cc (lambda (k) (with-exception-handler (lambda (x) (k (list 'exception x))) (lambda () (+ 1 (raise 'an-error))))))", "(exception an-error)");
});

test("nested handlers: a handler raising goes to the outer handler; guard re-raises to outer handlers", () => {
  check(
    "(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (list 'outer e))) (lambda () (with-exception-handler (lambda (e) (raise (list 'inner e))) (lambda () (raise 'x)))))))",
    "(outer (inner x))",
  );
  check("(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (list 'outer e))) (lambda () (guard (e ((string? e) 'no)) (raise 'y))))))", "(outer y)");
  check("(call/cc (lambda (k) (with-exception-handler (lambda (e) (k (error-object-message e))) (lambda () (guard (e ((string? e) 'no)) (car 1))))))", '"car: expected a pair as argument 1, got"');
});

test("apply, unquote-splicing and a quasiquoted vector refuse a circular list instead of growing without end", () => {
  ev.value("(define circular (list 1 2)) (set-cdr! (cdr circular) circular)");
  const refused = (code: string, procedure: string) => {
    const report = ev.fail(code);
    assert.equal(report.ename, "WrongType", code);
    assert.match(report.evalue, new RegExp(`^${procedure}: .*circular`), code);
  };
  refused("(apply + circular)", "apply");
  refused("(apply + 1 2 circular)", "apply");
  refused("`(0 ,@circular 3)", "unquote-splicing");
  refused("`#(0 ,@circular)", "unquote-splicing");
  check("`#(0 ,@(list 1 2) 3)", "#(0 1 2 3)");
  check("(apply + 1 '(2 3))", "6");
});
