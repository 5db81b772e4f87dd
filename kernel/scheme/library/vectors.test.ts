import { test } from "node:test";
import assert from "node:assert/strict";
import { NIL, VOID, sym, type Value } from "../values.js";
import { assertDatum, assertSchemeError, assertWrongArity, assertWrongType, call, read } from "../testing/primitives.js";
import { testEvaluator } from "../testing/evaluate.js";

test("make-vector (filled with 0 like Calysto unless told), vector, vector?, vector-length", () => {
  assertDatum(call("make-vector", 3), "#(0 0 0)");
  assertDatum(call("make-vector", 2, sym("x")), "#(x x)");
  assertDatum(call("vector", 1, 2), "#(1 2)");
  assert.equal(call("vector?", read("#()")), true);
  assert.equal(call("vector?", NIL), false);
  assert.equal(call("vector-length", read("#(1 2 3)")), 3);
  assertWrongType(() => call("make-vector", -1), "make-vector", "an exact non-negative integer", 1, "-1");
  assertSchemeError(() => call("make-vector", 2n ** 80n), { kind: "WrongType", procedure: "make-vector", message: "a length of at most" });
  assertWrongType(() => call("make-vector", 2 ** 31), "make-vector", "a length of at most 134217725", 1, "2147483648");
  assertWrongType(() => call("vector-length", read("(1)")), "vector-length", "a vector", 1, "(1)");
});

test("vector-ref and vector-set! name the index and the valid range", () => {
  const v = read("#(a b c)") as Value[];
  assert.equal(call("vector-ref", v, 2), sym("c"));
  assert.equal(call("vector-set!", v, 0, 9), VOID);
  assertDatum(v, "#(9 b c)");
  assertSchemeError(() => call("vector-ref", v, 3), {
    kind: "IndexOutOfRange",
    procedure: "vector-ref",
    message: "valid: 0 to 2",
    irritants: ["3", "#(9 b c)"],
  });
  assertSchemeError(() => call("vector-set!", read("#()"), 0, 1), { kind: "IndexOutOfRange", message: "none, it is empty" });
  assertSchemeError(() => call("vector-ref", v, 2n ** 64n), { kind: "IndexOutOfRange", procedure: "vector-ref" });
  assertWrongType(() => call("vector-ref", v, -1), "vector-ref", "an exact non-negative integer", 2, "-1");
  assertWrongType(() => call("vector-ref", v, read("1.0")), "vector-ref", "an exact non-negative integer", 2, "1.0");
  assertWrongType(() => call("vector-ref", read("(1)"), 0), "vector-ref", "a vector", 1, "(1)");
  assertWrongArity(() => call("vector-set!", v, 0), "vector-set!");
});

test("vector->list, list->vector, vector-fill!, vector-copy, subvector", () => {
  const v = read("#(1 2 3 4)");
  assertDatum(call("vector->list", v), "(1 2 3 4)");
  assertDatum(call("vector->list", v, 1), "(2 3 4)");
  assertDatum(call("vector->list", v, 1, 3), "(2 3)");
  assertSchemeError(() => call("vector->list", v, 3, 2), { kind: "IndexOutOfRange", procedure: "vector->list", message: "valid: 3 to 4" });
  assertDatum(call("list->vector", read("(a (b))")), "#(a (b))");
  assertWrongType(() => call("list->vector", read("(1 . 2)")), "list->vector", "a proper list", 1, "(1 . 2)");
  const w = read("#(1 2 3 4)");
  call("vector-fill!", w, 0, 2);
  assertDatum(w, "#(1 2 0 0)");
  call("vector-fill!", w, 7);
  assertDatum(w, "#(7 7 7 7)");
  const copy = call("vector-copy", v);
  assert.notEqual(copy, v);
  assertDatum(copy, "#(1 2 3 4)");
  assertDatum(call("vector-copy", v, 2), "#(3 4)");
  assertDatum(call("subvector", v, 1, 2), "#(2)");
  assertWrongArity(() => call("subvector", v, 1), "subvector");
});

test("vector-copy!, vector-append, vector-grow", () => {
  const to = read("#(1 2 3 4 5)");
  call("vector-copy!", to, 1, read("#(a b)"));
  assertDatum(to, "#(1 a b 4 5)");
  call("vector-copy!", to, 2, to, 0, 3);
  assertDatum(to, "#(1 a 1 a b)");
  assertSchemeError(() => call("vector-copy!", to, 4, read("#(x y)")), { kind: "WrongType", message: "2 elements must fit" });
  assertSchemeError(() => call("vector-copy!", to, 6, read("#()")), { kind: "IndexOutOfRange", procedure: "vector-copy!" });
  assertDatum(call("vector-append", read("#(1)"), read("#()"), read("#(2 3)")), "#(1 2 3)");
  assertWrongType(() => call("vector-append", read("#(1)"), NIL), "vector-append", "a vector", 2, "()");
  assertDatum(call("vector-grow", read("#(1 2)"), 4), "#(1 2 0 0)");
  assertWrongType(() => call("vector-grow", read("#(1 2)"), 1), "vector-grow", "a length between 2 and 134217725", 2, "1");
});

test("building a vector or list of tens of millions of elements answers the interrupt", () => {
  // Past 2^25 elements `new Array(n)` is a dictionary: filling 10^8 of them took 58 s that Interrupt could not stop.
  const ev = testEvaluator();
  for (const code of ["(make-vector 33554433 'x)", "(vector-grow (vector 1) 33554433)", "(make-list 1000000 'x)", "(iota 1000000)", "(range 1000000)"]) {
    Atomics.store(ev.interruptFlag, 0, 1);
    assert.equal(ev.fail(`(define big ${code})`).ename, "Interrupted", code);
    Atomics.store(ev.interruptFlag, 0, 0);
  }
  assert.equal(ev.run("(let ((v (make-vector 33554433 'x))) (list (vector-length v) (vector-ref v 33554432)))"), "(33554433 x)");
});
