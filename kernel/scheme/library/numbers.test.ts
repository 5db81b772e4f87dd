import { test } from "node:test";
import assert from "node:assert/strict";
import { writeString } from "../printer.js";
import { assertSchemeError, assertWrongArity, assertWrongType, call, read } from "../testing/primitives.js";
import { Compnum, Flonum, MString, MultipleValues, type Value } from "../values.js";
import "./numbers.js";

/** Calls the primitive with arguments written as Scheme data, and returns what `write` shows for the result. */
function run(name: string, ...args: string[]): string {
  const result = call(name, ...args.map(read));
  return result instanceof MultipleValues ? result.items.map((v) => writeString(v)).join(" ") : writeString(result);
}

function expect(cases: [string, string[], string][]): void {
  for (const [name, args, expected] of cases) assert.equal(run(name, ...args), expected, `(${name} ${args.join(" ")})`);
}

test("+ - * / are variadic with R7RS identities and contagion", () => {
  expect([
    ["+", [], "0"],
    ["*", [], "1"],
    ["+", ["1"], "1"],
    ["+", ["1", "2", "3", "4"], "10"],
    ["+", ["1/2", "0.5"], "1.0"],
    ["+", ["1/3", "2/3"], "1"],
    ["-", ["5"], "-5"],
    ["-", ["10", "1", "2"], "7"],
    ["*", ["2", "3", "4"], "24"],
    ["*", ["0", "1.5"], "0.0"],
    ["*", ["9007199254740991", "2"], "18014398509481982"],
    ["/", ["2"], "1/2"],
    ["/", ["0.5"], "2.0"],
    ["/", ["1", "3"], "1/3"],
    ["/", ["12", "2", "3"], "2"],
    ["/", ["1", "2.0"], "0.5"],
    ["+", ["1+2i", "1"], "2.0+2.0i"],
    ["*", ["+i", "+i"], "-1.0+0.0i"],
  ]);
  assertWrongType(() => call("+", 1, 2, read("a")), "+", "a number", 3, "a");
  assertWrongType(() => call("*", read('"x"'), 2), "*", "a number", 1, '"x"');
  assertWrongType(() => call("-", read("#t")), "-", "a number", 1, "#t");
  assertSchemeError(() => call("/", 1, 0), { kind: "DivisionByZero", procedure: "/" });
  assertSchemeError(() => call("/", 0), { kind: "DivisionByZero", procedure: "/" });
  assertSchemeError(() => call("/", 6, 2, 0), { kind: "DivisionByZero", procedure: "/" });
  assertWrongArity(() => call("-"), "-");
  assertWrongArity(() => call("/"), "/");
});

test("comparisons are variadic and transitive, and check every argument", () => {
  expect([
    ["=", ["1", "1.0", "2/2"], "#t"],
    ["=", ["1", "2"], "#f"],
    ["<", ["1", "2", "3"], "#t"],
    ["<", ["1", "3", "2"], "#f"],
    [">", ["3", "2", "1"], "#t"],
    ["<=", ["1", "1", "2"], "#t"],
    [">=", ["2", "2", "3"], "#f"],
    ["<", ["1/3", "0.34", "1"], "#t"],
    ["=", ["1+2i", "1.0+2.0i"], "#t"],
    ["<", ["1"], "#t"],
    ["<", ["+nan.0", "1"], "#f"],
  ]);
  assertWrongType(() => call("<", 3, 2, read("x")), "<", "a real number", 3, "x");
  assertWrongType(() => call("<", 1, read("1+i")), "<", "a real number", 2, "1.0+1.0i");
  assertWrongType(() => call("=", 1, 1, read("()")), "=", "a number", 3, "()");
});

test("type predicates", () => {
  const rows: [string, string, string][] = [
    // value, predicate results for number? complex? real? rational? integer? exact? inexact? exact-integer? exact-rational?
    ["1", "number? complex? real? rational? integer? exact? exact-integer? exact-rational?", "inexact?"],
    ["1/2", "number? complex? real? rational? exact? exact-rational?", "integer? inexact? exact-integer?"],
    ["2.0", "number? complex? real? rational? integer? inexact?", "exact? exact-integer? exact-rational?"],
    ["2.5", "number? real? rational? inexact?", "integer? exact?"],
    ["+inf.0", "number? real? inexact?", "rational? integer? exact?"],
    ["+nan.0", "real?", "rational? integer?"],
    ["1+2i", "number? complex? inexact?", "real? rational? integer? exact?"],
    ["123456789012345678901234567890", "integer? exact-integer? exact?", "inexact?"],
  ];
  for (const [value, trueOnes, falseOnes] of rows) {
    for (const p of trueOnes.split(" ")) assert.equal(call(p, read(value)), true, `(${p} ${value})`);
    for (const p of falseOnes.split(" ")) assert.equal(call(p, read(value)), false, `(${p} ${value})`);
  }
  for (const p of ["number?", "complex?", "real?", "rational?", "integer?", "exact-integer?", "exact-rational?"]) {
    assert.equal(call(p, read('"1"')), false, `(${p} "1")`);
  }
  assertWrongType(() => call("exact?", read("a")), "exact?", "a number", 1, "a");
  assertWrongType(() => call("inexact?", read('"1.0"')), "inexact?", "a number", 1, '"1.0"');
});

test("nan? infinite? finite? zero? positive? negative? odd? even?", () => {
  expect([
    ["nan?", ["+nan.0"], "#t"],
    ["nan?", ["1"], "#f"],
    ["nan?", ["1+nan.0i"], "#t"],
    ["infinite?", ["-inf.0"], "#t"],
    ["infinite?", ["1.0"], "#f"],
    ["infinite?", ["1+inf.0i"], "#t"],
    ["finite?", ["1/2"], "#t"],
    ["finite?", ["+inf.0"], "#f"],
    ["finite?", ["+nan.0"], "#f"],
    ["zero?", ["0"], "#t"],
    ["zero?", ["-0.0"], "#t"],
    ["zero?", ["0.0+0.0i"], "#t"],
    ["zero?", ["1/2"], "#f"],
    ["zero?", ["0.0+1.0i"], "#f"],
    ["positive?", ["1/2"], "#t"],
    ["positive?", ["-0.0"], "#f"],
    ["positive?", ["123456789012345678901234567890"], "#t"],
    ["negative?", ["-1/2"], "#t"],
    ["negative?", ["0"], "#f"],
    ["negative?", ["+nan.0"], "#f"],
    ["odd?", ["3"], "#t"],
    ["odd?", ["-3"], "#t"],
    ["odd?", ["4.0"], "#f"],
    ["even?", ["0"], "#t"],
    ["even?", ["123456789012345678901234567890"], "#t"],
    ["even?", ["-7"], "#f"],
  ]);
  assertWrongType(() => call("odd?", read("1.5")), "odd?", "an integer", 1, "1.5");
  assertWrongType(() => call("positive?", read("+i")), "positive?", "a real number", 1, "0.0+1.0i");
  assertWrongType(() => call("zero?", read("z")), "zero?", "a number", 1, "z");
});

test("max and min are inexact when any argument is", () => {
  expect([
    ["max", ["1", "3", "2"], "3"],
    ["max", ["1", "2.0"], "2.0"],
    ["max", ["3", "2.0"], "3.0"],
    ["min", ["1", "2.0"], "1.0"],
    ["min", ["1/2", "1/3"], "1/3"],
    ["max", ["1", "+nan.0"], "+nan.0"],
    ["min", ["-inf.0", "5"], "-inf.0"],
    ["max", ["7"], "7"],
  ]);
  assertWrongType(() => call("max", 1, read("a")), "max", "a real number", 2, "a");
  assertWrongArity(() => call("min"), "min");
});

test("abs and magnitude", () => {
  expect([
    ["abs", ["-7"], "7"],
    ["abs", ["-7/2"], "7/2"],
    ["abs", ["-0.5"], "0.5"],
    ["abs", ["3+4i"], "5.0"],
    ["abs", ["-123456789012345678901234567890"], "123456789012345678901234567890"],
    ["magnitude", ["-3-4i"], "5.0"],
    ["magnitude", ["-2"], "2"],
  ]);
  assertWrongType(() => call("abs", read("x")), "abs", "a number", 1, "x");
});

test("quotient, remainder, modulo and the floor/ and truncate/ families", () => {
  expect([
    ["quotient", ["17", "-5"], "-3"],
    ["remainder", ["17", "-5"], "2"],
    ["modulo", ["17", "-5"], "-3"],
    ["modulo", ["-7", "2"], "1"],
    ["modulo", ["-7.0", "2"], "1.0"],
    ["floor/", ["5", "2"], "2 1"],
    ["floor/", ["-5", "2"], "-3 1"],
    ["floor/", ["5", "-2"], "-3 -1"],
    ["floor/", ["-5", "-2"], "2 -1"],
    ["truncate/", ["5", "2"], "2 1"],
    ["truncate/", ["-5", "2"], "-2 -1"],
    ["truncate/", ["5", "-2"], "-2 1"],
    ["truncate/", ["-5.0", "2"], "-2.0 -1.0"],
    ["floor-quotient", ["-5", "2"], "-3"],
    ["floor-remainder", ["-5", "2"], "1"],
    ["truncate-quotient", ["-5", "2"], "-2"],
    ["truncate-remainder", ["-5", "2"], "-1"],
    ["quotient", ["100000000000000000000", "3"], "33333333333333333333"],
    ["modulo", ["-100000000000000000000", "3"], "2"],
  ]);
  assertSchemeError(() => call("modulo", 5, 0), { kind: "DivisionByZero", procedure: "modulo" });
  assertSchemeError(() => call("floor/", 5, 0), { kind: "DivisionByZero", procedure: "floor/" });
  assertSchemeError(() => call("truncate-remainder", 5, 0), { kind: "DivisionByZero", procedure: "truncate-remainder" });
  assertWrongType(() => call("quotient", read("1/2"), 1), "quotient", "an integer", 1, "1/2");
  assertWrongType(() => call("floor-quotient", 1, read("x")), "floor-quotient", "an integer", 2, "x");
});

test("gcd and lcm", () => {
  expect([
    ["gcd", [], "0"],
    ["lcm", [], "1"],
    ["gcd", ["32", "-36"], "4"],
    ["gcd", ["32", "-36", "6"], "2"],
    ["gcd", ["0", "5"], "5"],
    ["gcd", ["4.0", "6"], "2.0"],
    ["lcm", ["32", "-36"], "288"],
    ["lcm", ["32.0", "-36"], "288.0"],
    ["lcm", ["0", "5"], "0"],
    ["gcd", ["123456789012345678901234567890", "30"], "30"],
  ]);
  assertWrongType(() => call("gcd", 4, read("1.5")), "gcd", "an integer", 2, "1.5");
});

test("numerator, denominator, rounding and rationalize", () => {
  expect([
    ["numerator", ["6/4"], "3"],
    ["denominator", ["6/4"], "2"],
    ["denominator", ["0"], "1"],
    ["denominator", ["0.5"], "2.0"],
    ["floor", ["-4.3"], "-5.0"],
    ["ceiling", ["-4.3"], "-4.0"],
    ["truncate", ["-4.3"], "-4.0"],
    ["round", ["-4.3"], "-4.0"],
    ["floor", ["3.5"], "3.0"],
    ["ceiling", ["3.5"], "4.0"],
    ["truncate", ["3.5"], "3.0"],
    ["round", ["3.5"], "4.0"],
    ["round", ["2.5"], "2.0"],
    ["round", ["-2.5"], "-2.0"],
    ["round", ["7/2"], "4"],
    ["round", ["5/2"], "2"],
    ["round", ["7"], "7"],
    ["floor", ["-7/2"], "-4"],
    ["rationalize", ["3/10", "1/10"], "1/3"],
    ["rationalize", [".3", "1/10"], "0.3333333333333333"],
    ["rationalize", ["-3/10", "1/10"], "-1/3"],
    ["rationalize", ["1/4", "1/2"], "0"],
    ["rationalize", ["5", "0"], "5"],
    ["rationalize", ["+inf.0", "3"], "+inf.0"],
    ["rationalize", ["3", "+inf.0"], "0.0"],
  ]);
  assertWrongType(() => call("round", read("1+i")), "round", "a real number", 1, "1.0+1.0i");
  assertWrongType(() => call("numerator", read("+inf.0")), "numerator", "a rational number", 1, "+inf.0");
});

test("exp, log, trigonometry and their complex branches", () => {
  expect([
    ["exp", ["0"], "1.0"],
    ["exp", ["1"], "2.718281828459045"],
    ["log", ["1"], "0.0"],
    ["log", ["100", "10"], "2.0"],
    ["log", ["8", "2"], "3.0"],
    ["log", ["-1"], "0.0+3.141592653589793i"],
    ["sin", ["0"], "0.0"],
    ["cos", ["0"], "1.0"],
    ["tan", ["0"], "0.0"],
    ["asin", ["1"], "1.5707963267948966"],
    ["acos", ["1"], "0.0"],
    ["atan", ["1"], "0.7853981633974483"],
    ["atan", ["1", "1"], "0.7853981633974483"],
    ["atan", ["1", "-1"], "2.356194490192345"],
    ["atan", ["-1", "0"], "-1.5707963267948966"],
    ["exp", ["+3.141592653589793i"], "-1.0+1.2246467991473532e-16i"],
  ]);
  const bigLog = call("log", read("1" + "0".repeat(400))) as Flonum;
  assert.ok(Math.abs(bigLog.value - 400 * Math.LN10) < 1e-12, "log of a number too big for a double");
  const asin2 = call("asin", 2) as Compnum;
  assert.ok(asin2.re === Math.PI / 2 && Math.abs(asin2.im - 1.3169578969248166) < 1e-15, "Python's cmath.asin(2)");
  const back = call("sin", asin2) as Compnum;
  assert.ok(Math.abs(back.re - 2) < 1e-14 && Math.abs(back.im) < 1e-14, "sin undoes asin off the real domain");
  assertWrongType(() => call("sin", read("x")), "sin", "a number", 1, "x");
  assertWrongType(() => call("atan", 1, read("+i")), "atan", "a real number", 2, "0.0+1.0i");
});

test("square, sqrt, exact-integer-sqrt and expt", () => {
  expect([
    ["square", ["5"], "25"],
    ["square", ["-1/2"], "1/4"],
    ["square", ["1.5"], "2.25"],
    ["square", ["94906267"], "9007199515875289"],
    ["sqrt", ["16"], "4"],
    ["sqrt", ["-4"], "0.0+2.0i"],
    ["sqrt", ["1/4"], "1/2"],
    ["sqrt", ["2"], "1.4142135623730951"],
    ["sqrt", ["16.0"], "4.0"],
    ["sqrt", ["-4.0"], "0.0+2.0i"],
    ["sqrt", ["-3+4i"], "1.0+2.0i"],
    ["exact-integer-sqrt", ["17"], "4 1"],
    ["exact-integer-sqrt", ["0"], "0 0"],
    ["exact-integer-sqrt", ["1000000000000000000000000000000"], "1000000000000000 0"],
    ["expt", ["2", "10"], "1024"],
    ["expt", ["2", "-1"], "1/2"],
    ["expt", ["2/3", "2"], "4/9"],
    ["expt", ["2", "0.5"], "1.4142135623730951"],
    ["expt", ["2.0", "3"], "8.0"],
    ["expt", ["9", "1/2"], "3"],
    ["expt", ["0", "0"], "1"],
    ["expt", ["0.0", "0"], "1.0"],
    ["expt", ["2", "100"], "1267650600228229401496703205376"],
  ]);
  assertWrongType(() => call("exact-integer-sqrt", -1), "exact-integer-sqrt", "a non-negative exact integer", 1, "-1");
  assertWrongType(() => call("expt", read("a"), 2), "expt", "a number", 1, "a");
  assertSchemeError(() => call("expt", 0, -2), { kind: "DivisionByZero", procedure: "expt" });
});

test("exact and inexact, and their old names", () => {
  expect([
    ["exact", ["2.0"], "2"],
    ["exact", ["0.5"], "1/2"],
    ["exact", ["-2.5"], "-5/2"],
    ["exact", ["1/3"], "1/3"],
    ["inexact->exact", ["0.25"], "1/4"],
    ["inexact", ["1/3"], "0.3333333333333333"],
    ["inexact", ["123456789012345678901234567890"], "1.2345678901234568e29"],
    ["exact->inexact", ["1/8"], "0.125"],
    ["inexact", ["1+2i"], "1.0+2.0i"],
  ]);
  assertSchemeError(() => call("exact", read("+inf.0")), { kind: "WrongType", procedure: "exact", message: "finite" });
  assertSchemeError(() => call("inexact->exact", read("+nan.0")), { kind: "WrongType", procedure: "inexact->exact" });
  assertWrongType(() => call("inexact", read("x")), "inexact", "a number", 1, "x");
});

test("number->string and string->number with a radix", () => {
  const str = (v: Value) => (v as MString).value;
  assert.equal(str(call("number->string", 255, 16)), "ff");
  assert.equal(str(call("number->string", 255, 2)), "11111111");
  assert.equal(str(call("number->string", -255, 8)), "-377");
  assert.equal(str(call("number->string", read("1/3"))), "1/3");
  assert.equal(str(call("number->string", read("1.5e-7"))), "1.5e-7");
  assert.equal(str(call("number->string", read("1.5-2.0i"))), "1.5-2.0i");
  assert.equal(str(call("number->string", read("123456789012345678901234567890"), 16)), "18ee90ff6c373e0ee4e3f0ad2");
  expect([
    ["string->number", ['"42"'], "42"],
    ["string->number", ['"ff"', "16"], "255"],
    ["string->number", ['"#xff"'], "255"],
    ["string->number", ['"101"', "2"], "5"],
    ["string->number", ['"1/3"'], "1/3"],
    ["string->number", ['"1e3"'], "1000.0"],
    ["string->number", ['"#e1.5"'], "3/2"],
    ["string->number", ['"1.5-2.0i"'], "1.5-2.0i"],
    ["string->number", ['"abc"'], "#f"],
    ["string->number", ['"12"', "2"], "#f"],
    ["string->number", ['""'], "#f"],
  ]);
  assertWrongType(() => call("number->string", 10, 3), "number->string", "a radix of 2, 8, 10 or 16", 2, "3");
  assertWrongType(() => call("string->number", 10), "string->number", "a string", 1, "10");
  assertWrongType(() => call("number->string", read('"10"')), "number->string", "a number", 1, '"10"');
});

test("complex constructors and accessors", () => {
  expect([
    ["make-rectangular", ["1", "2"], "1.0+2.0i"],
    ["make-rectangular", ["1.5", "0"], "1.5"],
    ["make-rectangular", ["1", "0.0"], "1.0+0.0i"],
    ["complex", ["-0.5", "1"], "-0.5+1.0i"],
    ["make-polar", ["2", "0"], "2"],
    ["make-polar", ["1", "3.141592653589793"], "-1.0+1.2246467991473532e-16i"],
    ["real-part", ["1.5-2.0i"], "1.5"],
    ["imag-part", ["1.5-2.0i"], "-2.0"],
    ["real-part", ["7"], "7"],
    ["imag-part", ["7"], "0"],
    ["magnitude", ["3+4i"], "5.0"],
    ["angle", ["+i"], "1.5707963267948966"],
    ["angle", ["-1"], "3.141592653589793"],
    ["angle", ["1"], "0"],
    ["angle", ["1.0"], "0.0"],
  ]);
  assertWrongType(() => call("complex", read("+i"), 1), "complex", "a real number", 1, "0.0+1.0i");
  assertWrongType(() => call("make-rectangular", 1, read("a")), "make-rectangular", "a real number", 2, "a");
  assertWrongType(() => call("real-part", read("a")), "real-part", "a number", 1, "a");
});

test("Calysto's int, float, // and %", () => {
  expect([
    ["int", ["3.7"], "3"],
    ["int", ["-3.7"], "-3"],
    ["int", ["7/2"], "3"],
    ["int", ["-7/2"], "-3"],
    ["int", ["5"], "5"],
    ["int", ["1e20"], "100000000000000000000"],
    ["float", ["1/4"], "0.25"],
    ["float", ["3"], "3.0"],
    ["float", ["2.5"], "2.5"],
    ["//", ["7", "2"], "3"],
    ["//", ["-7", "2"], "-3"],
    ["//", ["7", "2.0"], "3.0"],
    ["//", ["7/2", "1"], "3"],
    ["//", ["25", "3"], "8"],
    ["%", ["7", "3"], "1"],
    ["%", ["-7", "3"], "2"],
    ["%", ["7", "-3"], "-2"],
    ["%", ["7.5", "2"], "1.5"],
    ["%", ["-1/2", "1"], "1/2"],
  ]);
  // The seed notebook's (int (* (/ i 256) 90)) picks a character of its 90-character alphabet.
  assert.equal(run("int", "225/128"), "1");
  assertSchemeError(() => call("//", 1, 0), { kind: "DivisionByZero", procedure: "//" });
  assertSchemeError(() => call("%", 1, read("0.0")), { kind: "DivisionByZero", procedure: "%" });
  assertWrongType(() => call("int", read("+i")), "int", "a real number", 1, "0.0+1.0i");
  assertWrongType(() => call("int", read("+inf.0")), "int", "a finite number (it has no exact value)", 1, "+inf.0");
  assertWrongType(() => call("//", read("a"), 1), "//", "a real number", 1, "a");
});
