// Constructors that keep exact numbers in their one canonical form.
//
// values.ts fixes the representation: an exact integer is a JS number while it is a safe integer and a bigint
// only beyond that; a Ratnum always has den > 1 and is in lowest terms. Every exact result in the tower goes
// through these two functions, so `typeof x === "number"` keeps meaning "fixnum" and `===`-free equality of
// exact numbers reduces to comparing canonical forms.

import { SchemeError, signal } from "../errors.js";
import { Ratnum, type ExactInteger } from "../values.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** A bigint as an exact integer: a fixnum whenever it fits. */
export function normalizeBigint(b: bigint): ExactInteger {
  return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

/** Any exact integer as a bigint (for arithmetic that may leave the fixnum range). */
export function toBigint(n: ExactInteger): bigint {
  return typeof n === "number" ? BigInt(n) : n;
}

export function bigAbs(b: bigint): bigint {
  return b < 0n ? -b : b;
}

export function bigGcd(a: bigint, b: bigint): bigint {
  a = bigAbs(a);
  b = bigAbs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** num/den in lowest terms: an exact integer when den divides num, else a Ratnum with a positive denominator. */
export function makeRational(num: bigint, den: bigint): ExactInteger | Ratnum {
  if (den === 0n) signal(new SchemeError("DivisionByZero", "division by zero", [], "/"));
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = bigGcd(num, den);
  if (g !== 1n) {
    num /= g;
    den /= g;
  }
  return den === 1n ? normalizeBigint(num) : new Ratnum(num, den);
}
