import { test } from "node:test";
import assert from "node:assert/strict";
import { definePrimitive } from "./runtime/registry.js";
import { readAll } from "./reader/index.js";
import { displayString, notebookRepr, writeString, writeStringAtMost } from "./printer.js";
import { watchInterruptFlag } from "./runtime/interrupt.js";
import { SchemeError } from "./errors.js";
import * as N from "./numbers/index.js";
import {
  Char,
  Compnum,
  EOF,
  Flonum,
  MString,
  MultipleValues,
  NIL,
  Opaque,
  Pair,
  Promise_,
  Ratnum,
  Record,
  RecordType,
  VOID,
  list,
  sym,
  type Value,
} from "./values.js";

const read1 = (text: string): Value => readAll(text, "test").datums[0]!;

test("atoms as write shows them", () => {
  const cases: [Value, string][] = [
    [42, "42"],
    [-(2n ** 70n), "-1180591620717411303424"],
    [new Ratnum(1n, 3n), "1/3"],
    [new Flonum(2), "2.0"],
    [new Flonum(0.1), "0.1"],
    [new Compnum(1.5, -2), "1.5-2.0i"],
    [true, "#t"],
    [false, "#f"],
    [NIL, "()"],
    [sym("hello"), "hello"],
    [new MString('say "hi"\\\n\ttab\x01'), '"say \\"hi\\"\\\\\\n\\ttab\\x1;"'],
    [Char.of(97), "#\\a"],
    [Char.of(32), "#\\space"],
    [Char.of(10), "#\\newline"],
    [Char.of(9), "#\\tab"],
    [Char.of(0), "#\\null"],
    [Char.of(0x7f), "#\\x7f"],
    [Char.of(0x80), "#\\x80"],
    [Char.of(0x3bb), "#\\λ"],
    [Char.of(40), "#\\("],
    [Uint8Array.from([1, 2, 255]), "#u8(1 2 255)"],
    [new Uint8Array(0), "#u8()"],
    [EOF, "#<eof>"],
    [VOID, "#<void>"],
    [new Promise_(false, VOID), "#<promise>"],
  ];
  for (const [value, text] of cases) assert.equal(writeString(value), text);
});

test("symbols that would not read back bare are written in bars", () => {
  const cases: [string, string][] = [
    ["a b", "|a b|"],
    ["", "||"],
    ["42", "|42|"],
    ["1/2", "|1/2|"],
    ["+i", "|+i|"],
    ["12abc", "|12abc|"],
    [".", "|.|"],
    ["#foo", "|#foo|"],
    ["a|b", "|a\\|b|"],
    ["(", "|(|"],
    ["+", "+"],
    ["...", "..."],
    ["->x", "->x"],
    ["λ", "λ"],
    ["a#b", "a#b"],
  ];
  for (const [name, text] of cases) {
    assert.equal(writeString(sym(name)), text);
    assert.equal(read1(text), sym(name), `${text} reads back`);
    assert.equal(displayString(sym(name)), name);
  }
});

test("lists, dotted pairs, vectors and abbreviations", () => {
  assert.equal(writeString(list(1, 2, 3)), "(1 2 3)");
  assert.equal(writeString(new Pair(1, 2)), "(1 . 2)");
  assert.equal(writeString(new Pair(1, new Pair(2, 3))), "(1 2 . 3)");
  assert.equal(writeString(list(list(), list(1))), "(() (1))");
  assert.equal(writeString([1, new MString("a"), [2]]), '#(1 "a" #(2))');
  assert.equal(writeString([]), "#()");
  assert.equal(writeString(read1("'x")), "'x");
  assert.equal(writeString(read1("`(a ,b ,@c)")), "`(a ,b ,@c)");
  assert.equal(writeString(read1("(quote x y)")), "(quote x y)", "only (quote x) abbreviates");
  assert.equal(writeString(read1("(quote . x)")), "(quote . x)");
  assert.equal(writeString(read1("(a quote x)")), "(a quote x)");
});

test("display shows strings and chars raw, at any depth", () => {
  assert.equal(displayString(new MString("a\nb")), "a\nb");
  assert.equal(displayString(Char.of(97)), "a");
  assert.equal(displayString(list(new MString("x y"), Char.of(98), [new MString("v")])), "(x y b #(v))");
  assert.equal(displayString(new Flonum(1.5)), "1.5");
});

test("the notebook shows vectors as #N(…), hides void, and shows several values one per line", () => {
  assert.equal(notebookRepr(VOID), null);
  assert.equal(notebookRepr(new MultipleValues([])), null);
  assert.equal(notebookRepr([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]), "#10(0 1 4 9 16 25 36 49 64 81)");
  assert.equal(notebookRepr([[1, 2, 3], []]), "#2(#3(1 2 3) #0())");
  assert.equal(notebookRepr(Array(10).fill(new MString("a"))), '#10("a" "a" "a" "a" "a" "a" "a" "a" "a" "a")');
  assert.equal(notebookRepr(new MString("a")), '"a"');
  assert.equal(notebookRepr(sym("done")), "done");
  assert.equal(notebookRepr(10), "10");
  assert.equal(notebookRepr(Char.of(97)), "#\\a");
  assert.equal(notebookRepr(false), "#f");
  assert.equal(notebookRepr(list(VOID)), "(#<void>)", "only a cell's own void value is hidden");
  assert.equal(notebookRepr(new MultipleValues([1, new MString("two"), [3]])), '1\n"two"\n#1(3)');
  assert.equal(writeString(new MultipleValues([1, 2])), "1 2");
});

test("procedures, records, record types and opaque values", () => {
  const car = definePrimitive("printer-test-car", 1, 1, (p: Pair) => p.car);
  assert.equal(notebookRepr(car), "#<procedure printer-test-car>");
  assert.equal(writeString(() => 1), "#<procedure anonymous>");
  const point = new RecordType("point", [sym("x"), sym("y")]);
  assert.equal(writeString(new Record(point, [1, new MString("s")])), '#<point x: 1 y: "s">');
  assert.equal(displayString(new Record(point, [1, new MString("s")])), "#<point x: 1 y: s>");
  assert.equal(writeString(new Record(new RecordType("<node>", []), [])), "#<node>");
  assert.equal(writeString(point), "#<record-type point>");
  class Port extends Opaque {
    describe(): string {
      return "#<output-port string>";
    }
  }
  assert.equal(notebookRepr(new Port()), "#<output-port string>");
});

test("cycles are written with datum labels; shared acyclic structure prints plainly", () => {
  const cycle = new Pair(1, NIL);
  cycle.cdr = cycle;
  assert.equal(writeString(cycle), "#0=(1 . #0#)");
  const two = list(1, 2) as Pair;
  (two.cdr as Pair).cdr = two;
  assert.equal(writeString(two), "#0=(1 2 . #0#)");
  const carCycle = new Pair(NIL, NIL);
  carCycle.car = carCycle;
  assert.equal(writeString(carCycle), "#0=(#0#)");
  const vector: Value[] = [1, NIL];
  vector[1] = vector;
  assert.equal(writeString(vector), "#0=#(1 #0#)");
  assert.equal(notebookRepr(vector), "#0=#2(1 #0#)");
  const shared = list(sym("x"));
  assert.equal(writeString(list(shared, shared)), "((x) (x))");
  const inner = new Pair(2, NIL);
  inner.cdr = inner;
  assert.equal(writeString(list(1, inner, inner)), "(1 #0=(2 . #0#) #0#)");
  const tail = list(2, 3) as Pair;
  (tail.cdr as Pair).cdr = tail;
  assert.equal(writeString(new Pair(1, tail)), "(1 . #0=(2 3 . #0#))", "a cycle entered from the middle of a list");
});

test("a million-element list and a million-deep nesting print without overflowing the stack", () => {
  let long: Value = NIL;
  for (let i = 0; i < 1_000_000; i++) long = new Pair(0, long);
  const text = writeString(long);
  assert.equal(text.length, 2 * 1_000_000 + 1);
  let deep: Value = NIL;
  for (let i = 0; i < 1_000_000; i++) deep = new Pair(deep, NIL);
  const deepText = writeString(deep);
  assert.equal(deepText, "(".repeat(1_000_001) + ")".repeat(1_000_001));
});

test("read(write(x)) gives back x for a broad set of values", () => {
  const sources = [
    "(1 -2 3/4 -5/6 1.5 -0.0 1e21 1.5e-7 +inf.0 -inf.0 1.5-2.0i 0.0+1.0i 123456789012345678901234567890)",
    '("" "a\\"b" "line\\nbreak" "tab\\t" "\\x7f;" "λ")',
    "(#\\a #\\space #\\newline #\\x7f #\\null #\\( #\\λ #\\x1)",
    "(a |b c| |1| || |a\\|b| ->x ... + -)",
    "(#t #f () (1 . 2) (1 2 . 3) #(1 #(2 #()) \"s\") #u8(0 255))",
    "('a `(b ,c ,@d) (quote) (quote a b))",
    "#0=(1 #0# . #0#)",
  ];
  for (const source of sources) {
    const value = read1(source);
    const written = writeString(value);
    const reread = read1(written);
    assert.equal(writeString(reread), written, source);
  }
  const nums = read1("(1 -2 3/4 1.5 -0.0 +nan.0 1.5-2.0i 123456789012345678901234567890)") as Pair;
  const back = read1(writeString(nums)) as Pair;
  for (let a: Value = nums, b: Value = back; a !== NIL; a = (a as Pair).cdr, b = (b as Pair).cdr) {
    assert.deepEqual((b as Pair).car, (a as Pair).car);
  }
  assert.equal(N.numEq(read1(writeString(new Flonum(0.1))), new Flonum(0.1)), true);
});

test("writeStringAtMost cuts long text with … and leaves short text whole", () => {
  const long = read1(`(1 "two" #(3 4) ${"x ".repeat(500)})`);
  assert.equal(writeStringAtMost(long, 20), `${writeString(long).slice(0, 20)}…`);
  assert.equal(writeStringAtMost(read1("(1 2 3)"), 7), "(1 2 3)");
  assert.equal(writeStringAtMost(new MString("a".repeat(50)), 10), `"${"a".repeat(9)}…`);
});

test("writeStringAtMost stops early on a cyclic list and on a million elements", () => {
  const cyclic = new Pair(1, new Pair(2, NIL));
  (cyclic.cdr as Pair).cdr = cyclic;
  assert.equal(writeString(cyclic), "#0=(1 2 . #0#)");
  assert.equal(writeStringAtMost(cyclic, 8), "#0=(1 2 …");
  let big: Value = NIL;
  for (let i = 0; i < 1_000_000; i++) big = new Pair(i, big);
  assert.equal(writeStringAtMost(big, 30), `${writeString(big).slice(0, 30)}…`);
});

test("printing a whole large value answers the interrupt; a cut-short printout does not need to", () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  watchInterruptFlag(flag);
  try {
    let long: Value = NIL;
    for (let i = 0; i < 200_000; i++) long = new Pair(i, long);
    const wide: Value[] = Array.from({ length: 200_000 }, (_, i) => list(i));
    const interrupted = (e: unknown) => e instanceof SchemeError && e.kind === "Interrupted";
    for (const [name, print] of [["display", displayString], ["write", writeString], ["notebook", notebookRepr]] as const) {
      for (const value of [long, wide]) {
        Atomics.store(flag, 0, 1);
        assert.throws(() => print(value), interrupted, `${name} stops when interrupted`);
        assert.equal(Atomics.load(flag, 0), 0, "the interrupt is taken");
      }
    }
    Atomics.store(flag, 0, 1);
    assert.equal(writeStringAtMost(long, 10), "(199999 19…", "an error message's irritant is bounded work: it prints");
    Atomics.store(flag, 0, 0);
    assert.equal(displayString(long).length, writeString(long).length, "uninterrupted, it prints in full");
  } finally {
    watchInterruptFlag(null);
  }
});
