import { test } from "node:test";
import assert from "node:assert/strict";
import { LanguageError, type ErrorReport, type SourceOrigin } from "../../language/language.js";
import { createSchemeEvaluator } from "../engine.js";
import { writeString } from "../printer.js";
import { fullCollection } from "../../cluster/idle-collection.js";
import { liveUnitCount } from "./link.js";

// Re-running a cell reuses its compiled script when that is invisible: same values, the same errors at the same
// places under each run's own origin, and new meanings after a redefinition.

const evaluator = () => createSchemeEvaluator({ stdout: () => undefined, interruptFlag: new Int32Array(new SharedArrayBuffer(4)) });

function failure(run: () => unknown): ErrorReport {
  try {
    run();
  } catch (e) {
    if (e instanceof LanguageError) return e.report;
    throw e;
  }
  assert.fail("expected the code to fail");
}

/** How many scripts `new Function` compiles while `run` runs. */
function compilations(run: () => void): number {
  const real = globalThis.Function;
  let count = 0;
  globalThis.Function = new Proxy(real, {
    construct(target, args) {
      count++;
      return Reflect.construct(target, args);
    },
  });
  try {
    run();
  } finally {
    globalThis.Function = real;
  }
  return count;
}

test("a closure-free cell run again under a new origin compiles nothing and gives the same value", () => {
  const ev = evaluator();
  ev.execute("(define cluster_rank 3)", { name: "setup" });
  const origin = (n: number): SourceOrigin => ({ name: `In [${n}] on node 3`, lineOffset: 1 });
  assert.equal(writeString(ev.execute("(+ cluster_rank 1)", origin(1))), "4");
  assert.equal(compilations(() => assert.equal(writeString(ev.execute("(+ cluster_rank 1)", origin(2))), "4")), 0);
});

test("an error in a reused script is reported under the origin and line offset of the run that failed", () => {
  const ev = evaluator();
  const code = "(list 1\n  (car 5))";
  const first = failure(() => ev.execute(code, { name: "In [1]", lineOffset: 0 }));
  const again = failure(() => ev.execute(code, { name: "In [2]", lineOffset: 3 }));
  assert.deepEqual(first.location, { origin: "In [1]", line: 2, column: 3 });
  assert.deepEqual(again.location, { origin: "In [2]", line: 5, column: 3 });
  assert.equal(again.traceback[0], "In [2], line 5, column 3: car: expected a pair as argument 1, got 5");
});

test("the same text at other positions is not taken for the earlier run", () => {
  const ev = evaluator();
  failure(() => ev.execute("(car 5)", { name: "In [1]" }));
  const shifted = failure(() => ev.execute("\n   (car 5)", { name: "In [2]" }));
  assert.deepEqual(shifted.location, { origin: "In [2]", line: 2, column: 4 });
});

test("a procedure keeps the origin it was defined in when the same definition runs again elsewhere", () => {
  const ev = evaluator();
  ev.execute("(define (boom) (car 7))\n(define saved boom)", { name: "In [1]" });
  ev.execute("(define (boom) (car 7))", { name: "In [2]" });
  const r = failure(() => ev.execute("(saved)", { name: "In [3]" }));
  assert.deepEqual(r.location, { origin: "In [1]", line: 1, column: 16 });
});

test("a macro redefined between two runs of the same cell changes what the cell means", () => {
  const ev = evaluator();
  ev.execute("(define-syntax twice (syntax-rules () ((_ e) (* 2 e))))", { name: "In [1]" });
  assert.equal(writeString(ev.execute("(twice 5)", { name: "In [2]" })), "10");
  ev.execute("(define-syntax twice (syntax-rules () ((_ e) (list e e))))", { name: "In [3]" });
  assert.equal(writeString(ev.execute("(twice 5)", { name: "In [4]" })), "(5 5)");
});

test("a primitive redefined between two runs of the same cell is the one the cell calls", () => {
  const ev = evaluator();
  assert.equal(writeString(ev.execute("(+ 1 2)", { name: "In [1]" })), "3");
  ev.execute("(define (+ a b) (* a b))", { name: "In [2]" });
  assert.equal(writeString(ev.execute("(+ 1 2)", { name: "In [3]" })), "2");
});

// Every compiled unit has a stack map (link.ts) for locating errors; it must last as long as the unit's procedures
// and no longer, or a long session would keep one for every cell it ever ran.
test("a unit's stack map lives as long as its procedures: errors stay located, and redefined code's maps go", async () => {
  const collect = fullCollection();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      collect();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  const ev = evaluator();
  ev.execute("(define (kept x)\n  (car x))", { name: "cell 1" });
  await settle();
  const before = liveUnitCount();
  for (let i = 0; i < 300; i++) ev.execute(`(define (replaced) (list ${i} (lambda () ${i})))`, { name: `cell ${i + 2}` });
  await settle();
  // 300 definitions, each replacing the one before: only the last one's map need stay.
  assert.ok(liveUnitCount() - before < 30, `${liveUnitCount() - before} maps kept of 300`);
  // The first procedure is alive: its map is too, and its error still names its line and column.
  const report = failure(() => ev.execute("(kept 5)", { name: "cell 302" }));
  assert.match(report.traceback[0]!, /^cell 1, line 2, column 3: car: expected a pair/);
});

test("a cell with local variables run again compiles nothing: its locals get the same names each time", () => {
  const ev = evaluator();
  // The seed's px cell has this shape: a let around calls.
  const cell = "(let ((portion (quotient 30 3))) (let* ((from (* 2 portion)) (to (+ from portion))) (list from to)))";
  assert.equal(writeString(ev.execute(cell, { name: "node 0" })), "(20 30)");
  assert.equal(compilations(() => assert.equal(writeString(ev.execute(cell, { name: "node 1" })), "(20 30)")), 0);
});
