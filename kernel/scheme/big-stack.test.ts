// Deep recursion, runaway recursion, long tail-call loops and interrupts, on a worker thread with the
// kernel's big stack — the way the kernel process hosts the evaluator.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startBigStackEvaluator } from "./testing/big-stack.js";

const worker = startBigStackEvaluator();
after(() => worker.close());

test("building a list of 1,000,000 elements by non-tail recursion works", async () => {
  const r = await worker.run("(define (build n) (if (= n 0) '() (cons n (build (- n 1))))) (length (build 1000000))");
  assert.deepEqual(r.ok && r.value, "1000000");
});

test("a runaway recursion ends as RecursionTooDeep with a collapsed backtrace, and the kernel stays usable", async () => {
  const r = await worker.run("(define (runaway n) (+ 1 (runaway n)))\n(runaway 1)");
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.ename, "RecursionTooDeep");
  assert.match(r.traceback[0]!, /^worker, line 1, column 26: /);
  assert.match(r.traceback[1]!, /^  in runaway \(×\d+\)$/);
  const after = await worker.run("(define (build n) (if (= n 0) 0 (+ 1 (build (- n 1))))) (build 1000)");
  assert.deepEqual(after.ok && after.value, "1000");
});

test("a loop of 10^7 iterations through mutual tail calls runs in constant memory", async () => {
  const small = await worker.run("(define (ping n) (if (= n 0) 'done (pong (- n 1)))) (define (pong n) (ping n)) (ping 10000)");
  const big = await worker.run("(ping 10000000)");
  assert.ok(small.ok && big.ok);
  if (!small.ok || !big.ok) return;
  assert.equal(big.value, "done");
  // A frame or a closure per iteration would be hundreds of MB; the trampoline allocates nothing.
  assert.ok(big.heapUsed - small.heapUsed < 50 * 1024 * 1024, `heap grew by ${big.heapUsed - small.heapUsed}`);
});

test("an interrupt stops a tight loop, an arithmetic loop and an endless macro expansion; the state survives", async () => {
  await worker.run("(define before-interrupt 'kept)");
  const loops = [
    "(let loop () (loop))",
    "(let loop ((i 0) (x 0.5)) (loop (+ i 1) (* x 1.0000001)))",
    "(define-syntax forever (syntax-rules () ((_) (forever)))) (forever)",
  ];
  for (const code of loops) {
    const pending = worker.run(code);
    setTimeout(() => worker.interrupt(), 150);
    const r = await pending;
    assert.equal(r.ok, false, code);
    if (r.ok) return;
    assert.equal(r.ename, "Interrupted");
  }
  const state = await worker.run("before-interrupt");
  assert.deepEqual(state.ok && state.value, "kept");
});

test("quasiquote templates nested 100 000 deep, with an unquote at the bottom or nested quasiquotes, expand and run", { timeout: 120_000 }, async () => {
  // Each level asked whether its part held an unquote (quadratic) and the code generator copied the arguments of
  // every nested call (quadratic again): 46 s for 50 000 levels, where this is a second.
  const n = 100_000;
  await worker.run("(define x 'bottom)");
  const deep = await worker.run("(let loop ((v `" + "(".repeat(n) + ",x" + ")".repeat(n) + ") (depth 0)) (if (pair? v) (loop (car v) (+ depth 1)) (list v depth)))");
  assert.deepEqual(deep.ok && deep.value, `(bottom ${n})`);
  const m = 20_000;
  const nested = await worker.run("(let loop ((v " + "`(1 . ,".repeat(m) + "2" + ")".repeat(m) + ") (depth 0)) (if (pair? v) (loop (cdr v) (+ depth 1)) (list v depth)))");
  assert.deepEqual(nested.ok && nested.value, `(2 ${m})`);
});
