// = < > <= >= on numbers. Exact and inexact numbers compare by their exact values (R7RS asks comparisons to be
// transitive, which comparing through doubles would break: 2^53 + 1 is not 2^53 + 0.0).

import { wrongType } from "../errors.js";
import { Compnum, Flonum, Ratnum, type Value } from "../values.js";
import { doubleToExact, realToDouble } from "./convert.js";
import { toBigint } from "./exact.js";
import { isExactInteger, isNumber, isReal, type ExactNumber, type RealNumber } from "./predicates.js";

function sign(x: bigint): -1 | 0 | 1 {
  return x < 0n ? -1 : x > 0n ? 1 : 0;
}

function compareExact(a: ExactNumber, b: ExactNumber): -1 | 0 | 1 {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (isExactInteger(a) && isExactInteger(b)) return sign(toBigint(a) - toBigint(b));
  const [an, ad] = a instanceof Ratnum ? [a.num, a.den] : [toBigint(a), 1n];
  const [bn, bd] = b instanceof Ratnum ? [b.num, b.den] : [toBigint(b), 1n];
  return sign(an * bd - bn * ad); // denominators are positive
}

function compareDoubles(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
}

/** -1, 0 or 1; NaN when either is a NaN (unordered). */
function order(who: string, a: Value, b: Value): number {
  // A fixnum converts to a double exactly, so (< x 0) with a flonum x needs no exact comparison.
  if (a instanceof Flonum && typeof b === "number") return compareDoubles(a.value, b);
  if (typeof a === "number" && b instanceof Flonum) return compareDoubles(a, b.value);
  if (!isReal(a)) wrongType(who, "a real number", a, 1);
  if (!isReal(b)) wrongType(who, "a real number", b, 2);
  if (a instanceof Flonum && b instanceof Flonum) return compareDoubles(a.value, b.value);
  if (a instanceof Flonum || b instanceof Flonum) {
    // One flonum, one exact number that may be beyond the doubles' range: compare exactly, except that an
    // infinity exceeds every exact number and NaN is unordered.
    const flonum = a instanceof Flonum ? a.value : (b as Flonum).value;
    if (Number.isNaN(flonum)) return NaN;
    if (!Number.isFinite(flonum)) return (flonum > 0 ? 1 : -1) * (a instanceof Flonum ? 1 : -1);
    return compareExact(toExactReal(a), toExactReal(b));
  }
  return compareExact(a, b);
}

function toExactReal(n: RealNumber): ExactNumber {
  return n instanceof Flonum ? doubleToExact(n.value) : n;
}

/** Ordering of two reals for sorting and max/min: -1, 0 or 1 (a NaN compares equal to everything). */
export function compareReal(a: Value, b: Value): -1 | 0 | 1 {
  const c = order("compare", a, b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

export function numEq(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value === b.value;
  if (a instanceof Compnum || b instanceof Compnum) {
    if (!isNumber(a)) wrongType("=", "a number", a, 1);
    if (!isNumber(b)) wrongType("=", "a number", b, 2);
    const [ar, ai] = a instanceof Compnum ? [a.re, a.im] : [realToDouble(a), 0];
    const [br, bi] = b instanceof Compnum ? [b.re, b.im] : [realToDouble(b), 0];
    return ar === br && ai === bi;
  }
  if (!isNumber(a)) wrongType("=", "a number", a, 1);
  if (!isNumber(b)) wrongType("=", "a number", b, 2);
  return order("=", a, b) === 0;
}

export function lt(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value < b.value;
  return order("<", a, b) < 0;
}

export function gt(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a > b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value > b.value;
  return order(">", a, b) > 0;
}

export function le(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value <= b.value;
  return order("<=", a, b) <= 0;
}

export function ge(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a >= b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value >= b.value;
  return order(">=", a, b) >= 0;
}
