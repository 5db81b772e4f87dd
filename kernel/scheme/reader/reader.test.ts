import { test } from "node:test";
import assert from "node:assert/strict";
import { SchemeError } from "../errors.js";
import { Char, Compnum, Flonum, MString, NIL, Pair, Ratnum, Sym, list, sym, type Value } from "../../scheme/values.js";
import { isComplete, readAll, Reader } from "./index.js";

function read1(text: string): Value {
  const { datums } = readAll(text, "test");
  assert.equal(datums.length, 1, `expected one datum in ${JSON.stringify(text)}`);
  return datums[0]!;
}

function syntaxError(text: string, message: RegExp, line: number, column: number): void {
  assert.throws(
    () => readAll(text, "cell 3"),
    (err: unknown) => {
      assert.ok(err instanceof SchemeError, `not a SchemeError: ${String(err)}`);
      assert.equal(err.kind, "SyntaxError");
      assert.match(err.message, message);
      assert.deepEqual(err.location, { origin: "cell 3", line, column });
      return true;
    },
  );
}

test("integers, rationals, decimals and exponents, with exactness", () => {
  assert.equal(read1("42"), 42);
  assert.equal(read1("-17"), -17);
  assert.equal(read1("+5"), 5);
  assert.equal(read1("9007199254740993"), 9007199254740993n);
  assert.equal(read1("-9007199254740991"), -9007199254740991, "the safe range stays a fixnum");
  assert.deepEqual(read1("1/3"), new Ratnum(1n, 3n));
  assert.deepEqual(read1("-6/4"), new Ratnum(-3n, 2n));
  assert.equal(read1("6/3"), 2);
  assert.deepEqual(read1("1.5"), new Flonum(1.5));
  assert.deepEqual(read1(".5"), new Flonum(0.5));
  assert.deepEqual(read1("1."), new Flonum(1));
  assert.deepEqual(read1("1e3"), new Flonum(1000), "an exponent makes it inexact");
  assert.deepEqual(read1("-2.5e-3"), new Flonum(-0.0025));
  assert.deepEqual(read1("-0.0"), new Flonum(-0));
});

test("prefixes #e #i #x #b #o #d in either order", () => {
  assert.equal(read1("#xff"), 255);
  assert.equal(read1("#XFF"), 255);
  assert.equal(read1("#b-101"), -5);
  assert.equal(read1("#o17"), 15);
  assert.equal(read1("#d10"), 10);
  assert.deepEqual(read1("#e1.5"), new Ratnum(3n, 2n));
  assert.equal(read1("#e1e3"), 1000);
  assert.deepEqual(read1("#i1/4"), new Flonum(0.25));
  assert.deepEqual(read1("#x#i10"), new Flonum(16));
  assert.deepEqual(read1("#i#x10"), new Flonum(16));
  assert.equal(read1("#x1e2"), 0x1e2, "e is a hex digit, not an exponent, in radix 16");
  assert.equal(read1("#xffffffffffffffffff"), 0xffffffffffffffffffn);
});

test("infinities, NaN and complex numbers", () => {
  assert.deepEqual(read1("+inf.0"), new Flonum(Infinity));
  assert.deepEqual(read1("-inf.0"), new Flonum(-Infinity));
  assert.ok(Number.isNaN((read1("+nan.0") as Flonum).value));
  assert.deepEqual(read1("1.5-2.0i"), new Compnum(1.5, -2));
  assert.deepEqual(read1("3+4i"), new Compnum(3, 4));
  assert.deepEqual(read1("+i"), new Compnum(0, 1));
  assert.deepEqual(read1("-i"), new Compnum(0, -1));
  assert.deepEqual(read1("-2.5i"), new Compnum(0, -2.5));
  assert.deepEqual(read1("1e-3+1e+2i"), new Compnum(0.001, 100));
  assert.deepEqual(read1("+inf.0-inf.0i"), new Compnum(Infinity, -Infinity));
  assert.equal(read1("3+0i"), 3, "an exact zero imaginary part leaves a real");
  assert.deepEqual(read1("1@0"), 1);
  const polar = read1("2@1.5707963267948966") as Compnum;
  assert.ok(Math.abs(polar.re) < 1e-15 && polar.im === 2);
});

test("booleans and characters, by name, by hex and literally", () => {
  assert.equal(read1("#t"), true);
  assert.equal(read1("#true"), true);
  assert.equal(read1("#f"), false);
  assert.equal(read1("#false"), false);
  const chars: [string, number][] = [
    ["#\\a", 97],
    ["#\\A", 65],
    ["#\\space", 32],
    ["#\\newline", 10],
    ["#\\tab", 9],
    ["#\\nul", 0],
    ["#\\null", 0],
    ["#\\alarm", 7],
    ["#\\delete", 127],
    ["#\\escape", 27],
    ["#\\return", 13],
    ["#\\backspace", 8],
    ["#\\x41", 65],
    ["#\\x", 120],
    ["#\\λ", 0x3bb],
    ["#\\😀", 0x1f600],
    ["#\\(", 40],
    ["#\\)", 41],
    ["#\\ ", 32],
  ];
  for (const [text, code] of chars) assert.equal((read1(text) as Char).code, code, text);
  assert.deepEqual(readAll("(#\\a #\\))", "t").datums[0], list(Char.of(97), Char.of(41)));
});

test("strings with every R7RS escape and line continuations; each literal is a fresh MString", () => {
  assert.deepEqual(read1('"plain"'), new MString("plain"));
  assert.equal((read1('"a\\nb\\tc\\\\d\\"e\\af\\bg\\rh\\|i"') as MString).value, 'a\nb\tc\\d"e\x07f\bg\rh|i');
  assert.equal((read1('"\\x41;\\x3bb;"') as MString).value, "Aλ");
  assert.equal((read1('"page\\f"') as MString).value, "page\f", "Calysto's \\f escape");
  assert.equal((read1('"one \\\n     two"') as MString).value, "one two");
  assert.equal((read1('"one \\   \r\n\ttwo"') as MString).value, "one two");
  assert.equal((read1('"line\nbreak"') as MString).value, "line\nbreak");
  const [a, b] = readAll('"x" "x"', "t").datums;
  assert.notEqual(a, b);
});

test("symbols: case-sensitive, |bars|, peculiar identifiers", () => {
  assert.equal(read1("Hello"), sym("Hello"));
  assert.notEqual(read1("Hello"), sym("hello"));
  assert.equal(read1("|weird sym|"), sym("weird sym"));
  assert.equal(read1("|a\\|b\\x41;|"), sym("a|bA"));
  const calystoIdentifiers = ["1+", "-1+", "12abc", "1.2.3", "1/2/3", ".5a", "1e", "+5x"];
  for (const name of ["+", "-", "...", "->x", "set-car!", "a.b", "<=?", "λ", "//", "%", "?exp", "a#b", "+a", "-.x", ...calystoIdentifiers]) {
    assert.equal(read1(name), sym(name), name);
  }
  assert.equal(read1("||"), sym(""));
});

test("#!fold-case folds symbols and character names until #!no-fold-case", () => {
  const { datums } = readAll("#!fold-case ABC #\\SPACE #!no-fold-case ABC", "t");
  assert.deepEqual(datums, [sym("abc"), Char.of(32), sym("ABC")]);
});

test("quote, quasiquote, unquote and unquote-splicing abbreviations", () => {
  assert.deepEqual(read1("'x"), list(sym("quote"), sym("x")));
  assert.deepEqual(read1("`(a ,b ,@c)"), list(sym("quasiquote"), list(sym("a"), list(sym("unquote"), sym("b")), list(sym("unquote-splicing"), sym("c")))));
  assert.deepEqual(read1("''x"), list(sym("quote"), list(sym("quote"), sym("x"))));
});

test("lists, dotted pairs, square brackets, vectors, Calysto #N( vectors and bytevectors", () => {
  assert.equal(read1("()"), NIL);
  assert.deepEqual(read1("(1 . 2)"), new Pair(1, 2));
  assert.deepEqual(read1("(1 2 . 3)"), new Pair(1, new Pair(2, 3)));
  assert.deepEqual(read1("[a (b)]"), list(sym("a"), list(sym("b"))));
  assert.deepEqual(read1("#(1 #(2) \"s\")"), [1, [2], new MString("s")]);
  assert.deepEqual(read1("#()"), []);
  assert.deepEqual(read1("#3(1 2 3)"), [1, 2, 3]);
  assert.deepEqual(read1("#0()"), []);
  assert.deepEqual(read1("#2(#3(1 2 3) #0())"), [[1, 2, 3], []]);
  assert.deepEqual(read1("#u8(0 1 255)"), Uint8Array.from([0, 1, 255]));
  assert.deepEqual(read1("#u8()"), new Uint8Array(0));
});

test("comments: line, nested block and datum comments", () => {
  const { datums } = readAll("; a comment\n1 #| block #| nested |# still |# 2 #;(ignored (form)) 3 #; #; 4 5 6 (7 #;8)", "t");
  assert.deepEqual(datums, [1, 2, 3, 6, list(7)]);
});

test("datum labels build shared and cyclic structure", () => {
  const cyclic = read1("#0=(1 . #0#)") as Pair;
  assert.equal(cyclic.cdr, cyclic);
  const shared = read1("(#1=(x) #1#)") as Pair;
  assert.equal(shared.car, (shared.cdr as Pair).car);
  const vec = read1("#0=#(a #0#)") as Value[];
  assert.equal(vec[1], vec);
});

test("a datum label is scoped to its outermost datum; the reader says which datums used labels", () => {
  const { datums, positions, labelled } = readAll("(a)\n#0=(1 . #0#) '#0=(2 . #0#)\n(b #0=(c))", "t");
  assert.deepEqual(labelled, [false, true, true, true]);
  const [, first, second] = datums as Pair[];
  assert.equal(first!.cdr, first, "each datum's #0# is its own #0=");
  assert.equal(((second!.cdr as Pair).car as Pair).cdr, (second!.cdr as Pair).car);
  assert.deepEqual(positions.pairPosition(first!), { line: 2, column: 1 }, "a labelled list starts at its label");
  assert.deepEqual(positions.pairPosition((datums[3] as Pair).cdr as Pair), { line: 3, column: 4 });
  assert.throws(() => readAll("#0=(1) #0#", "t"), /#0# refers to a label not defined before it/);
});

test("positions: every pair and every top-level datum knows its line and column", () => {
  const text = "(define (f x)\n  (+ x 1))\n\n'q  [g]";
  const { datums, positions } = readAll(text, "t");
  assert.deepEqual(positions.topLevel, [
    { line: 1, column: 1 },
    { line: 4, column: 1 },
    { line: 4, column: 5 },
  ]);
  const define = datums[0] as Pair;
  assert.deepEqual(positions.pairPosition(define), { line: 1, column: 1 });
  const signature = (define.cdr as Pair).car as Pair;
  assert.deepEqual(positions.pairPosition(signature), { line: 1, column: 9 });
  assert.deepEqual(positions.pairPosition(define.cdr as Pair), { line: 1, column: 9 }, "a later pair starts at its element");
  const body = ((define.cdr as Pair).cdr as Pair).car as Pair;
  assert.deepEqual(positions.pairPosition(body), { line: 2, column: 3 });
  assert.deepEqual(positions.pairPosition(datums[1] as Pair), { line: 4, column: 1 });
  assert.deepEqual(positions.pairPosition((datums[1] as Pair).cdr as Pair), { line: 4, column: 2 });
});

test("the Reader hands out one top-level datum at a time", () => {
  const reader = new Reader("1 (2) x", "t");
  assert.deepEqual(reader.next(), { value: 1, position: { line: 1, column: 1 }, labelled: false });
  assert.deepEqual(reader.next()?.value, list(2));
  assert.equal(reader.next()?.value, sym("x"));
  assert.equal(reader.next(), undefined);
});

test("every syntax error says what was wrong, with line and column", () => {
  syntaxError("(a b))", /^unexpected '\)'$/, 1, 6);
  syntaxError("\n  (define x\n   (+ 1 2)", /^unterminated list starting at line 2, column 3$/, 2, 3);
  syntaxError('(display\n    "abc)', /^unterminated string starting at line 2, column 5$/, 2, 5);
  syntaxError("(a]", /^'\]' does not match the '\(' at line 1, column 1$/, 1, 3);
  syntaxError("[a)", /^'\)' does not match the '\[' at line 1, column 1$/, 1, 3);
  syntaxError("#(1 2]", /does not match the '#\('/, 1, 6);
  syntaxError("x #\\foo", /^#\\foo is not a character name$/, 1, 3);
  syntaxError("#\\xZZ", /is not a character name/, 1, 1);
  syntaxError("#\\xD800", /not a Unicode scalar value/, 1, 1);
  syntaxError('"a\\qb"', /^unknown escape \\q in string$/, 1, 3);
  syntaxError('"\\x41"', /\\x escape needs hex digits and a closing ';'/, 1, 2);
  syntaxError('"a \\  b"', /line continuation/, 1, 4);
  syntaxError("#3(1 2)", /^#3\( declares 3 elements but has 2$/, 1, 1);
  syntaxError("#u8(1 256)", /only exact integers from 0 to 255/, 1, 7);
  syntaxError("#u8(1.0)", /only exact integers from 0 to 255/, 1, 5);
  syntaxError("(. a)", /'\.' must follow at least one datum/, 1, 2);
  syntaxError("(a . b c)", /only one datum may follow '\.'/, 1, 8);
  syntaxError("(a . )", /a datum must follow '\.'/, 1, 6);
  syntaxError("(a . b . c)", /only one '\.'/, 1, 8);
  syntaxError(". a", /unexpected '\.' outside a list/, 1, 1);
  syntaxError("#(1 . 2)", /'\.' is not allowed here/, 1, 5);
  syntaxError("(a ')", /^' must be followed by a datum, not '\)'$/, 1, 5);
  syntaxError("(a #;)", /#; must be followed by a datum/, 1, 6);
  syntaxError("'", /^' starting at line 1, column 1 has no datum after it$/, 1, 1);
  syntaxError("#| open #| nested |#", /^unterminated block comment starting at line 1, column 1$/, 1, 1);
  syntaxError("|abc", /^unterminated symbol starting at line 1, column 1$/, 1, 1);
  syntaxError("#(1 2", /^unterminated vector starting at line 1, column 1$/, 1, 1);
  syntaxError("#u8(1", /^unterminated bytevector/, 1, 1);
  syntaxError("1/0", /^1\/0 is not a valid number: its denominator is zero$/, 1, 1);
  syntaxError("  (f -3/00)", /^-3\/00 is not a valid number/, 1, 6);
  syntaxError("#e+inf.0", /is not valid syntax/, 1, 1);
  syntaxError("#q", /^#q is not valid syntax$/, 1, 1);
  syntaxError("#3", /#3 must be followed by/, 1, 1);
  syntaxError("#1#", /refers to a label not defined/, 1, 1);
  syntaxError("(#1=a #1=b)", /defined twice/, 1, 7);
  syntaxError("#!optional", /is not a directive/, 1, 1);
});

test("isComplete is false only when more text could finish the input", () => {
  assert.equal(isComplete("(define x 1)"), true);
  assert.equal(isComplete(""), true);
  assert.equal(isComplete("(define (f x)\n  (+ x"), false);
  assert.equal(isComplete('"open string'), false);
  assert.equal(isComplete("#| open comment"), false);
  assert.equal(isComplete("'"), false);
  assert.equal(isComplete("#;"), false);
  assert.equal(isComplete("(a))"), true, "an extra ')' is an error to report, not something to wait for");
  assert.equal(isComplete("#\\foo"), true);
});

test("deep nesting and long lists read without overflowing the stack", () => {
  const depth = 200_000;
  let d = read1("(".repeat(depth) + ")".repeat(depth));
  let levels = 0;
  while (d !== NIL) {
    d = (d as Pair).car;
    levels++;
  }
  assert.equal(levels, depth - 1, "the innermost () is the empty list");
  const long = read1("(" + "1 ".repeat(1_000_000) + ")");
  let count = 0;
  for (let p = long; p !== NIL; p = (p as Pair).cdr) count++;
  assert.equal(count, 1_000_000);
});

test("Calysto's notebook code reads as expected", () => {
  const src = "(define-syntax for\n  [(for ?exp times do . ?bodies)\n   (for-repeat ?exp (lambda () . ?bodies))])";
  const form = read1(src) as Pair;
  assert.equal(form.car, sym("define-syntax"));
  const clause = ((form.cdr as Pair).cdr as Pair).car as Pair;
  const pattern = clause.car as Pair;
  let tail: Value = pattern;
  while (tail instanceof Pair) tail = tail.cdr;
  assert.equal(tail, Sym.intern("?bodies"));
});

test("a datum with tens of thousands of labels referring back into it reads in one pass", { timeout: 60_000 }, () => {
  // Each label patched its whole datum when defined: 8 000 nested labels took 9 s, 40 000 would take minutes.
  const n = 40_000;
  let text = "";
  for (let i = 0; i < n; i++) text += `#${i}=(a `;
  text += "x";
  for (let i = n - 1; i >= 0; i--) text += ` #${i}#)`;
  let p = read1(text) as Pair;
  for (let i = 0; i < n - 1; i++) {
    const inner = (p.cdr as Pair).car as Pair;
    assert.equal(((inner.cdr as Pair).cdr as Pair).car, inner, `label ${i + 1} refers to its own list`);
    p = inner;
  }
});
