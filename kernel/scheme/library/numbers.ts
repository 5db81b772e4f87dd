// The R7RS numeric procedures and Calysto's numeric extras, registered as primitives.
//
// The tower's modules do the work; this file adapts them to Scheme's calling conventions (variadic arithmetic
// and comparisons, optional radix arguments, multiple values) and names each procedure in its errors.

import { SchemeError, signal, wrongType } from "../errors.js";
import { definePrimitive } from "../runtime/registry.js";
import { Compnum, Flonum, MString, MultipleValues, Ratnum, type ExactInteger, type SchemeNumber, type Value } from "../values.js";
import { abs, add, div, mul, neg, sub } from "../numbers/arithmetic.js";
import { lt, numEq, gt, le, ge } from "../numbers/compare.js";
import { realToDouble } from "../numbers/convert.js";
import { divideIntegers, modulo, quotient, remainder, type Rounding } from "../numbers/division.js";
import { bigGcd, toBigint, normalizeBigint } from "../numbers/exact.js";
import { toExact, toInexact } from "../numbers/exactness.js";
import { numberToString } from "../numbers/number-text.js";
import { parseNumber } from "../numbers/parse.js";
import { exactIntegerSqrt, expt, sqrt } from "../numbers/powers.js";
import { checkInteger, checkNumber, checkReal, isExact, isExactInteger, isExactRational, isInteger, isNumber, isRational, isReal, type RealNumber } from "../numbers/predicates.js";
import { denominator, numerator, roundReal, type RoundingMode } from "../numbers/rounding.js";
import { applyElementary, atan2, logBase, ELEMENTARY } from "../numbers/transcendental.js";

// --- Arithmetic -------------------------------------------------------------------------------------------------

/** Every argument must be a number; checked up front so an error names the right argument position. */
function checkAllNumbers(who: string, args: readonly Value[]): void {
  for (let i = 0; i < args.length; i++) if (!isNumber(args[i]!)) wrongType(who, "a number", args[i]!, i + 1);
}

function fold(op: (a: Value, b: Value) => SchemeNumber, first: Value, rest: readonly Value[]): SchemeNumber {
  let acc = first as SchemeNumber;
  for (const x of rest) acc = op(acc, x);
  return acc;
}

definePrimitive("+", 0, Infinity, (...args: Value[]) => {
  if (args.length === 2) return add(args[0]!, args[1]!);
  checkAllNumbers("+", args);
  return args.length === 0 ? 0 : fold(add, args[0]!, args.slice(1));
});
definePrimitive("*", 0, Infinity, (...args: Value[]) => {
  if (args.length === 2) return mul(args[0]!, args[1]!);
  checkAllNumbers("*", args);
  return args.length === 0 ? 1 : fold(mul, args[0]!, args.slice(1));
});
definePrimitive("-", 1, Infinity, (...args: Value[]) => {
  if (args.length === 2) return sub(args[0]!, args[1]!);
  checkAllNumbers("-", args);
  return args.length === 1 ? neg(args[0]!) : fold(sub, args[0]!, args.slice(1));
});
definePrimitive("/", 1, Infinity, (...args: Value[]) => {
  if (args.length === 2) return div(args[0]!, args[1]!);
  checkAllNumbers("/", args);
  return args.length === 1 ? div(1, args[0]!) : fold(div, args[0]!, args.slice(1));
});

// --- Comparison -------------------------------------------------------------------------------------------------

/** (< a b c …): true when each adjacent pair is ordered. Every argument is type-checked, even after a #f. */
function defineComparison(name: string, test: (a: Value, b: Value) => boolean, check: (who: string, v: Value, i: number) => unknown): void {
  definePrimitive(name, 1, Infinity, (...args: Value[]) => {
    if (args.length === 2) return test(args[0]!, args[1]!);
    args.forEach((v, i) => check(name, v, i + 1));
    let result = true;
    for (let i = 0; i + 1 < args.length; i++) if (!test(args[i]!, args[i + 1]!)) result = false;
    return result;
  });
}
defineComparison("=", numEq, checkNumber);
defineComparison("<", lt, checkReal);
defineComparison(">", gt, checkReal);
defineComparison("<=", le, checkReal);
defineComparison(">=", ge, checkReal);

// --- Predicates -------------------------------------------------------------------------------------------------

definePrimitive("number?", 1, 1, isNumber);
definePrimitive("complex?", 1, 1, isNumber);
definePrimitive("real?", 1, 1, isReal);
definePrimitive("rational?", 1, 1, isRational);
definePrimitive("integer?", 1, 1, isInteger);
definePrimitive("exact-integer?", 1, 1, isExactInteger);
definePrimitive("exact-rational?", 1, 1, isExactRational);
definePrimitive("exact?", 1, 1, (z: Value) => isExact(checkNumber("exact?", z, 1)));
definePrimitive("inexact?", 1, 1, (z: Value) => !isExact(checkNumber("inexact?", z, 1)));

/** The double parts of a number, for the predicates that look at both parts of a complex number. */
function parts(who: string, z: Value): [number, number] {
  const n = checkNumber(who, z, 1);
  return n instanceof Compnum ? [n.re, n.im] : [isExact(n) ? 0 : realToDouble(n), 0];
}
definePrimitive("nan?", 1, 1, (z: Value) => parts("nan?", z).some(Number.isNaN));
definePrimitive("infinite?", 1, 1, (z: Value) => parts("infinite?", z).some((x) => x === Infinity || x === -Infinity));
definePrimitive("finite?", 1, 1, (z: Value) => parts("finite?", z).every(Number.isFinite));

function signOf(who: string, x: Value): number {
  const n = checkReal(who, x, 1);
  if (typeof n === "number") return Math.sign(n);
  if (typeof n === "bigint") return n < 0n ? -1 : 1;
  if (n instanceof Ratnum) return n.num < 0n ? -1 : 1;
  return Math.sign(n.value); // NaN for NaN: neither positive nor negative
}
definePrimitive("zero?", 1, 1, (z: Value) => {
  if (typeof z === "number") return z === 0;
  const [re, im] = parts("zero?", z);
  return isExact(z as SchemeNumber) ? false : re === 0 && im === 0;
});
definePrimitive("positive?", 1, 1, (x: Value) => signOf("positive?", x) > 0);
definePrimitive("negative?", 1, 1, (x: Value) => signOf("negative?", x) < 0);

function isOdd(who: string, n: Value): boolean {
  const k = checkInteger(who, n, 1);
  if (typeof k === "number") return k % 2 !== 0;
  if (typeof k === "bigint") return k % 2n !== 0n;
  return k.value % 2 !== 0;
}
definePrimitive("odd?", 1, 1, (n: Value) => isOdd("odd?", n));
definePrimitive("even?", 1, 1, (n: Value) => !isOdd("even?", n));

// --- max, min, abs ----------------------------------------------------------------------------------------------

/** max and min: the extreme argument, made inexact when any argument is inexact (R7RS); NaN wins. */
function defineExtreme(name: string, better: (a: Value, b: Value) => boolean): void {
  definePrimitive(name, 1, Infinity, (...args: Value[]) => {
    let best = checkReal(name, args[0]!, 1);
    let inexact = best instanceof Flonum;
    for (let i = 1; i < args.length; i++) {
      const x = checkReal(name, args[i]!, i + 1);
      if (x instanceof Flonum) {
        inexact = true;
        if (Number.isNaN(x.value)) return x;
      }
      if (best instanceof Flonum && Number.isNaN(best.value)) continue;
      if (better(x, best)) best = x;
    }
    return inexact ? toInexact(best) : best;
  });
}
defineExtreme("max", gt);
defineExtreme("min", lt);
definePrimitive("abs", 1, 1, abs);
definePrimitive("magnitude", 1, 1, (z: Value) => abs(checkNumber("magnitude", z, 1)));

// --- Integer division -------------------------------------------------------------------------------------------

definePrimitive("quotient", 2, 2, (a: Value, b: Value) => quotient(a, b));
definePrimitive("remainder", 2, 2, (a: Value, b: Value) => remainder(a, b));
definePrimitive("modulo", 2, 2, (a: Value, b: Value) => modulo(a, b));

/** floor/ and truncate/ with their -quotient and -remainder halves. */
function defineDivisionFamily(rounding: Rounding): void {
  definePrimitive(`${rounding}/`, 2, 2, (a: Value, b: Value) => new MultipleValues(divideIntegers(`${rounding}/`, rounding, a, b)));
  definePrimitive(`${rounding}-quotient`, 2, 2, (a: Value, b: Value) => divideIntegers(`${rounding}-quotient`, rounding, a, b)[0]);
  definePrimitive(`${rounding}-remainder`, 2, 2, (a: Value, b: Value) => divideIntegers(`${rounding}-remainder`, rounding, a, b)[1]);
}
defineDivisionFamily("floor");
defineDivisionFamily("truncate");

/** gcd and lcm of exact or inexact integers: non-negative, inexact when any argument is. */
function integerArguments(who: string, args: readonly Value[]): { values: bigint[]; inexact: boolean } {
  let inexact = false;
  const values = args.map((v, i) => {
    const k = checkInteger(who, v, i + 1);
    if (k instanceof Flonum) {
      inexact = true;
      return BigInt(k.value);
    }
    return toBigint(k);
  });
  return { values, inexact };
}

function integerResult(b: bigint, inexact: boolean): ExactInteger | Flonum {
  return inexact ? new Flonum(Number(b)) : normalizeBigint(b);
}

definePrimitive("gcd", 0, Infinity, (...args: Value[]) => {
  if (args.length === 2 && typeof args[0] === "number" && typeof args[1] === "number") {
    let [a, b] = [Math.abs(args[0]), Math.abs(args[1])];
    while (b !== 0) [a, b] = [b, a % b];
    return a;
  }
  const { values, inexact } = integerArguments("gcd", args);
  return integerResult(values.reduce(bigGcd, 0n), inexact);
});
definePrimitive("lcm", 0, Infinity, (...args: Value[]) => {
  const { values, inexact } = integerArguments("lcm", args);
  const lcm = values.reduce((acc, x) => {
    if (acc === 0n || x === 0n) return 0n;
    const product = (acc * x) / bigGcd(acc, x);
    return product < 0n ? -product : product;
  }, 1n);
  return integerResult(lcm, inexact);
});

// --- Rational parts and rounding --------------------------------------------------------------------------------

definePrimitive("numerator", 1, 1, numerator);
definePrimitive("denominator", 1, 1, denominator);
for (const mode of ["floor", "ceiling", "round", "truncate"] satisfies RoundingMode[]) {
  definePrimitive(mode, 1, 1, (x: Value) => roundReal(x, mode));
}

/** The simplest rational in [lo, hi], for 0 < lo <= hi (Stern–Brocot descent by continued fractions). */
function simplestBetween(lo: SchemeNumber, hi: SchemeNumber): SchemeNumber {
  const floorLo = roundReal(lo, "floor");
  if (numEq(floorLo, lo)) return floorLo;
  if (lt(floorLo, roundReal(hi, "floor"))) return add(floorLo, 1);
  return add(floorLo, div(1, simplestBetween(div(1, sub(hi, floorLo)), div(1, sub(lo, floorLo)))));
}

definePrimitive("rationalize", 2, 2, (x: Value, y: Value) => {
  const a = checkReal("rationalize", x, 1);
  const b = checkReal("rationalize", y, 2);
  const inexact = a instanceof Flonum || b instanceof Flonum;
  const [xd, yd] = [realToDouble(a), realToDouble(b)];
  if (Number.isNaN(xd) || Number.isNaN(yd)) return new Flonum(NaN);
  if (!Number.isFinite(yd)) return new Flonum(Number.isFinite(xd) ? 0 : NaN);
  if (!Number.isFinite(xd)) return a;
  const [ex, ey] = [toExact(a, "rationalize"), abs(toExact(b, "rationalize"))];
  const [lo, hi] = [sub(ex, ey), add(ex, ey)];
  const result = le(lo, 0) && ge(hi, 0) ? 0 : lt(hi, 0) ? neg(simplestBetween(neg(hi), neg(lo))) : simplestBetween(lo, hi);
  return inexact ? toInexact(result) : result;
});

// --- Powers, roots, transcendental functions ----------------------------------------------------------------

for (const name of ["exp", "sin", "cos", "tan", "asin", "acos"] satisfies (keyof typeof ELEMENTARY)[]) {
  definePrimitive(name, 1, 1, (z: Value) => applyElementary(name, z));
}
definePrimitive("log", 1, 2, (z: Value, base?: Value) => (base === undefined ? applyElementary("log", z) : logBase(z, base)));
definePrimitive("atan", 1, 2, (y: Value, x?: Value) => (x === undefined ? applyElementary("atan", y) : atan2(y, x)));
definePrimitive("square", 1, 1, (z: Value) => mul(checkNumber("square", z, 1), z));
definePrimitive("sqrt", 1, 1, sqrt);
definePrimitive("exact-integer-sqrt", 1, 1, (k: Value) => new MultipleValues(exactIntegerSqrt(k)));
definePrimitive("expt", 2, 2, expt);

// --- Exactness and conversion to and from text -------------------------------------------------------------

for (const name of ["exact", "inexact->exact"]) definePrimitive(name, 1, 1, (z: Value) => toExact(z, name));
for (const name of ["inexact", "exact->inexact"]) definePrimitive(name, 1, 1, (z: Value) => toInexact(z, name));

function checkRadix(who: string, radix: Value | undefined, argIndex: number): number {
  if (radix === undefined) return 10;
  if (radix !== 2 && radix !== 8 && radix !== 10 && radix !== 16) wrongType(who, "a radix of 2, 8, 10 or 16", radix, argIndex);
  return radix;
}

definePrimitive("number->string", 1, 2, (z: Value, radix?: Value) =>
  new MString(numberToString(checkNumber("number->string", z, 1), checkRadix("number->string", radix, 2))),
);
definePrimitive("string->number", 1, 2, (s: Value, radix?: Value) => {
  if (!(s instanceof MString)) wrongType("string->number", "a string", s, 1);
  return parseNumber(s.value, checkRadix("string->number", radix, 2)) ?? false;
});

// --- Complex numbers --------------------------------------------------------------------------------------------

function makeRectangular(who: string, x: Value, y: Value): SchemeNumber {
  const re = checkReal(who, x, 1);
  const im = checkReal(who, y, 2);
  if (im === 0) return re; // an exact zero imaginary part leaves a real number
  return new Compnum(realToDouble(re), realToDouble(im));
}
for (const name of ["make-rectangular", "complex"]) definePrimitive(name, 2, 2, (x: Value, y: Value) => makeRectangular(name, x, y));

definePrimitive("make-polar", 2, 2, (m: Value, a: Value) => {
  const magnitude = checkReal("make-polar", m, 1);
  const angle = checkReal("make-polar", a, 2);
  if (angle === 0) return magnitude;
  const [r, theta] = [realToDouble(magnitude), realToDouble(angle)];
  return new Compnum(r * Math.cos(theta), r * Math.sin(theta));
});
definePrimitive("real-part", 1, 1, (z: Value) => {
  const n = checkNumber("real-part", z, 1);
  return n instanceof Compnum ? new Flonum(n.re) : n;
});
definePrimitive("imag-part", 1, 1, (z: Value) => {
  const n = checkNumber("imag-part", z, 1);
  return n instanceof Compnum ? new Flonum(n.im) : 0;
});
definePrimitive("angle", 1, 1, (z: Value) => {
  const n = checkNumber("angle", z, 1);
  if (n instanceof Compnum) return new Flonum(Math.atan2(n.im, n.re));
  const x = realToDouble(n);
  if (isExact(n) && x >= 0) return 0;
  return new Flonum(Math.atan2(0, x));
});

// --- Calysto's extras -------------------------------------------------------------------------------------------

/** (int x): x truncated toward zero, as an exact integer (Python's int()). */
definePrimitive("int", 1, 1, (x: Value) => {
  const n = checkReal("int", x, 1);
  return toExact(roundReal(n, "truncate"), "int") as ExactInteger;
});
definePrimitive("float", 1, 1, (x: Value) => toInexact(checkReal("float", x, 1), "float"));

function checkNonZeroDivisor(who: string, a: Value, b: Value): [RealNumber, RealNumber] {
  const x = checkReal(who, a, 1);
  const y = checkReal(who, b, 2);
  if (y === 0 || (y instanceof Flonum && y.value === 0)) signal(new SchemeError("DivisionByZero", "division by zero:", [a], who));
  return [x, y];
}

/** (// a b): the quotient truncated toward zero, exact for exact arguments (also for non-integers). */
definePrimitive("//", 2, 2, (a: Value, b: Value) => {
  if (typeof a === "number" && typeof b === "number" && b !== 0) return quotient(a, b);
  const [x, y] = checkNonZeroDivisor("//", a, b);
  return roundReal(div(x, y), "truncate");
});

/** (% a b): the remainder with the divisor's sign, like Python's % (modulo, extended to non-integers). */
definePrimitive("%", 2, 2, (a: Value, b: Value) => {
  if (typeof a === "number" && typeof b === "number" && b !== 0) return modulo(a, b);
  const [x, y] = checkNonZeroDivisor("%", a, b);
  if (isInteger(x) && isInteger(y)) return modulo(x, y, "%");
  return sub(x, mul(y, roundReal(div(x, y), "floor")));
});
