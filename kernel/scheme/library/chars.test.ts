import { test } from "node:test";
import assert from "node:assert/strict";
import { Char, sym } from "../values.js";
import { assertSchemeError, assertWrongType, call } from "../testing/primitives.js";

const c = (s: string): Char => Char.of(s.codePointAt(0)!);

test("char?, char->integer, integer->char (scalar values only)", () => {
  assert.equal(call("char?", c("a")), true);
  assert.equal(call("char?", 97), false);
  assert.equal(call("char->integer", c("λ")), 0x3bb);
  assert.equal(call("char->integer", c("😀")), 0x1f600);
  assert.equal((call("integer->char", 0x1f600) as Char).code, 0x1f600);
  assertWrongType(() => call("char->integer", 97), "char->integer", "a character", 1, "97");
  assertSchemeError(() => call("integer->char", 0xd800), { kind: "WrongType", procedure: "integer->char", message: "Unicode scalar value" });
  assertSchemeError(() => call("integer->char", 0x110000), { kind: "WrongType", procedure: "integer->char" });
  assertSchemeError(() => call("integer->char", -1), { kind: "WrongType", procedure: "integer->char" });
});

test("char comparisons are variadic and transitive; -ci folds case", () => {
  assert.equal(call("char<?", c("a"), c("b"), c("c")), true);
  assert.equal(call("char<?", c("a"), c("c"), c("b")), false);
  assert.equal(call("char=?", c("a"), c("a")), true);
  assert.equal(call("char>=?", c("b"), c("b"), c("a")), true);
  assert.equal(call("char<=?", c("b"), c("a")), false);
  assert.equal(call("char>?", c("😀"), c("z")), true);
  assert.equal(call("char-ci=?", c("A"), c("a")), true);
  assert.equal(call("char-ci<?", c("a"), c("B")), true);
  assert.equal(call("char-ci=?", c("Σ"), c("σ"), c("ς")), true, "final sigma folds to sigma");
  assertWrongType(() => call("char<?", c("a"), 1), "char<?", "a character", 2, "1");
  assertWrongType(() => call("char=?", c("a"), c("b"), sym("x")), "char=?", "a character", 3, "x");
});

test("character classes follow Unicode", () => {
  assert.equal(call("char-alphabetic?", c("a")), true);
  assert.equal(call("char-alphabetic?", c("λ")), true);
  assert.equal(call("char-alphabetic?", c("1")), false);
  assert.equal(call("char-numeric?", c("7")), true);
  assert.equal(call("char-numeric?", c("٣")), true);
  assert.equal(call("char-numeric?", c("x")), false);
  assert.equal(call("char-whitespace?", c(" ")), true);
  assert.equal(call("char-whitespace?", c("\u00a0")), true);
  assert.equal(call("char-whitespace?", c("_")), false);
  assert.equal(call("char-upper-case?", c("Ä")), true);
  assert.equal(call("char-upper-case?", c("a")), false);
  assert.equal(call("char-lower-case?", c("ß")), true);
  assertWrongType(() => call("char-numeric?", 5), "char-numeric?", "a character", 1, "5");
});

test("digit-value gives the value of any decimal digit, #f otherwise", () => {
  assert.equal(call("digit-value", c("3")), 3);
  assert.equal(call("digit-value", c("٣")), 3, "Arabic-Indic three");
  assert.equal(call("digit-value", c("९")), 9, "Devanagari nine");
  assert.equal(call("digit-value", c("𝟗")), 9, "mathematical bold nine, in a run of five blocks");
  assert.equal(call("digit-value", c("𝟬")), 0, "mathematical sans-serif bold zero");
  assert.equal(call("digit-value", c("x")), false);
  assert.equal(call("digit-value", c("½")), false);
});

test("case mapping keeps one character: ß stays ß when upcased", () => {
  assert.equal((call("char-upcase", c("a")) as Char).code, 65);
  assert.equal((call("char-upcase", c("λ")) as Char).code, 0x39b);
  assert.equal((call("char-upcase", c("ß")) as Char).code, 0xdf);
  assert.equal((call("char-downcase", c("Ä")) as Char).code, 0xe4);
  assert.equal((call("char-foldcase", c("Σ")) as Char).code, 0x3c3);
  assert.equal((call("char-downcase", c("1")) as Char).code, 0x31);
});
