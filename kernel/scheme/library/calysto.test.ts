import { test } from "node:test";
import assert from "node:assert/strict";
import { Char, Flonum, MString, NIL, VOID, type Value } from "../values.js";
import { writeString } from "../printer.js";
import { StringOutputPort, withOutputPort } from "./ports.js";
import { assertDatum, assertSchemeError, assertWrongArity, assertWrongType, call, read } from "../testing/primitives.js";

const s = (text: string): MString => new MString(text);
const str = (v: Value): string => (v as MString).value;

test("range is Python's range, as a list", () => {
  assertDatum(call("range", 5), "(0 1 2 3 4)");
  assertDatum(call("range", 2, 5), "(2 3 4)");
  assertDatum(call("range", 0, 10, 3), "(0 3 6 9)");
  assertDatum(call("range", 5, 0, -2), "(5 3 1)");
  assertDatum(call("range", 0), "()");
  assertDatum(call("range", 5, 2), "()");
  assertDatum(call("range", -3), "()");
  assertDatum(call("range", 9007199254740990, 9007199254740994n), "(9007199254740990 9007199254740991 9007199254740992 9007199254740993)");
  assertSchemeError(() => call("range", 0, 5, 0), { kind: "WrongType", procedure: "range", message: "step must not be zero" });
  assertWrongType(() => call("range", read("2.5")), "range", "an exact integer", 1, "2.5");
  assertWrongType(() => call("range", 0, s("9")), "range", "an exact integer", 2, '"9"');
  assertSchemeError(() => call("range", 2 ** 40), { kind: "WrongType", procedure: "range", message: "more than a list may have" });
  assertSchemeError(() => call("range", 2n ** 70n), { kind: "WrongType", procedure: "range", message: "more than a list may have" });
  assertWrongArity(() => call("range"), "range");
  assertWrongArity(() => call("range", 1, 2, 3, 4), "range");
});

test("get-item: a string yields a one-character string; vectors and lists their element; Python's negative indexes", () => {
  const alphabet = s("@MH😀W");
  assert.equal(str(call("get-item", alphabet, 0)), "@");
  assert.equal(str(call("get-item", alphabet, 3)), "😀");
  assert.equal(str(call("get-item", alphabet, -1)), "W");
  assertDatum(call("get-item", read("#(a b c)"), 1), "b");
  assertDatum(call("get-item", read("#(a b c)"), -3), "a");
  assertDatum(call("get-item", read("(a b c)"), 2), "c");
  assert.equal(call("get-item", read("#u8(7 8)"), 1), 8);
  assertSchemeError(() => call("get-item", alphabet, 5), {
    kind: "IndexOutOfRange",
    procedure: "get-item",
    message: "valid: -5 to 4",
    irritants: ["5", '"@MH😀W"'],
  });
  assertSchemeError(() => call("get-item", read("(a b)"), -1), { kind: "IndexOutOfRange", message: "valid: 0 to 1" });
  assertSchemeError(() => call("get-item", s(""), 0), { kind: "IndexOutOfRange", message: "none, it is empty" });
  assertWrongType(() => call("get-item", 42, 0), "get-item", "a string, vector, list or bytevector", 1, "42");
  assertWrongType(() => call("get-item", read("(a . b)"), 0), "get-item", "a proper list", 1, "(a . b)");
  assertWrongType(() => call("get-item", read("#(1)"), read("0.0")), "get-item", "an exact integer", 2, "0.0");
});

test("set-item! stores into vectors, lists, strings and bytevectors and returns the value", () => {
  const v = read("#(1 2 3)");
  assert.equal(call("set-item!", v, -1, 30), 30);
  assertDatum(v, "#(1 2 30)");
  const l = read("(1 2 3)");
  call("set-item!", l, 0, s("a"));
  assertDatum(l, '("a" 2 3)');
  const t = s("abc");
  call("set-item!", t, 1, s("😀"));
  call("set-item!", t, 2, Char.of(0x5a));
  assert.equal(t.value, "a😀Z");
  const bv = read("#u8(1 2)");
  call("set-item!", bv, 0, 255);
  assertDatum(bv, "#u8(255 2)");
  assertWrongType(() => call("set-item!", t, 0, s("xy")), "set-item!", "a character or a one-character string", 3, '"xy"');
  assertWrongType(() => call("set-item!", bv, 0, 256), "set-item!", "a byte (0 to 255)", 3, "256");
  assertSchemeError(() => call("set-item!", v, 3, 0), { kind: "IndexOutOfRange", procedure: "set-item!", message: "valid: -3 to 2" });
  assertWrongType(() => call("set-item!", 5, 0, 0), "set-item!", "a string, vector, list or bytevector", 1, "5");
});

test("len measures strings in characters, lists, vectors and bytevectors", () => {
  assert.equal(call("len", s("a😀b")), 3);
  assert.equal(call("len", read("(1 2 3 4)")), 4);
  assert.equal(call("len", NIL), 0);
  assert.equal(call("len", read("#(1 2)")), 2);
  assert.equal(call("len", read("#u8(1)")), 1);
  assertWrongType(() => call("len", 3), "len", "a string, vector, list or bytevector", 1, "3");
  assertWrongType(() => call("len", read("(1 . 2)")), "len", "a proper list", 1, "(1 . 2)");
});

test("string-split splits like Python's str.split", () => {
  assertDatum(call("string-split", s("a,,b,c"), Char.of(0x2c)), '("a" "" "b" "c")');
  assertDatum(call("string-split", s("one::two"), s("::")), '("one" "two")');
  assertDatum(call("string-split", s(""), Char.of(0x2c)), '("")');
  assertDatum(call("string-split", s("  the quick\tbrown\n fox ")), '("the" "quick" "brown" "fox")');
  assertWrongType(() => call("string-split", s("a"), 1), "string-split", "a character or a string", 2, "1");
  assertWrongType(() => call("string-split", s("a"), s("")), "string-split", "a non-empty delimiter", 2, '""');
  assertWrongType(() => call("string-split", 1, s(",")), "string-split", "a string", 1, "1");
});

test("current-time is seconds since the epoch, inexact; void is the value that displays nothing", () => {
  const t = call("current-time");
  assert.ok(t instanceof Flonum);
  assert.ok(Math.abs(t.value - Date.now() / 1000) < 5);
  assert.equal(call("void"), VOID);
  assert.equal(call("void", 1, 2), VOID);
});

test("string-join: Calysto's (string-join separator list) and SRFI-130's (string-join list [separator])", () => {
  assert.equal(str(call("string-join", s(", "), read('(a "b" 3)'))), "a, b, 3");
  assert.equal(str(call("string-join", s("-"), NIL)), "");
  assert.equal(str(call("string-join", read('("x" "y")'))), "x y");
  assert.equal(str(call("string-join", read('("x" "y")'), s("+"))), "x+y");
  assertWrongType(() => call("string-join", read('("x")'), 5), "string-join", "a string", 2, "5");
  assertWrongType(() => call("string-join", s(","), s("x")), "string-join", "a proper list", 1, '","');
});

test("sum adds a list or vector of numbers with the numeric tower", () => {
  assert.equal(call("sum", read("(1 2 3)")), 6);
  assertDatum(call("sum", read("#(1/2 1/3)")), "5/6");
  assertDatum(call("sum", read("(1 2.5)")), "3.5");
  assert.equal(call("sum", NIL), 0);
  assertWrongType(() => call("sum", read("(1 a)")), "sum", "a list or vector of numbers", 1, "(1 a)");
  assertWrongType(() => call("sum", read("(1 . 2)")), "sum", "a proper list", 1, "(1 . 2)");
});

test("has-item?, char->string, atom?", () => {
  assert.equal(call("has-item?", read("#(1 2)"), 1), true);
  assert.equal(call("has-item?", read("#(1 2)"), -2), true);
  assert.equal(call("has-item?", read("#(1 2)"), 2), false);
  assert.equal(call("has-item?", read("(1 2)"), -1), false, "lists take no negative indexes");
  assert.equal(call("has-item?", s("ab"), 1), true);
  assertWrongType(() => call("has-item?", 5, 0), "has-item?", "a string, vector, list or bytevector", 1, "5");
  assert.equal(str(call("char->string", Char.of(0x1f600))), "😀");
  assertWrongType(() => call("char->string", s("a")), "char->string", "a character", 1, '"a"');
  assert.equal(call("atom?", 1), true);
  assert.equal(call("atom?", read("x")), true);
  assert.equal(call("atom?", s("x")), true);
  assert.equal(call("atom?", read("(x)")), false);
  assert.equal(call("atom?", NIL), false);
});

test("rac, rdc, snoc, make-set", () => {
  assertDatum(call("rac", read("(1 2 3)")), "3");
  assertDatum(call("rdc", read("(1 2 3)")), "(1 2)");
  assertDatum(call("snoc", 4, read("(1 2 3)")), "(1 2 3 4)");
  assertDatum(call("snoc", 1, NIL), "(1)");
  assertDatum(call("make-set", read('(1 2 1 "a" 3 "a")')), '(2 1 3 "a")');
  assertWrongType(() => call("rac", NIL), "rac", "a pair", 1, "()");
  assertWrongType(() => call("rdc", read("(1 . 2)")), "rdc", "a proper list", 1, "(1 . 2)");
  assertWrongType(() => call("snoc", 1, 2), "snoc", "a proper list", 2, "2");
});

test("random: an exact integer below n, or an inexact number below an inexact n", () => {
  for (let i = 0; i < 200; i++) {
    const r = call("random", 3) as number;
    assert.ok(Number.isInteger(r) && r >= 0 && r < 3);
  }
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) seen.add(call("random", 3) as number);
  assert.equal(seen.size, 3, "every value turns up");
  const big = call("random", 2n ** 80n);
  assert.ok((typeof big === "bigint" && big < 2n ** 80n) || (typeof big === "number" && big >= 0));
  const f = call("random", read("2.5"));
  assert.ok(f instanceof Flonum && f.value >= 0 && f.value < 2.5);
  assertWrongType(() => call("random", 0), "random", "a positive exact integer or a positive inexact real", 1, "0");
  assertWrongType(() => call("random", read("1/2")), "random", "a positive exact integer or a positive inexact real", 1, "1/2");
});

test("print writes each item on a line of its own, a string as its text", () => {
  const port = new StringOutputPort();
  withOutputPort(port, () => call("print", s("a"), read("(1 \"b\")")));
  assert.equal(port.contents(), 'a\n(1 "b")\n');
});

test("boxes hold one value and print as #&value", () => {
  const b = call("box", s("x"));
  assert.equal(call("box?", b), true);
  assert.equal(call("box?", s("x")), false);
  assert.equal(str(call("unbox", b)), "x");
  call("set-box!", b, 5);
  assert.equal(call("unbox", b), 5);
  assert.equal(writeString(b), "#&5");
  assertWrongType(() => call("unbox", 5), "unbox", "a box", 1, "5");
});
