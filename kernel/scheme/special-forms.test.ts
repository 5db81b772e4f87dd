import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "./testing/evaluate.js";

const ev = testEvaluator();
const check = (code: string, expected: string) => assert.equal(ev.run(code), expected, code);

test("define: plain, procedure, curried, with rest arguments", () => {
  check("(define x 10) x", "10");
  check("(define (sq n) (* n n)) (sq 7)", "49");
  check("(define ((adder a) b) (+ a b)) ((adder 3) 4)", "7");
  check("(define (f a . more) (list a more)) (f 1 2 3)", "(1 (2 3))");
  check("(define (g . all) all) (g)", "()");
  check("((lambda args args) 1 2)", "(1 2)");
});

test("internal defines have letrec* semantics", () => {
  check("(define (f) (define a 1) (define (b) (+ a 1)) (define c (b)) (list a (b) c)) (f)", "(1 2 2)");
  check("(define (ev? n) (define (e n) (if (= n 0) #t (o (- n 1)))) (define (o n) (if (= n 0) #f (e (- n 1)))) (e n)) (ev? 10)", "#t");
});

test("if, cond with else and =>, case with else and =>, and, or, when, unless", () => {
  check("(if '() 'yes 'no)", "yes");
  check("(cond ((assv 2 '((1 . a) (2 . b))) => cdr) (else 'none))", "b");
  check("(cond (#f 1) ((+ 1 1)) (else 3))", "2");
  check("(cond (#f 1) (else 2 3))", "3");
  check("(case (* 2 3) ((2 3 5 7) 'prime) ((1 4 6 8 9) 'composite))", "composite");
  check("(case 'x ((a) 1) (else => (lambda (k) (list k 'seen))))", "(x seen)");
  check("(case 2 ((1) 'one) ((2) => (lambda (k) (* k 10))))", "20");
  check("(case #\\a ((#\\a) 'char))", "char");
  check("(list (and) (and 1 2) (and #f (car '())) (or) (or #f 2) (or 3 (car '())))", "(#t 2 #f #f 2 3)");
  check("(let ((r '())) (when (> 1 0) (set! r (cons 1 r)) (set! r (cons 2 r))) (unless #f (set! r (cons 3 r))) r)", "(3 2 1)");
});

test("let, let*, letrec, letrec*, named let, do", () => {
  check("(let ((x 1) (y 2)) (let ((x y) (y x)) (list x y)))", "(2 1)");
  check("(let* ((x 1) (y (+ x 1))) (* x y))", "2");
  check("(letrec ((even? (lambda (n) (if (= n 0) #t (odd? (- n 1))))) (odd? (lambda (n) (if (= n 0) #f (even? (- n 1)))))) (even? 100))", "#t");
  check("(letrec* ((a 1) (b (+ a 1))) b)", "2");
  check("(let loop ((i 0) (acc '())) (if (= i 3) acc (loop (+ i 1) (cons i acc))))", "(2 1 0)");
  check("(do ((vec (make-vector 5)) (i 0 (+ i 1))) ((= i 5) vec) (vector-set! vec i i))", "#(0 1 2 3 4)");
  check("(let ((x '(1 3 5 7 9))) (do ((x x (cdr x)) (sum 0 (+ sum (car x)))) ((null? x) sum)))", "25");
});

test("closures made in a loop each capture their own iteration's variables", () => {
  ev.value("(define (call-all ps) (if (null? ps) '() (cons ((car ps)) (call-all (cdr ps)))))");
  check("(define procs (let loop ((i 0) (acc '())) (if (= i 3) acc (loop (+ i 1) (cons (lambda () i) acc))))) (call-all procs)", "(2 1 0)");
  check("(define ps '()) (do ((i 0 (+ i 1))) ((= i 3)) (set! ps (cons (lambda () i) ps))) (call-all ps)", "(2 1 0)");
});

test("set! on locals captured by closures, and on globals", () => {
  check("(define (counter) (let ((n 0)) (lambda () (set! n (+ n 1)) n))) (define c (counter)) (c) (c) (c)", "3");
  check("(define g 1) (set! g (+ g 1)) g", "2");
});

test("quote and quasiquote: nested, splicing, vectors", () => {
  check("'(a . b)", "(a . b)");
  check("`(1 ,(+ 1 1) ,@(list 3 4) 5)", "(1 2 3 4 5)");
  check("`#(1 ,(+ 1 1) ,@(list 3))", "#(1 2 3)");
  check("(equal? `(a `(b ,(c ,(+ 1 2)))) '(a `(b ,(c 3))))", "#t");
  check("`(1 . ,(+ 1 1))", "(1 . 2)");
  check("(let ((name 'x)) `(name ,name))", "(name x)");
});

test("delay, delay-force, make-promise, force", () => {
  check("(define n 0) (define p (delay (begin (set! n (+ n 1)) n))) (list (force p) (force p) n)", "(1 1 1)");
  check("(define (stream-loop k) (delay-force (if (= k 0) (delay 'end) (stream-loop (- k 1))))) (force (stream-loop 100000))", "end");
  check("(list (force (make-promise 5)) (promise? (make-promise 5)) (force 7))", "(5 #t 7)");
});

test("let-values, let*-values, define-values, receive, call-with-values", () => {
  check("(let-values (((a b) (values 1 2)) ((c . d) (values 3 4 5))) (list a b c d))", "(1 2 3 (4 5))");
  check("(let*-values (((a) (values 1)) ((b) (values (+ a 1)))) (list a b))", "(1 2)");
  check("(define-values (q r) (floor/ 7 2)) (list q r)", "(3 1)");
  check("(define (f) (define-values (x . y) (values 1 2 3)) (list x y)) (f)", "(1 (2 3))");
  check("(receive (a . rest) (values 1 2 3) (list a rest))", "(1 (2 3))");
  check("(call-with-values (lambda () (values 1 2)) +)", "3");
});

test("parameterize with converters", () => {
  check("(define p (make-parameter 10 (lambda (x) (* x 2)))) (list (p) (parameterize ((p 3)) (p)) (p))", "(20 6 20)");
});

test("guard: clauses, =>, else and re-raise", () => {
  check("(guard (e ((symbol? e) (list 'sym e))) (raise 'oops))", "(sym oops)");
  check("(guard (e ((assq 'a e) => cdr) ((assq 'b e))) (raise (list (cons 'a 42))))", "42");
  check("(guard (e (#t (list 'outer e))) (guard (e2 ((string? e2) 'inner)) (raise 5)))", "(outer 5)");
});

test("case-lambda dispatches on argument count", () => {
  check("(define area (case-lambda ((r) (* 3 r r)) ((w h) (* w h)) ((a b . rest) (length rest)))) (list (area 2) (area 2 3) (area 1 2 3 4))", "(12 6 2)");
});

test("define-record-type", () => {
  check(
    "(define-record-type point (make-point x y) point? (x point-x set-point-x!) (y point-y)) (define p (make-point 1 2)) (set-point-x! p 10) (list (point-x p) (point-y p) (point? p) (point? 5))",
    "(10 2 #t #f)",
  );
});

test("assert passes silently and fails with the expression", () => {
  check("(assert (= 1 1)) 'ok", "ok");
  const r = ev.fail("(assert (= 1 2))");
  assert.equal(r.ename, "AssertionFailed");
  assert.match(r.evalue, /\(= 1 2\)/);
});

test("eval with interaction-environment sees and changes the globals", () => {
  check("(define z 5) (eval '(* z 2) (interaction-environment))", "10");
  check("(eval '(define w 3)) w", "3");
});

test("a user definition may take a special form's name, and keeps it", () => {
  const own = testEvaluator();
  own.value("(define (assert x) (list 'mine x))");
  assert.equal(own.run("(assert 1)"), "(mine 1)");
  assert.equal(own.run("(assert 2)"), "(mine 2)");
});

test("a procedure looping by a tail call to its global name follows a redefinition of that name", () => {
  const own = testEvaluator();
  own.value("(define (cnt n) (if (= n 0) 'done (cnt (- n 1)))) (define old-cnt cnt) (define (cnt n) (list 'new n))");
  assert.equal(own.run("(old-cnt 5)"), "(new 4)");
  assert.equal(own.run("(cnt 5)"), "(new 5)");
});
