// Cyclic data in programs: a form that contains itself as code is a syntax error at that form, and the kernel keeps
// its definitions; cyclic data inside a literal (quote, a quasiquote template without unquote, a vector) is a value.

import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";

const ev = testEvaluator("In [3]");
ev.run("(define kept 42)");

/** `code` fails with a syntax error about cyclic code at `line`:`column`; `kept` is still defined afterwards. */
function assertCyclicCode(code: string, line: number, column: number): void {
  const report = ev.fail(code);
  assert.equal(report.ename, "SyntaxError", code);
  assert.match(report.evalue, /^cyclic code: a form contains itself/, code);
  assert.deepEqual(report.location, { origin: "In [3]", line, column }, code);
  assert.equal(ev.run("kept"), "42", `definitions survive ${code}`);
}

test("a cyclic list as code is a syntax error at the form that contains itself", () => {
  const report = ev.fail("#0=(a . #0#)");
  assert.equal(report.evalue, "cyclic code: a form contains itself: #0=(a . #0#)");
  assert.equal(report.traceback[0], "In [3], line 1, column 1: cyclic code: a form contains itself: #0=(a . #0#)");
  assertCyclicCode("#0=(a . #0#)", 1, 1);
  assertCyclicCode("#0=(#0#)", 1, 1);
  assertCyclicCode("#0=(+ 1 #0#)", 1, 1);
  assertCyclicCode("(define (f)\n  (g #0=(h . #0#)))", 2, 6);
  assertCyclicCode("(list 1\n  #0=(list #0#))", 2, 3);
});

test("cycles through the parts of special forms are refused, not followed", () => {
  assertCyclicCode("(begin . #0=((+ 1 2) . #0#))", 1, 1);
  assertCyclicCode("(if . #0=(#t . #0#))", 1, 1);
  assertCyclicCode("(lambda #0=(a . #0#) a)", 1, 1);
  assertCyclicCode("(let #0=((x 1) . #0#) x)", 1, 1);
  assertCyclicCode("(let ((x #0=(car . #0#))) x)", 1, 10);
  assertCyclicCode("(cond . #0=((#f 1) . #0#))", 1, 1);
  assertCyclicCode("(case 1 . #0=(((1) 'one) . #0#))", 1, 1);
  assertCyclicCode("(define #0=(#0# x) 1)", 1, 1);
  assertCyclicCode("`#0=(,kept . #0#)", 1, 2);
  assertCyclicCode("`(1 #0=(,kept #0#))", 1, 5);
});

test("a cyclic macro use or macro template is refused", () => {
  ev.run("(define-syntax my-list (syntax-rules () ((_ x ...) (list x ...))))");
  assertCyclicCode("(my-list . #0=(1 . #0#))", 1, 1);
  assertCyclicCode("(my-list #0=(list #0#))", 1, 10);
  ev.run("(define-syntax twice [(twice ?x) (begin ?x ?x)])");
  assertCyclicCode("(twice #0=(display #0#))", 1, 8);
  assertCyclicCode("(define-syntax loops (syntax-rules () ((_) #0=(list . #0#))))", 1, 1);
  assertCyclicCode("(define-syntax loops [(loops) #0=(list . #0#)])", 1, 1);
});

test("eval of a cyclic datum built at run time is refused too, at the call of eval", () => {
  assertCyclicCode("(eval (let ((form (list 'list 1))) (set-cdr! (cdr form) form) form))", 1, 1);
  assertCyclicCode("(list 0\n (eval (let ((form (list 'list 1))) (set-car! (cdr form) form) form)))", 2, 2);
});

test("cyclic data inside a literal is a value: it prints with labels and keeps its sharing", () => {
  assert.equal(ev.run("'#0=(a . #0#)"), "#0=(a . #0#)");
  assert.equal(ev.run("(quote #0=(a b . #0#))"), "#0=(a b . #0#)");
  assert.equal(ev.run("(define c '#0=(1 2 . #0#)) (list (car c) (cadr c) (caddr c) (eq? c (cddr c)))"), "(1 2 1 #t)");
  assert.equal(ev.run("(let ((x '(#0=(a) #0#))) (eq? (car x) (cadr x)))"), "#t", "a shared literal stays shared");
  assert.equal(ev.run("'#0=#(1 #0#)"), "#0=#(1 #0#)");
  assert.equal(ev.run("#0=#(1 #0#)"), "#0=#(1 #0#)", "a vector is a literal");
  assert.equal(ev.run("`#0=(a . #0#)"), "#0=(a . #0#)", "a quasiquote template without unquote is a literal");
  assert.equal(ev.run("#0=(quote #0#)"), "#0='#0#", "the form contains itself only as a literal");
  ev.run("(define-syntax my-quote (syntax-rules () ((_ x) 'x)))");
  assert.equal(ev.run("(my-quote #0=(b . #0#))"), "#0=(b . #0#)", "a macro may quote its cyclic argument");
});

test("display and write of cyclic data terminate, with datum labels", () => {
  ev.run("(display '#0=(a . #0#))");
  assert.equal(ev.output(), "#0=(a . #0#)");
  ev.run("(write '#0=(\"s\" #0#))");
  assert.equal(ev.output(), '#0=("s" #0#)');
  ev.run('(display (let ((v (vector "x" 1))) (vector-set! v 1 v) v))');
  assert.equal(ev.output(), "#0=#(x #0#)");
  assert.equal(ev.run('(format #f "~a ~s" \'#0=(1 . #0#) \'#1=("q" . #1#))'), '"#0=(1 . #0#) #0=(\\"q\\" . #0#)"');
  assert.equal(ev.run("(let ((p (open-output-string))) (write '#0=(x . #0#) p) (get-output-string p))"), '"#0=(x . #0#)"');
});

test("the other walkers of data terminate on cycles", () => {
  assert.equal(ev.run("(equal? '#0=(1 . #0#) '#1=(1 1 . #1#))"), "#t");
  assert.equal(ev.run("(list? '#0=(1 . #0#))"), "#f");
  assert.match(ev.fail("(length '#0=(1 . #0#))").evalue, /circular/);
});
