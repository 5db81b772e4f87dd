// Integer division in its two R7RS flavours: truncate (quotient, remainder) rounds the quotient toward zero, floor
// (modulo, floor/) toward negative infinity, so the remainder takes the divisor's sign. Arguments may be exact
// or inexact integers; the result is inexact when either is.

import { SchemeError, signal } from "../errors.js";
import { Flonum, type ExactInteger, type Value } from "../values.js";
import { normalizeBigint, toBigint } from "./exact.js";
import { checkInteger } from "./predicates.js";

export type Rounding = "truncate" | "floor";
type IntegerResult = ExactInteger | Flonum;

function checkOperands(who: string, a: Value, b: Value): [ExactInteger | Flonum, ExactInteger | Flonum] {
  const n = checkInteger(who, a, 1);
  const d = checkInteger(who, b, 2);
  if (d === 0 || (d instanceof Flonum && d.value === 0)) {
    signal(new SchemeError("DivisionByZero", "division by zero:", [a], who));
  }
  return [n, d];
}

/** The quotient and remainder of a/b, both rounded the given way. */
export function divideIntegers(who: string, rounding: Rounding, a: Value, b: Value): [IntegerResult, IntegerResult] {
  const [n, d] = checkOperands(who, a, b);
  if (n instanceof Flonum || d instanceof Flonum) {
    const x = n instanceof Flonum ? n.value : Number(n);
    const y = d instanceof Flonum ? d.value : Number(d);
    let r = x % y;
    if (rounding === "floor" && r !== 0 && r < 0 !== y < 0) r += y;
    return [new Flonum(Math.round((x - r) / y)), new Flonum(r)];
  }
  if (typeof n === "number" && typeof d === "number") {
    let r = n % d;
    // Exact: |n - r| <= |n| for the truncating remainder, and n - r is a multiple of d.
    let q = (n - r) / d;
    if (rounding === "floor" && r !== 0 && r < 0 !== d < 0) {
      r += d;
      q -= 1; // |d| >= 2 here, so |q| <= 2^52 and this stays exact
    }
    return [q === 0 ? 0 : q, r === 0 ? 0 : r]; // -4 % 2 is -0 in JS
  }
  const x = toBigint(n);
  const y = toBigint(d);
  let q = x / y;
  let r = x % y;
  if (rounding === "floor" && r !== 0n && r < 0n !== y < 0n) {
    q -= 1n;
    r += y;
  }
  return [normalizeBigint(q), normalizeBigint(r)];
}

export function quotient(a: Value, b: Value, who = "quotient"): IntegerResult {
  if (typeof a === "number" && typeof b === "number" && b !== 0) {
    const r = a % b;
    const q = (a - r) / b;
    return q === 0 ? 0 : q;
  }
  return divideIntegers(who, "truncate", a, b)[0];
}

export function remainder(a: Value, b: Value, who = "remainder"): IntegerResult {
  if (typeof a === "number" && typeof b === "number" && b !== 0) {
    const r = a % b;
    return r === 0 ? 0 : r;
  }
  return divideIntegers(who, "truncate", a, b)[1];
}

export function modulo(a: Value, b: Value, who = "modulo"): IntegerResult {
  if (typeof a === "number" && typeof b === "number" && b !== 0) {
    const r = a % b;
    return r === 0 ? 0 : r < 0 !== b < 0 ? r + b : r;
  }
  return divideIntegers(who, "floor", a, b)[1];
}

export function floorQuotient(a: Value, b: Value, who = "floor-quotient"): IntegerResult {
  return divideIntegers(who, "floor", a, b)[0];
}
