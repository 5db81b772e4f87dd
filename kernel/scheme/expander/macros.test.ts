import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";

const ev = testEvaluator();
const check = (code: string, expected: string) => assert.equal(ev.run(code), expected, code);

test("Calysto define-syntax: ?variables, literals, dotted tails, first match wins, recursion (the seed's for)", () => {
  ev.value(`
    (define-syntax for
      [(for ?exp times do . ?bodies) (for-repeat ?exp (lambda () . ?bodies))]
      [(for ?var in ?exp do . ?bodies) (for-iterate1 ?exp (lambda (?var) . ?bodies))]
      [(for ?var at (?i) in ?exp do . ?bodies) (for-iterate2 0 ?exp (lambda (?var ?i) . ?bodies))]
      [(for ?var at (?i ?j . ?rest) in ?exp do . ?bodies)
       (for ?var at (?i) in ?exp do (for ?var at (?j . ?rest) in ?var do . ?bodies))])
    (define for-repeat (lambda (n f) (if (< n 1) 'done (begin (f) (for-repeat (- n 1) f)))))
    (define for-iterate1 (lambda (values f) (if (null? values) 'done (begin (f (car values)) (for-iterate1 (cdr values) f)))))
    (define for-iterate2 (lambda (i values f) (if (null? values) 'done (begin (f (car values) i) (for-iterate2 (+ i 1) (cdr values) f)))))`);
  check("(define n 0) (for 3 times do (set! n (+ n 1))) n", "3");
  check("(define acc '()) (for x in '(1 2 3) do (set! acc (cons x acc))) acc", "(3 2 1)");
  check("(define acc '()) (for x at (i) in '(a b) do (set! acc (cons (list i x) acc))) acc", "((1 b) (0 a))");
  check("(define acc '()) (for x at (i j) in '((a b) (c)) do (set! acc (cons (list i j x) acc))) acc", "((1 0 c) (0 1 b) (0 0 a))");
  check("(for x in '(1) do 'ignored)", "done");
});

test("syntax-rules: literals, nested ellipses, vectors, tails", () => {
  check(
    "(define-syntax my-cond (syntax-rules (else) ((_ (else e)) e) ((_ (c e) rest ...) (if c e (my-cond rest ...))))) (my-cond (#f 1) ((= 1 1) 2) (else 3))",
    "2",
  );
  check("(define-syntax my-let* (syntax-rules () ((_ () body ...) (let () body ...)) ((_ ((x v) rest ...) body ...) (let ((x v)) (my-let* (rest ...) body ...))))) (my-let* ((a 1) (b (+ a 1))) (* a b))", "2");
  check("(define-syntax flat (syntax-rules () ((_ (a ...) ...) '(a ... ...)))) (flat (1 2) (3) (4 5))", "(1 2 3 4 5)");
  check("(define-syntax pairs (syntax-rules () ((_ (k v ...) ...) '((k . (v ...)) ...)))) (pairs (a 1 2) (b))", "((a 1 2) (b))");
  check("(define-syntax vec (syntax-rules () ((_ #(a ...)) (list a ...)))) (vec #(1 2 3))", "(1 2 3)");
  check("(define-syntax tail (syntax-rules () ((_ a . b) 'b))) (tail 1 2 3)", "(2 3)");
  check("(define-syntax last-of (syntax-rules () ((_ a ... z) 'z))) (last-of 1 2 3)", "3");
});

test("syntax-rules: (... ...) escapes an ellipsis and a custom ellipsis can be named", () => {
  check("(define-syntax be-like-begin (syntax-rules () ((_ name) (define-syntax name (syntax-rules () ((_ e (... ...)) (begin e (... ...)))))))) (be-like-begin seq) (seq 1 2 3)", "3");
  check("(define-syntax my-list (syntax-rules ::: () ((_ x :::) (list x :::)))) (my-list 1 2)", "(1 2)");
});

test("hygiene: a macro's temporaries never capture the user's variables", () => {
  check("(define-syntax swap! (syntax-rules () ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp))))) (define tmp 1) (define other 2) (swap! tmp other) (list tmp other)", "(2 1)");
  check("(define-syntax my-or (syntax-rules () ((_) #f) ((_ e) e) ((_ e r ...) (let ((t e)) (if t t (my-or r ...)))))) (define t 5) (my-or #f t)", "5");
});

test("hygiene: a macro's free identifiers mean what they meant where it was defined", () => {
  check("(define-syntax first-of (syntax-rules () ((_ x) (car x)))) (let ((car cdr)) (first-of '(1 2)))", "1");
  check("(define (helper) 'global-helper) (define-syntax call-helper (syntax-rules () ((_) (helper)))) (let ((helper (lambda () 'local))) (call-helper))", "global-helper");
  check("(define-syntax my-if (syntax-rules () ((_ c a b) (cond (c a) (else b))))) (let ((else #f)) (my-if #f 1 2))", "2");
});

test("let-syntax, letrec-syntax and define-syntax inside a body", () => {
  check("(let-syntax ((double (syntax-rules () ((_ x) (* 2 x))))) (double 21))", "42");
  check("(letrec-syntax ((ev? (syntax-rules () ((_ n) (if (= n 0) #t (od? (- n 1)))))) (od? (syntax-rules () ((_ n) #f)))) (ev? 0))", "#t");
  check("(define (f x) (define-syntax twice (syntax-rules () ((_ e) (begin e e)))) (define n 0) (twice (set! n (+ n x))) n) (f 5)", "10");
});

test("a macro may expand into definitions at the top level and in bodies", () => {
  check("(define-syntax def2 (syntax-rules () ((_ a b v) (begin (define a v) (define b v))))) (def2 p q 7) (list p q)", "(7 7)");
  check("(define (g) (def2 r s 1) (+ r s)) (g)", "2");
});

test("a macro use that matches no rule is a syntax error at its line and column", () => {
  ev.value("(define-syntax only-one (syntax-rules () ((_ a) a)))");
  const r = ev.fail("\n  (only-one 1 2)");
  assert.equal(r.ename, "SyntaxError");
  assert.deepEqual(r.location, { origin: "test", line: 2, column: 3 });
});
