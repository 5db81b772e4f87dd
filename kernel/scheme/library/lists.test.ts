import { test } from "node:test";
import assert from "node:assert/strict";
import { NIL, Pair, VOID, sym, type Value } from "../values.js";
import { assertDatum, assertSchemeError, assertWrongArity, assertWrongType, call, read } from "../testing/primitives.js";

test("cons, car, cdr, set-car!, set-cdr! and their type errors", () => {
  const p = call("cons", 1, 2) as Pair;
  assertDatum(p, "(1 . 2)");
  assert.equal(call("car", p), 1);
  assert.equal(call("cdr", p), 2);
  assert.equal(call("set-car!", p, 10), VOID);
  assert.equal(call("set-cdr!", p, NIL), VOID);
  assertDatum(p, "(10)");
  assertWrongType(() => call("car", 1), "car", "a pair", 1, "1");
  assertWrongType(() => call("cdr", NIL), "cdr", "a pair", 1, "()");
  assertWrongType(() => call("set-car!", NIL, 1), "set-car!", "a pair", 1, "()");
  assertWrongType(() => call("set-cdr!", 5, 1), "set-cdr!", "a pair", 1, "5");
  assertWrongArity(() => call("car"), "car");
  assertWrongArity(() => call("cons", 1), "cons");
});

test("c[ad]{2,4}r walk right to left and say which step failed", () => {
  const l = read("((1 2) (3 4) 5 6)");
  assertDatum(call("caar", l), "1");
  assertDatum(call("cadr", l), "(3 4)");
  assertDatum(call("cdar", l), "(2)");
  assertDatum(call("cddr", l), "(5 6)");
  assertDatum(call("caddr", l), "5");
  assertDatum(call("cadadr", l), "4");
  assertDatum(call("cadddr", l), "6");
  assertDatum(call("cddddr", l), "()");
  assertWrongType(() => call("cadr", read("(1)")), "cadr", "a pair whose cdr is a pair", 1, "(1)");
  assertWrongType(() => call("caddr", read("(1 2)")), "caddr", "a pair whose cddr is a pair", 1, "(1 2)");
  assertWrongType(() => call("caar", 7), "caar", "a pair", 1, "7");
});

test("pair?, null?, list? (circular lists are not lists)", () => {
  assert.equal(call("pair?", read("(1)")), true);
  assert.equal(call("pair?", NIL), false);
  assert.equal(call("null?", NIL), true);
  assert.equal(call("null?", read("(1)")), false);
  assert.equal(call("list?", read("(1 2 3)")), true);
  assert.equal(call("list?", NIL), true);
  assert.equal(call("list?", read("(1 2 . 3)")), false);
  assert.equal(call("list?", read("#0=(1 2 3 . #0#)")), false);
  assert.equal(call("list?", read("(0 . #0=(1 . #0#))")), false);
  assert.equal(call("list?", 5), false);
});

test("list, cons*, make-list", () => {
  assertDatum(call("list", 1, 2, 3), "(1 2 3)");
  assertDatum(call("list"), "()");
  assertDatum(call("cons*", 1, 2, read("(3 4)")), "(1 2 3 4)");
  assertDatum(call("cons*", 1), "1");
  assertDatum(call("make-list", 3, sym("x")), "(x x x)");
  assert.equal(call("make-list", 0), NIL);
  assertDatum(call("make-list", 2), "(0 0)");
  assertWrongType(() => call("make-list", -1), "make-list", "an exact non-negative integer", 1, "-1");
  assertWrongType(() => call("make-list", 2 ** 40), "make-list", "a length of at most 134217725", 1, "1099511627776");
  assertWrongArity(() => call("cons*"), "cons*");
});

test("length: proper lists only, iteratively", () => {
  assert.equal(call("length", read("(1 2 3)")), 3);
  assert.equal(call("length", NIL), 0);
  let big: Value = NIL;
  for (let i = 0; i < 1_000_000; i++) big = new Pair(i, big);
  assert.equal(call("length", big), 1_000_000);
  assertWrongType(() => call("length", read("(1 2 . 3)")), "length", "a proper list", 1, "(1 2 . 3)");
  assertSchemeError(() => call("length", read("#0=(1 2 . #0#)")), {
    kind: "WrongType",
    procedure: "length",
    message: "expected a proper list (this one is circular) as argument 1",
  });
  assertWrongType(() => call("length", 5), "length", "a proper list", 1, "5");
});

test("append copies all but the last list, which it shares", () => {
  const last = read("(4 5)");
  const result = call("append", read("(1)"), read("(2 3)"), last);
  assertDatum(result, "(1 2 3 4 5)");
  assert.equal(call("list-tail", result, 3), last, "the last argument is shared, not copied");
  assertDatum(call("append"), "()");
  assertDatum(call("append", read("(1)"), 2), "(1 . 2)");
  assert.equal(call("append", NIL, 7), 7);
  assertWrongType(() => call("append", read("(1 . 2)"), NIL), "append", "a proper list", 1, "(1 . 2)");
  assertWrongType(() => call("append", NIL, 3, NIL), "append", "a proper list", 2, "3");
});

test("reverse, list-tail, list-ref, list-set!, list-copy, last-pair", () => {
  assertDatum(call("reverse", read("(1 (2) 3)")), "(3 (2) 1)");
  assertWrongType(() => call("reverse", read("(1 . 2)")), "reverse", "a proper list", 1, "(1 . 2)");
  const l = read("(a b c)");
  assertDatum(call("list-head", l, 2), "(a b)");
  assertDatum(call("list-head", l, 0), "()");
  assertSchemeError(() => call("list-head", l, 4), { kind: "IndexOutOfRange", procedure: "list-head", message: "valid: 0 to 3" });
  assertDatum(call("list-tail", l, 1), "(b c)");
  assertDatum(call("list-tail", l, 3), "()");
  assertSchemeError(() => call("list-tail", l, 4), {
    kind: "IndexOutOfRange",
    procedure: "list-tail",
    message: "valid: 0 to 3",
    irritants: ["4", "(a b c)"],
  });
  assertDatum(call("list-ref", l, 2), "c");
  assertSchemeError(() => call("list-ref", l, 3), { kind: "IndexOutOfRange", procedure: "list-ref", message: "valid: 0 to 2" });
  assertSchemeError(() => call("list-ref", NIL, 0), { kind: "IndexOutOfRange", message: "none, it is empty" });
  assertWrongType(() => call("list-ref", l, -1), "list-ref", "an exact non-negative integer", 2, "-1");
  assertWrongType(() => call("list-ref", l, read("1.0")), "list-ref", "an exact non-negative integer", 2, "1.0");
  call("list-set!", l, 1, sym("z"));
  assertDatum(l, "(a z c)");
  const copy = call("list-copy", l);
  assertDatum(copy, "(a z c)");
  assert.notEqual(copy, l);
  assertDatum(call("list-copy", read("(1 2 . 3)")), "(1 2 . 3)");
  assert.equal(call("list-copy", 5), 5);
  assertDatum(call("last-pair", read("(1 2 3)")), "(3)");
  assertDatum(call("last-pair", read("(1 2 . 3)")), "(2 . 3)");
  assertWrongType(() => call("last-pair", NIL), "last-pair", "a pair", 1, "()");
  assertSchemeError(() => call("last-pair", read("#0=(1 . #0#)")), { kind: "WrongType", message: "not circular" });
});

test("first … tenth", () => {
  const l = read("(1 2 3 4 5 6 7 8 9 10)");
  assert.equal(call("first", l), 1);
  assert.equal(call("third", l), 3);
  assert.equal(call("tenth", l), 10);
  assertWrongType(() => call("second", read("(1)")), "second", "a list of at least 2 elements", 1, "(1)");
});

test("memq memv member: the first matching tail, else #f", () => {
  const l = read('(a 2.0 "s" (x))');
  assertDatum(call("memq", sym("a"), l), '(a 2.0 "s" (x))');
  assert.equal(call("memq", read("(x)"), l), false);
  assertDatum(call("memv", read("2.0"), l), '(2.0 "s" (x))');
  assert.equal(call("memv", 2, l), false);
  assertDatum(call("member", read('"s"'), l), '("s" (x))');
  assertDatum(call("member", read("(x)"), l), "((x))");
  assert.equal(call("member", 9, read("#0=(1 2 . #0#)")), false, "a circular list is searched once through");
  assertWrongType(() => call("memq", 9, read("(1 . 2)")), "memq", "a proper list", 2, "(1 . 2)");
});

test("assq assv assoc: the first association whose key matches, else #f", () => {
  const alist = read('((a 1) (2.5 2) ("k" 3))');
  assertDatum(call("assq", sym("a"), alist), "(a 1)");
  assertDatum(call("assv", read("2.5"), alist), "(2.5 2)");
  assertDatum(call("assoc", read('"k"'), alist), '("k" 3)');
  assert.equal(call("assoc", read('"z"'), alist), false);
  assertWrongType(() => call("assq", sym("b"), read("((a . 1) 5)")), "assq", "an association list (a list of pairs)", 2, "((a . 1) 5)");
  assertWrongType(() => call("assv", 1, 7), "assv", "a proper list", 2, "7");
});

test("iota counts from start by step, exact or inexact as they are", () => {
  assertDatum(call("iota", 4), "(0 1 2 3)");
  assertDatum(call("iota", 3, 1), "(1 2 3)");
  assertDatum(call("iota", 3, 0, read("1/2")), "(0 1/2 1)");
  assertDatum(call("iota", 2, read("1.5"), 2), "(1.5 3.5)");
  assertDatum(call("iota", 0), "()");
  assertDatum(call("iota", 3, 5, -2), "(5 3 1)");
  assertDatum(call("iota", 3, 9007199254740990), "(9007199254740990 9007199254740991 9007199254740992)");
  assertWrongType(() => call("iota", -1), "iota", "an exact non-negative integer", 1, "-1");
  assertWrongType(() => call("iota", 2, sym("a")), "iota", "a number", 2, "a");
});

test("last, append-reverse, alist-copy", () => {
  assert.equal(call("last", read("(1 2 3)")), 3);
  assertWrongType(() => call("last", NIL), "last", "a pair", 1, "()");
  assertDatum(call("append-reverse", read("(3 2 1)"), read("(4 5)")), "(1 2 3 4 5)");
  assertWrongType(() => call("append-reverse", 1, NIL), "append-reverse", "a proper list", 1, "1");
  const alist = read("((a . 1) (b . 2))");
  const copy = call("alist-copy", alist) as Pair;
  assertDatum(copy, "((a . 1) (b . 2))");
  (copy.car as Pair).cdr = 10;
  assertDatum(alist, "((a . 1) (b . 2))");
});
