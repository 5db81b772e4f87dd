import { test } from "node:test";
import assert from "node:assert/strict";
import { Char, MString, NIL, VOID, sym, type Value } from "../values.js";
import { assertDatum, assertSchemeError, assertWrongArity, assertWrongType, call, read } from "../testing/primitives.js";

const s = (text: string): MString => new MString(text);
const str = (v: Value): string => (v as MString).value;
const c = (ch: string): Char => Char.of(ch.codePointAt(0)!);

test("make-string, string, string?, string-length count code points", () => {
  assert.equal(str(call("make-string", 3, c("x"))), "xxx");
  assert.equal(str(call("make-string", 2)), "  ");
  assert.equal(str(call("make-string", 2, c("😀"))), "😀😀");
  assert.equal(str(call("string", c("a"), c("λ"), c("😀"))), "aλ😀");
  assert.equal(str(call("string")), "");
  assert.equal(call("string?", s("")), true);
  assert.equal(call("string?", c("a")), false);
  assert.equal(call("string-length", s("abc")), 3);
  assert.equal(call("string-length", s("a😀b")), 3);
  assertWrongType(() => call("make-string", -2), "make-string", "an exact non-negative integer", 1, "-2");
  assertWrongType(() => call("make-string", 2, s("x")), "make-string", "a character", 2, '"x"');
  assertWrongType(() => call("string", c("a"), 1), "string", "a character", 2, "1");
  assertWrongType(() => call("string-length", NIL), "string-length", "a string", 1, "()");
});

test("string-ref and string-set! index by code point, with range errors", () => {
  const t = s("a😀b");
  assert.equal((call("string-ref", t, 1) as Char).code, 0x1f600);
  assert.equal((call("string-ref", t, 2) as Char).code, 98);
  assert.equal(call("string-set!", t, 1, c("é")), VOID);
  assert.equal(t.value, "aéb");
  call("string-set!", t, 0, c("🎉"));
  assert.equal(t.value, "🎉éb");
  assert.equal((call("string-ref", t, 2) as Char).code, 98);
  assertSchemeError(() => call("string-ref", t, 3), {
    kind: "IndexOutOfRange",
    procedure: "string-ref",
    message: "valid: 0 to 2",
    irritants: ["3", '"🎉éb"'],
  });
  assertSchemeError(() => call("string-ref", s(""), 0), { kind: "IndexOutOfRange", message: "none, it is empty" });
  assertWrongType(() => call("string-set!", t, 0, s("x")), "string-set!", "a character", 3, '"x"');
  assertWrongType(() => call("string-ref", t, read("1.0")), "string-ref", "an exact non-negative integer", 2, "1.0");
});

test("substring, string-copy, string-append", () => {
  assert.equal(str(call("substring", s("hello"), 1, 3)), "el");
  assert.equal(str(call("substring", s("hello"), 2)), "llo");
  assert.equal(str(call("substring", s("😀x😀y"), 1, 3)), "x😀");
  assertSchemeError(() => call("substring", s("abc"), 2, 5), { kind: "IndexOutOfRange", procedure: "substring", message: "valid: 2 to 3" });
  assertSchemeError(() => call("substring", s("abc"), 2, 1), { kind: "IndexOutOfRange", procedure: "substring" });
  assertSchemeError(() => call("substring", s("abc"), 4), { kind: "IndexOutOfRange", message: "valid: 0 to 3" });
  const original = s("abc");
  const copy = call("string-copy", original) as MString;
  assert.notEqual(copy, original);
  assert.equal(copy.value, "abc");
  assert.equal(str(call("string-copy", s("abcd"), 1)), "bcd");
  assert.equal(str(call("string-copy", s("abcd"), 1, 2)), "b");
  assert.equal(str(call("string-append", s("a"), s("😀"), s(""), s("c"))), "a😀c");
  assert.equal(str(call("string-append")), "");
  assertWrongType(() => call("string-append", s("a"), sym("b")), "string-append", "a string", 2, "b");
});

test("string-append of 10^5 pieces one at a time stays fast", () => {
  let acc = s("");
  const piece = s("x");
  for (let i = 0; i < 100_000; i++) acc = call("string-append", acc, piece) as MString;
  assert.equal(call("string-length", acc), 100_000);
});

test("string-copy!, string-fill!", () => {
  const t = s("abcde");
  call("string-copy!", t, 1, s("XY"));
  assert.equal(t.value, "aXYde");
  call("string-copy!", t, 0, s("123"), 1, 3);
  assert.equal(t.value, "23Yde");
  call("string-copy!", t, 1, t, 0, 3);
  assert.equal(t.value, "223Ye", "overlapping copies read the source before writing");
  assertSchemeError(() => call("string-copy!", t, 4, s("xyz")), { kind: "WrongType", procedure: "string-copy!", message: "3 characters must fit" });
  const u = s("a😀cd");
  call("string-fill!", u, c("z"), 1, 3);
  assert.equal(u.value, "azzd");
  call("string-fill!", u, c("😀"));
  assert.equal(u.value, "😀😀😀😀");
  assertWrongType(() => call("string-fill!", u, 1), "string-fill!", "a character", 2, "1");
});

test("conversions: string->list, list->string, string->vector, vector->string", () => {
  assertDatum(call("string->list", s("a😀c")), "(#\\a #\\x1F600 #\\c)");
  assertDatum(call("string->list", s("abcd"), 2), "(#\\c #\\d)");
  assertDatum(call("string->list", s("abcd"), 1, 2), "(#\\b)");
  assert.equal(str(call("list->string", read("(#\\a #\\x1F600)"))), "a😀");
  assert.equal(str(call("list->string", NIL)), "");
  assertWrongType(() => call("list->string", read("(#\\a 1)")), "list->string", "a character", 1, "1");
  assertWrongType(() => call("list->string", read("(#\\a . #\\b)")), "list->string", "a proper list", 1, "(#\\a . #\\b)");
  assertDatum(call("string->vector", s("ab")), "#(#\\a #\\b)");
  assert.equal(str(call("vector->string", read("#(#\\x #\\y #\\z)"), 1)), "yz");
  assertWrongType(() => call("vector->string", read("#(1)")), "vector->string", "a character", 1, "1");
});

test("case conversion is Unicode-aware", () => {
  assert.equal(str(call("string-upcase", s("straße"))), "STRASSE");
  assert.equal(str(call("string-downcase", s("ΑΒΓ"))), "αβγ");
  assert.equal(str(call("string-foldcase", s("Straße"))), "strasse");
});

test("string comparisons order by code point, are variadic, and -ci folds case", () => {
  assert.equal(call("string<?", s("abc"), s("abd"), s("b")), true);
  assert.equal(call("string<?", s("abc"), s("abc")), false);
  assert.equal(call("string=?", s("x"), s("x"), s("x")), true);
  assert.equal(call("string<?", s("ab"), s("abc")), true);
  assert.equal(call("string>?", s("😀"), s("\uffff")), true, "beyond-BMP characters sort after U+FFFF");
  assert.equal(call("string<=?", s("a"), s("a"), s("b")), true);
  assert.equal(call("string>=?", s("a"), s("b")), false);
  assert.equal(call("string-ci=?", s("Straße"), s("STRASSE")), true);
  assert.equal(call("string-ci<?", s("apple"), s("Banana")), true);
  assertWrongType(() => call("string=?", s("a"), c("a")), "string=?", "a string", 2, "#\\a");
});

test("string-null?, string-index, string-contains", () => {
  assert.equal(call("string-null?", s("")), true);
  assert.equal(call("string-null?", s(" ")), false);
  assert.equal(call("string-index", s("a😀b😀"), c("b")), 2);
  assert.equal(call("string-index", s("a😀b😀"), c("😀"), 2), 3);
  assert.equal(call("string-index", s("abc"), c("z")), false);
  assert.equal(call("string-contains", s("😀hello world"), s("world")), 7);
  assert.equal(call("string-contains", s("abcabc"), s("bc"), 2), 4);
  assert.equal(call("string-contains", s("abc"), s("x")), false);
  assert.equal(call("string-contains", s("abc"), s("")), 0);
  assertWrongArity(() => call("string-index", s("a")), "string-index");
});

test("code-point indexing stays right when several long strings, with and without surrogates, alternate", () => {
  const astral = s("😀".repeat(100) + "abc");
  const bmp = s("x".repeat(200) + "é");
  const mixed = s("a".repeat(70) + "😀" + "b");
  for (let round = 0; round < 3; round++) {
    assert.equal((call("string-ref", astral, 100) as Char).code, 97);
    assert.equal((call("string-ref", bmp, 200) as Char).code, 0xe9);
    assert.equal((call("string-ref", mixed, 70) as Char).code, 0x1f600);
    assert.equal((call("string-ref", mixed, 71) as Char).code, 98);
    assert.equal(call("string-length", astral), 103);
    assert.equal(call("string-length", mixed), 72);
  }
  call("string-set!", mixed, 0, c("🎉"));
  assert.equal(call("string-length", mixed), 72, "a mutated string is measured afresh");
  assert.equal((call("string-ref", mixed, 71) as Char).code, 98);
  assert.equal(str(call("substring", astral, 99, 101)), "😀a");
});

test("string-prefix?, string-suffix?, string-trim and its sides, string-reverse", () => {
  assert.equal(call("string-prefix?", s("ab"), s("abc")), true);
  assert.equal(call("string-prefix?", s("b"), s("abc")), false);
  assert.equal(call("string-suffix?", s("bc"), s("abc")), true);
  assert.equal(call("string-suffix?", s("abcd"), s("abc")), false);
  assertWrongType(() => call("string-prefix?", c("a"), s("abc")), "string-prefix?", "a string", 1, "#\\a");
  assert.equal(str(call("string-trim", s(" \t hi there \n"))), "hi there");
  assert.equal(str(call("string-trim-left", s("  hi  "))), "hi  ");
  assert.equal(str(call("string-trim-right", s("  hi  "))), "  hi");
  assert.equal(str(call("string-trim", s("xxhixx"), c("x"))), "hi");
  assert.equal(str(call("string-trim", s("   "))), "");
  assert.equal(str(call("string-reverse", s("a😀b"))), "b😀a");
  assertWrongType(() => call("string-trim", s("a"), s("a")), "string-trim", "a character", 2, '"a"');
});

test("a string-append longer than any JS string can be fails with a clear error", () => {
  let rope = "x".repeat(1024);
  for (let i = 0; i < 18; i++) rope += rope; // 2^28 characters, as a V8 rope: a few kilobytes of memory
  const half = s(rope);
  assertSchemeError(() => call("string-append", half, half), {
    kind: "Error",
    procedure: "string-append",
    message: "more than a string can hold",
  });
});
