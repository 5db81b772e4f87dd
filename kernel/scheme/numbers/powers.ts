// sqrt, exact-integer-sqrt and expt: exact results whenever the mathematical result is exact and the arguments
// are ((sqrt 16) is 4, (sqrt 1/4) is 1/2, (expt 2/3 3) is 8/27), inexact or complex otherwise.

import { SchemeError, signal, wrongType } from "../errors.js";
import { Compnum, Flonum, Ratnum, type ExactInteger, type SchemeNumber, type Value } from "../values.js";
import { div } from "./arithmetic.js";
import { complexDiv, complexMul, complexPow, complexSqrt } from "./complex.js";
import { exactToDouble, realToDouble } from "./convert.js";
import { normalizeBigint, toBigint } from "./exact.js";
import { checkNumber, isExactInteger, isExactRational, type ExactNumber } from "./predicates.js";

/** floor(√n) for a non-negative bigint, by Newton's method from a double estimate. */
function bigintFloorSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  const estimate = Math.sqrt(Number(n));
  let x = Number.isFinite(estimate) ? BigInt(Math.floor(estimate)) : 1n << BigInt((n.toString(2).length >> 1) + 1);
  if (x === 0n) x = 1n;
  // One step from any positive start lands at or above the root (AM-GM); then the iteration decreases to it.
  x = (x + n / x) >> 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/** s and n - s² where s = floor(√n), for an exact non-negative integer n. */
export function exactIntegerSqrt(n: Value, who = "exact-integer-sqrt"): [ExactInteger, ExactInteger] {
  if (!isExactInteger(n) || n < 0) wrongType(who, "a non-negative exact integer", n, 1);
  if (typeof n === "number" && n <= 2 ** 52) {
    let s = Math.floor(Math.sqrt(n));
    while (s * s > n) s--;
    while ((s + 1) * (s + 1) <= n) s++;
    return [s, n - s * s];
  }
  const big = toBigint(n);
  const s = bigintFloorSqrt(big);
  return [normalizeBigint(s), normalizeBigint(big - s * s)];
}

/** The exact square root of a non-negative exact number, or undefined when it is irrational. */
function exactSqrt(n: ExactNumber): ExactNumber | undefined {
  if (n instanceof Ratnum) {
    const num = exactSqrt(normalizeBigint(n.num));
    const den = exactSqrt(normalizeBigint(n.den));
    return num === undefined || den === undefined ? undefined : div(num, den) as ExactNumber;
  }
  const [s, rest] = exactIntegerSqrt(n);
  return rest === 0 ? s : undefined;
}

/** The exact k-th root of a non-negative exact number when it is an integer (or ratio) below 2^53. */
function exactRoot(n: ExactNumber, k: bigint): ExactNumber | undefined {
  if (n instanceof Ratnum) {
    const num = exactRoot(normalizeBigint(n.num), k);
    const den = exactRoot(normalizeBigint(n.den), k);
    return num === undefined || den === undefined ? undefined : (div(num, den) as ExactNumber);
  }
  const x = exactToDouble(n);
  if (!Number.isFinite(x) || k > 1024n) return undefined;
  // Below 2^53 the double estimate is within one of an integer root; confirm candidates exactly. Larger roots
  // are missed, and the result is then inexact, which R7RS allows.
  const estimate = Math.round(Math.pow(x, 1 / Number(k)));
  const target = toBigint(n);
  for (const candidate of [estimate - 1, estimate, estimate + 1]) {
    if (candidate >= 0 && BigInt(candidate) ** k === target) return candidate;
  }
  return undefined;
}

function isNegativeExact(n: ExactNumber): boolean {
  return n instanceof Ratnum ? n.num < 0n : n < 0;
}

function negateExact(n: ExactNumber): ExactNumber {
  if (n instanceof Ratnum) return new Ratnum(-n.num, n.den);
  return typeof n === "number" ? 0 - n : normalizeBigint(-n);
}

export function sqrt(n: Value): SchemeNumber {
  if (n instanceof Flonum) {
    return n.value < 0 ? new Compnum(0, Math.sqrt(-n.value)) : new Flonum(Math.sqrt(n.value));
  }
  if (n instanceof Compnum) return complexSqrt(n.re, n.im);
  if (!isExactRational(n)) return wrongType("sqrt", "a number", n, 1);
  const negative = isNegativeExact(n);
  const magnitude = negative ? negateExact(n) : n;
  const exact = exactSqrt(magnitude);
  if (exact !== undefined && !negative) return exact;
  const root = exact !== undefined ? exactToDouble(exact) : inexactSqrt(magnitude);
  // Complex numbers are inexact (values.ts), so √-4 is +2.0i.
  return negative ? new Compnum(0, root) : new Flonum(root);
}

function inexactSqrt(n: ExactNumber): number {
  const x = exactToDouble(n);
  if (Number.isFinite(x)) return Math.sqrt(x);
  return exactToDouble(exactIntegerSqrt(typeof n === "bigint" ? n : normalizeBigint((n as Ratnum).num / (n as Ratnum).den))[0]);
}

/** Beyond this exponent an exact power of anything but 0, 1 and -1 could not be held in memory. */
const MAX_EXACT_EXPONENT = 10_000_000n;

function exactPower(base: ExactNumber, power: bigint): ExactNumber {
  if (power === 0n) return 1;
  if (base === 0 || base === 1) return base;
  if (base === -1) return power % 2n === 0n ? 1 : -1;
  if (power > MAX_EXACT_EXPONENT) {
    signal(new SchemeError("WrongType", "exponent too large for an exact result:", [normalizeBigint(power)], "expt"));
  }
  if (base instanceof Ratnum) return new Ratnum(base.num ** power, base.den ** power);
  return normalizeBigint(toBigint(base) ** power);
}

function complexIntegerPower(re: number, im: number, power: bigint): Compnum {
  let result = new Compnum(1, 0);
  let square = new Compnum(re, im);
  for (let p = power < 0n ? -power : power; p > 0n; p >>= 1n) {
    if (p & 1n) result = complexMul(result.re, result.im, square.re, square.im);
    square = complexMul(square.re, square.im, square.re, square.im);
  }
  return power < 0n ? complexDiv(1, 0, result.re, result.im) : result;
}

function parts(n: SchemeNumber): [number, number] {
  return n instanceof Compnum ? [n.re, n.im] : [realToDouble(n), 0];
}

export function expt(base: Value, power: Value): SchemeNumber {
  const b = checkNumber("expt", base, 1);
  const p = checkNumber("expt", power, 2);
  if (isExactInteger(p)) {
    const e = toBigint(p);
    if (isExactRational(b)) {
      if (e >= 0n) return exactPower(b, e);
      if (b === 0) signal(new SchemeError("DivisionByZero", "division by zero: 0 raised to a negative power", [p], "expt"));
      return div(1, exactPower(b, -e));
    }
    if (b instanceof Flonum) return new Flonum(Math.pow(b.value, Number(e)));
    return complexIntegerPower(b.re, b.im, e);
  }
  if (p instanceof Ratnum && isExactRational(b) && !isNegativeExact(b)) {
    const root = p.den === 2n ? exactSqrt(b) : exactRoot(b, p.den);
    if (root !== undefined) return expt(root, normalizeBigint(p.num));
  }
  if (!(b instanceof Compnum) && !(p instanceof Compnum)) {
    const x = realToDouble(b);
    const y = realToDouble(p);
    if (x >= 0 || Number.isInteger(y) || Number.isNaN(x) || Number.isNaN(y)) return new Flonum(Math.pow(x, y));
  }
  const [br, bi] = parts(b);
  const [pr, pi] = parts(p);
  return complexPow(br, bi, pr, pi);
}
