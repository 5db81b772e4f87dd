// The compile pipeline's trace: what each stage made of a form, in order.

import { test } from "node:test";
import assert from "node:assert/strict";
import { rv } from "./runtime/trampoline.js";
import { STAGES } from "./pipeline.js";
import { traceCompilation } from "./testing/compile.js";
import { Pair, Sym } from "./values.js";

const escape = `
(define (escape z0 limit)
  (let loop ((z z0) (t 0))
    (if (> (abs z) 2.0) t
        (if (> t limit) limit (loop (+ (* z z) z0) (+ t 1))))))`;

test("a traced form passes read, expand, analyse, generate and link, in that order", () => {
  const trace = traceCompilation(escape);
  assert.deepEqual(
    trace.entries.map((e) => e.stage),
    STAGES,
  );
  const [read] = trace.outputs("read");
  const datum = read!.datums[0];
  assert.ok(datum instanceof Pair && datum.car === Sym.intern("define"), "read: the define form as a datum");
  const [node] = trace.outputs("expand");
  assert.equal(node!.k, "gset");
  assert.ok(node!.k === "gset" && node!.define && node!.cell.name === "escape" && node!.e.k === "lambda");
  assert.equal(typeof trace.outputs("link")[0], "function");
});

test("the analysis finds the named let's self-call and the loops it can run unboxed", () => {
  const [analysis] = traceCompilation(escape).outputs("analyse");
  const byName = new Map([...analysis!.procedures].map(([lambda, facts]) => [lambda.name, facts]));
  const escapeFacts = byName.get("escape")!;
  assert.equal(escapeFacts.self?.kind, "global");
  // It calls `loop`, which is no primitive: escape's own body is not closed.
  assert.equal(escapeFacts.closed, false);
  const loop = byName.get("loop")!;
  assert.equal(loop.self?.kind, "local");
  assert.equal(loop.closed, true);
  assert.equal(loop.capturing, false);
  assert.deepEqual(
    loop.unboxedLoops.map((plan) => [plan.kind, plan.inputs.map((v) => v.name)]),
    [
      ["compnum", ["z", "z0"]],
      ["flonum", ["z", "z0"]],
    ],
  );
  assert.equal(analysis!.formProcedure, null);
});

test("the generated loop is entered directly and checks its inputs once; the form's entry runs", () => {
  const trace = traceCompilation(escape);
  const [unit] = trace.outputs("generate");
  assert.match(unit!.source, /if \(\$primitives && λz_\d+\$in instanceof Compnum && λz0_\d+ instanceof Compnum\) \{/);
  assert.match(unit!.source, /return \(\/\*@\d+\*\/λloop_\d+\(/, "the named let is entered by a direct call, not through the trampoline");
  const trace2 = traceCompilation("(* 6 7)");
  assert.equal(rv(trace2.outputs("link")[0]!()), 42);
});

test("a form that can capture a continuation is compiled as a procedure of its own, whose frame is recorded", () => {
  const [analysis] = traceCompilation("(+ 1 (call/cc (lambda (k) (k 2))))").outputs("analyse");
  assert.notEqual(analysis!.formProcedure, null);
  assert.equal(analysis!.procedures.get(analysis!.formProcedure!)!.capturing, true);
  const [unit] = traceCompilation("(+ 1 (call/cc (lambda (k) (k 2))))").outputs("generate");
  assert.equal(unit!.captureSites.length, 1);
  assert.match(unit!.source, /\$e\.isCapture === true/);
});
