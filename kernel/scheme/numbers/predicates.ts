// What kind of number a value is. The tower's levels are ordered so that the result of mixing two numbers is
// at the higher of their levels (exactness contagion): exact integer < ratnum < flonum < compnum.

import { wrongType } from "../errors.js";
import { Compnum, Flonum, Ratnum, type ExactInteger, type SchemeNumber, type Value } from "../values.js";

export const FIXNUM = 0;
export const BIGNUM = 1;
export const RATNUM = 2;
export const FLONUM = 3;
export const COMPNUM = 4;
export const NOT_A_NUMBER = -1;
export type Level = typeof FIXNUM | typeof BIGNUM | typeof RATNUM | typeof FLONUM | typeof COMPNUM;

export type RealNumber = Exclude<SchemeNumber, Compnum>;
export type ExactNumber = ExactInteger | Ratnum;

export function levelOf(v: Value): Level | typeof NOT_A_NUMBER {
  if (typeof v === "number") return FIXNUM;
  if (v instanceof Flonum) return FLONUM;
  if (typeof v === "bigint") return BIGNUM;
  if (v instanceof Ratnum) return RATNUM;
  if (v instanceof Compnum) return COMPNUM;
  return NOT_A_NUMBER;
}

export function isNumber(v: Value): v is SchemeNumber {
  return levelOf(v) !== NOT_A_NUMBER;
}

export function isExact(n: SchemeNumber): n is ExactNumber {
  return typeof n === "number" || typeof n === "bigint" || n instanceof Ratnum;
}

export function isExactInteger(v: Value): v is ExactInteger {
  return typeof v === "number" || typeof v === "bigint";
}

export function isExactRational(v: Value): v is ExactNumber {
  return typeof v === "number" || typeof v === "bigint" || v instanceof Ratnum;
}

/** Integers, exact or not (2.0 is an integer). A Compnum is never real, so never an integer (R7RS 6.2.6). */
export function isInteger(v: Value): boolean {
  return typeof v === "number" || typeof v === "bigint" || (v instanceof Flonum && Number.isInteger(v.value));
}

/** Exact numbers and finite flonums. */
export function isRational(v: Value): boolean {
  return isExactRational(v) || (v instanceof Flonum && Number.isFinite(v.value));
}

/** Every number but a Compnum: its imaginary part is inexact, so `(real? 1.0+0.0i)` is #f as in R7RS. */
export function isReal(v: Value): v is RealNumber {
  const level = levelOf(v);
  return level !== NOT_A_NUMBER && level !== COMPNUM;
}

/** The number `v`, or a WrongType error naming `who` (and the argument's position when known). */
export function checkNumber(who: string, v: Value, argIndex?: number): SchemeNumber {
  if (!isNumber(v)) wrongType(who, "a number", v, argIndex);
  return v;
}

export function checkReal(who: string, v: Value, argIndex?: number): RealNumber {
  if (!isReal(v)) wrongType(who, "a real number", v, argIndex);
  return v;
}

export function checkInteger(who: string, v: Value, argIndex?: number): ExactInteger | Flonum {
  if (!isInteger(v)) wrongType(who, "an integer", v, argIndex);
  return v as ExactInteger | Flonum;
}

export function checkExactInteger(who: string, v: Value, argIndex?: number): ExactInteger {
  if (!isExactInteger(v)) wrongType(who, "an exact integer", v, argIndex);
  return v;
}
