import { test } from "node:test";
import assert from "node:assert/strict";
import { Char, Compnum, Flonum, MString, NIL, Pair, Ratnum, sym, type Value } from "../values.js";
import { isEqual, isEqv } from "./equivalence.js";
import { assertWrongArity, call, read } from "../testing/primitives.js";
import { watchInterruptFlag } from "../runtime/interrupt.js";
import { SchemeError } from "../errors.js";

test("eq? is identity: symbols, fixnums, bignums, booleans, the empty list", () => {
  assert.equal(call("eq?", sym("a"), sym("a")), true);
  assert.equal(call("eq?", 7, 7), true);
  assert.equal(call("eq?", 2n ** 70n, 2n ** 70n), true);
  assert.equal(call("eq?", NIL, NIL), true);
  assert.equal(call("eq?", new MString("a"), new MString("a")), false);
  assert.equal(call("eq?", read("(1)"), read("(1)")), false);
  assertWrongArity(() => call("eq?", 1), "eq?");
});

test("eqv? compares numbers by exactness and value, chars by code point, strings by identity", () => {
  assert.equal(isEqv(new Flonum(1.5), new Flonum(1.5)), true);
  assert.equal(isEqv(new Flonum(2), 2), false, "2.0 and 2 differ in exactness");
  assert.equal(isEqv(new Flonum(0), new Flonum(-0)), false);
  assert.equal(isEqv(new Flonum(NaN), new Flonum(NaN)), true);
  assert.equal(isEqv(new Ratnum(1n, 3n), new Ratnum(1n, 3n)), true);
  assert.equal(isEqv(new Ratnum(1n, 3n), new Ratnum(2n, 3n)), false);
  assert.equal(isEqv(new Compnum(1, 2), new Compnum(1, 2)), true);
  assert.equal(isEqv(new Compnum(1, 2), new Compnum(1, -2)), false);
  assert.equal(isEqv(Char.of(0x3bb), Char.of(0x3bb)), true, "chars beyond Latin-1 are not cached, still eqv?");
  const s = new MString("x");
  assert.equal(call("eqv?", s, s), true);
  assert.equal(call("eqv?", s, new MString("x")), false);
});

test("equal? compares structure: lists, vectors, strings, bytevectors, nested", () => {
  assert.equal(call("equal?", read('(1 "two" #(3 (4 . 5)) #\\a 1/2)'), read('(1 "two" #(3 (4 . 5)) #\\a 1/2)')), true);
  assert.equal(call("equal?", read("(1 2 3)"), read("(1 2 3 4)")), false);
  assert.equal(call("equal?", read("(1 2 . 3)"), read("(1 2 . 4)")), false);
  assert.equal(call("equal?", read("#(1 2)"), read("#(1 2 3)")), false);
  assert.equal(call("equal?", read("#u8(1 2)"), read("#u8(1 2)")), true);
  assert.equal(call("equal?", read("#u8(1 2)"), read("#u8(1 3)")), false);
  assert.equal(call("equal?", read('"abc"'), read('"abd"')), false);
  assert.equal(call("equal?", read("2"), read("2.0")), false);
});

test("equal? handles a 10^6-element list without deepening the stack", () => {
  const build = (last: Value): Value => {
    let l: Value = new Pair(last, NIL);
    for (let i = 0; i < 1_000_000; i++) l = new Pair(i, l);
    return l;
  };
  assert.equal(isEqual(build(1), build(1)), true);
  assert.equal(isEqual(build(1), build(2)), false);
  let deep: Value = NIL;
  let deep2: Value = NIL;
  for (let i = 0; i < 100_000; i++) {
    deep = new Pair(deep, NIL);
    deep2 = new Pair(deep2, NIL);
  }
  assert.equal(isEqual(deep, deep2), true, "deep car nesting uses the explicit stack");
});

test("equal? terminates on cyclic structure", () => {
  assert.equal(isEqual(read("#0=(1 2 . #0#)"), read("#0=(1 2 . #0#)")), true);
  assert.equal(isEqual(read("#0=(1 2 . #0#)"), read("#0=(1 2 1 2 . #0#)")), true, "the same infinite list unrolled");
  assert.equal(isEqual(read("#0=(1 2 . #0#)"), read("#0=(1 3 . #0#)")), false);
  assert.equal(isEqual(read("#0=#(1 #0#)"), read("#0=#(1 #0#)")), true);
  assert.equal(isEqual(read("#0=(#0# . #0#)"), read("#0=(#0# . #0#)")), true);
});

test("equal? on large structure answers the interrupt", () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  watchInterruptFlag(flag);
  try {
    let a: Value = NIL;
    let b: Value = NIL;
    for (let i = 0; i < 100_000; i++) {
      a = new Pair(new Pair(i, NIL), a);
      b = new Pair(new Pair(i, NIL), b);
    }
    Atomics.store(flag, 0, 1);
    assert.throws(() => isEqual(a, b), (e: unknown) => e instanceof SchemeError && e.kind === "Interrupted");
    assert.equal(isEqual(a, b), true, "uninterrupted, it compares");
  } finally {
    watchInterruptFlag(null);
  }
});
