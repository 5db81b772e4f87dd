// Loops specialised to unboxed inexact numbers compute exactly what the ordinary loop computes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";
import { generatedSource } from "../testing/compile.js";

const mandelbrot = `
(define (escape z0 limit)
  (let loop ((z z0) (t 0))
    (if (> (abs z) 2.0) t
        (if (> t limit) limit (loop (+ (* z z) z0) (+ t 1))))))`;

test("a complex Mandelbrot loop runs specialised, and counts as the ordinary arithmetic does", () => {
  assert.match(generatedSource(mandelbrot), /instanceof Compnum && .* instanceof Compnum\) \{/);
  const ev = testEvaluator();
  ev.run(mandelbrot);
  assert.equal(ev.run("(list (escape (complex 0.0 0.0) 255) (escape (complex 1.0 1.0) 255) (escape (complex -0.75 0.1) 255))"), "(255 1 32)");
  // The same iteration written out without a loop (so never specialised) gives the same complex value.
  ev.run("(define c (complex -0.4 0.6))");
  const looped = ev.run("(let loop ((z c) (i 0)) (if (= i 3) z (loop (+ (* z z) c) (+ i 1))))");
  assert.equal(looped, ev.run("(let* ((a (+ (* c c) c)) (b (+ (* a a) c))) (+ (* b b) c))"));
  assert.equal(ev.run("(complex? (let loop ((z c) (i 0)) (if (= i 2) z (loop (- z c) (+ i 1)))))"), "#t");
});

test("a real loop keeps exactness: a Flonum stays inexact, an exact start runs the ordinary loop", () => {
  const ev = testEvaluator();
  ev.run("(define (doublings x) (let loop ((x x) (n 0)) (if (> x 100) (list x n) (loop (* x 2) (+ n 1)))))");
  assert.equal(ev.run("(doublings 1.0)"), "(128.0 7)");
  assert.equal(ev.run("(doublings 1)"), "(128 7)");
  assert.equal(ev.run("(doublings 3/4)"), "(192 8)");
  assert.equal(ev.run("(let loop ((x -0.0) (i 0)) (if (= i 2) x (loop (* x 1.0) (+ i 1))))"), "-0.0");
  assert.equal(ev.run("(let loop ((x 1.0) (i 0)) (if (= i 1) x (loop (/ x 0.0) (+ i 1))))"), "+inf.0");
});

test("a specialised modulus rescales instead of overflowing, as magnitude does", () => {
  const ev = testEvaluator();
  // |1e200 + 1e200i| is about 1.41e200; squaring the parts would overflow to +inf.0.
  assert.equal(ev.run("(let loop ((z (complex 1e200 1e200)) (i 0)) (if (< (abs z) 2e200) i (loop (* z (complex 0.5 0.0)) (+ i 1))))"), "0");
  assert.equal(ev.run("(let loop ((z (complex 3.0 4.0)) (i 0)) (if (= i 1) (list (real-part z) (imag-part z) (magnitude z)) (loop z (+ i 1))))"), "(3.0 4.0 5.0)");
});

test("redefining an arithmetic primitive takes effect in a loop compiled before", () => {
  const ev = testEvaluator();
  ev.run(mandelbrot);
  ev.run("(define (abs z) 0.0)");
  assert.equal(ev.run("(escape (complex 1.0 1.0) 10)"), "10");
});

test("an interrupt stops a specialised complex loop", () => {
  const ev = testEvaluator();
  Atomics.store(ev.interruptFlag, 0, 1);
  const report = ev.fail("(let loop ((z (complex 0.0 0.0))) (loop (+ z z)))");
  assert.equal(report.ename, "Interrupted");
});

test("loops that create procedures or mix kinds are not specialised, and still compute the same", () => {
  assert.doesNotMatch(generatedSource("(define (f z) (let loop ((z z) (k '())) (if (> (abs z) 2.0) k (loop (* z z) (cons (lambda () z) k)))))"), /instanceof Compnum\) \{/);
  const ev = testEvaluator();
  assert.equal(ev.run("(let loop ((z (complex 1.5 0.0)) (fs '())) (if (> (abs z) 2.0) (length fs) (loop (* z z) (cons (lambda () z) fs))))"), "1");
  assert.equal(ev.run("(let loop ((x 1.0) (i 0)) (if (= i 2) x (loop (+ x 1/2) (+ i 1))))"), "2.0");
});

test("a real loop with an exact counter runs specialised on the real, and the counter stays exact", () => {
  const escape = `(define (escape-real c limit)
    (let loop ((x 0.0) (t 0))
      (if (> (* x x) 4.0) t (if (= t limit) t (loop (+ (* x x) c) (+ t 1))))))`;
  assert.match(generatedSource(escape), /if \(\$primitives && λx_\d+\$in instanceof Flonum && λc_\d+ instanceof Flonum\) \{/);
  const ev = testEvaluator();
  ev.run(escape);
  // x: 0, 1, 2, 5 — exceeds 2 on the fourth step; with c = -1 it cycles 0, -1, 0, … until the limit.
  assert.equal(ev.run("(list (escape-real 1.0 100) (escape-real -1.0 100) (exact? (escape-real 1.0 100)))"), "(3 100 #t)");
  assert.equal(ev.run("(escape-real 1 100)"), "3", "an exact c runs the ordinary loop, with the same count");
});

test("a global procedure that iterates by calling itself runs specialised too, until it is redefined", () => {
  const iterate = "(define (iterate z c n) (if (= n 0) z (iterate (+ (* z z) c) c (- n 1))))";
  assert.match(generatedSource(iterate), /if \(\$primitives && λz_\d+\$in instanceof Compnum && λc_\d+\$in instanceof Compnum\) \{/);
  const ev = testEvaluator();
  ev.run(iterate);
  ev.run("(define c (complex -0.4 0.6))");
  assert.equal(ev.run("(iterate c c 2)"), ev.run("(let ((a (+ (* c c) c))) (+ (* a a) c))"));
  ev.run("(define saved iterate) (define (iterate z c n) 'redefined)");
  assert.equal(ev.run("(saved c c 2)"), "redefined", "the old procedure's self call now reaches the new definition");
});
