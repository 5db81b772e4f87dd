// + - * / on every pair of numbers, with R7RS exactness contagion.
//
// Each operation tries the common cases first (two fixnums, two flonums, two compnums) inline, then falls back to
// a dispatch on the higher of the two tower levels. Exact results always go through normalizeBigint or
// makeRational, so they come back in canonical form.

import { SchemeError, signal, wrongType } from "../errors.js";
import { Compnum, Flonum, Ratnum, type SchemeNumber, type Value } from "../values.js";
import { complexDiv, complexMul, magnitudeOf } from "./complex.js";
import { realToDouble } from "./convert.js";
import { makeRational, normalizeBigint, toBigint } from "./exact.js";
import { rationalOfSafe, smallAddOrSub, smallDiv, smallMul } from "./small-rational.js";
import { BIGNUM, COMPNUM, FIXNUM, FLONUM, levelOf, NOT_A_NUMBER, RATNUM, type ExactNumber, type Level } from "./predicates.js";

/** The higher level of two numbers, or a WrongType error naming `who` and the offending argument. */
function commonLevel(who: string, a: Value, b: Value): Level {
  const la = levelOf(a);
  if (la === NOT_A_NUMBER) wrongType(who, "a number", a, 1);
  const lb = levelOf(b);
  if (lb === NOT_A_NUMBER) wrongType(who, "a number", b, 2);
  return la > lb ? la : lb;
}

/** Numerator and denominator of an exact number, as bigints. */
function ratioParts(n: ExactNumber): [bigint, bigint] {
  return n instanceof Ratnum ? [n.num, n.den] : [toBigint(n), 1n];
}

function realPart(n: SchemeNumber): number {
  return n instanceof Compnum ? n.re : realToDouble(n);
}

function imagPart(n: SchemeNumber): number {
  return n instanceof Compnum ? n.im : 0;
}

function fixnumResult(r: number, exact: () => bigint): SchemeNumber {
  // A double result outside the safe range may have been rounded: redo it in bigints.
  return Number.isSafeInteger(r) ? r : normalizeBigint(exact());
}

export function add(a: Value, b: Value): SchemeNumber {
  if (typeof a === "number" && typeof b === "number") {
    return fixnumResult(a + b, () => BigInt(a) + BigInt(b));
  }
  if (a instanceof Flonum) {
    if (b instanceof Flonum) return new Flonum(a.value + b.value);
    if (typeof b === "number") return new Flonum(a.value + b);
  } else if (typeof a === "number" && b instanceof Flonum) {
    return new Flonum(a + b.value);
  } else if (a instanceof Compnum && b instanceof Compnum) {
    return new Compnum(a.re + b.re, a.im + b.im);
  }
  const small = smallAddOrSub(a, b, 1);
  if (small !== undefined) return small;
  switch (commonLevel("+", a, b)) {
    case FIXNUM:
    case BIGNUM:
      return normalizeBigint(toBigint(a as bigint) + toBigint(b as bigint));
    case RATNUM: {
      const [an, ad] = ratioParts(a as ExactNumber);
      const [bn, bd] = ratioParts(b as ExactNumber);
      return makeRational(an * bd + bn * ad, ad * bd);
    }
    case FLONUM:
      return new Flonum(realToDouble(a as Flonum) + realToDouble(b as Flonum));
    case COMPNUM:
      return new Compnum(realPart(a as SchemeNumber) + realPart(b as SchemeNumber), imagPart(a as SchemeNumber) + imagPart(b as SchemeNumber));
  }
}

export function neg(a: Value): SchemeNumber {
  if (typeof a === "number") return 0 - a; // 0 - 0 is 0, where -0 would be a (non-canonical) negative zero
  if (a instanceof Flonum) return new Flonum(-a.value);
  if (typeof a === "bigint") return normalizeBigint(-a);
  if (a instanceof Ratnum) return new Ratnum(-a.num, a.den);
  if (a instanceof Compnum) return new Compnum(-a.re, -a.im);
  return wrongType("-", "a number", a, 1);
}

export function sub(a: Value, b: Value): SchemeNumber {
  if (typeof a === "number" && typeof b === "number") {
    return fixnumResult(a - b, () => BigInt(a) - BigInt(b));
  }
  if (a instanceof Flonum) {
    if (b instanceof Flonum) return new Flonum(a.value - b.value);
    if (typeof b === "number") return new Flonum(a.value - b);
  } else if (typeof a === "number" && b instanceof Flonum) {
    return new Flonum(a - b.value);
  } else if (a instanceof Compnum && b instanceof Compnum) {
    return new Compnum(a.re - b.re, a.im - b.im);
  }
  const small = smallAddOrSub(a, b, -1);
  if (small !== undefined) return small;
  switch (commonLevel("-", a, b)) {
    case FIXNUM:
    case BIGNUM:
      return normalizeBigint(toBigint(a as bigint) - toBigint(b as bigint));
    case RATNUM: {
      const [an, ad] = ratioParts(a as ExactNumber);
      const [bn, bd] = ratioParts(b as ExactNumber);
      return makeRational(an * bd - bn * ad, ad * bd);
    }
    case FLONUM:
      return new Flonum(realToDouble(a as Flonum) - realToDouble(b as Flonum));
    case COMPNUM:
      return new Compnum(realPart(a as SchemeNumber) - realPart(b as SchemeNumber), imagPart(a as SchemeNumber) - imagPart(b as SchemeNumber));
  }
}

export function mul(a: Value, b: Value): SchemeNumber {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (r === 0) return 0; // 0 * -5 is -0 in JS
    return fixnumResult(r, () => BigInt(a) * BigInt(b));
  }
  if (a instanceof Flonum) {
    if (b instanceof Flonum) return new Flonum(a.value * b.value);
    if (typeof b === "number") return new Flonum(a.value * b);
  } else if (typeof a === "number" && b instanceof Flonum) {
    return new Flonum(a * b.value);
  } else if (a instanceof Compnum && b instanceof Compnum) {
    return complexMul(a.re, a.im, b.re, b.im);
  }
  const small = smallMul(a, b);
  if (small !== undefined) return small;
  switch (commonLevel("*", a, b)) {
    case FIXNUM:
    case BIGNUM:
      return normalizeBigint(toBigint(a as bigint) * toBigint(b as bigint));
    case RATNUM: {
      const [an, ad] = ratioParts(a as ExactNumber);
      const [bn, bd] = ratioParts(b as ExactNumber);
      return makeRational(an * bn, ad * bd);
    }
    case FLONUM:
      return new Flonum(realToDouble(a as Flonum) * realToDouble(b as Flonum));
    case COMPNUM:
      return complexMul(realPart(a as SchemeNumber), imagPart(a as SchemeNumber), realPart(b as SchemeNumber), imagPart(b as SchemeNumber));
  }
}

function divisionByZero(who: string, dividend: Value): never {
  signal(new SchemeError("DivisionByZero", "division by zero:", [dividend], who));
}

export function div(a: Value, b: Value): SchemeNumber {
  if (typeof a === "number" && typeof b === "number") {
    if (b === 0) divisionByZero("/", a);
    if (a % b === 0) return a === 0 ? 0 : a / b; // divides evenly, so the double quotient is exact
    return rationalOfSafe(a, b);
  }
  if (a instanceof Flonum) {
    if (b instanceof Flonum) return new Flonum(a.value / b.value);
    if (typeof b === "number" && b !== 0) return new Flonum(a.value / b);
  }
  const small = smallDiv(a, b);
  if (small !== undefined) return small;
  const level = commonLevel("/", a, b);
  // Dividing by an exact zero is an error whatever the dividend; by 0.0 it is IEEE's business.
  if (b === 0) divisionByZero("/", a);
  switch (level) {
    case FIXNUM:
    case BIGNUM:
    case RATNUM: {
      const [an, ad] = ratioParts(a as ExactNumber);
      const [bn, bd] = ratioParts(b as ExactNumber);
      return makeRational(an * bd, ad * bn);
    }
    case FLONUM:
      return new Flonum(realToDouble(a as Flonum) / realToDouble(b as Flonum));
    case COMPNUM:
      return complexDiv(realPart(a as SchemeNumber), imagPart(a as SchemeNumber), realPart(b as SchemeNumber), imagPart(b as SchemeNumber));
  }
}

/** |n|; of a complex number, its magnitude (a Flonum), as Calysto's abs does. */
export function abs(n: Value): SchemeNumber {
  if (typeof n === "number") return n < 0 ? -n : n;
  if (n instanceof Flonum) return n.value < 0 || Object.is(n.value, -0) ? new Flonum(-n.value) : n;
  if (n instanceof Compnum) return new Flonum(magnitudeOf(n.re, n.im));
  if (typeof n === "bigint") return n < 0n ? -n : n; // -(bignum) is never a fixnum: the range is symmetric
  if (n instanceof Ratnum) return n.num < 0n ? new Ratnum(-n.num, n.den) : n;
  return wrongType("abs", "a number", n, 1);
}
