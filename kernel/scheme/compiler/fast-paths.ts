// Fast paths for the arithmetic the compiler inlines. Each is small enough for V8 to inline at the call site,
// so a loop over fixnums, flonums or complex numbers runs without a call per operation (and V8 may then
// remove the boxes of intermediate results). The cases mirror the numeric tower's own first cases exactly;
// anything else (mixed types, overflow, errors) falls through to the tower.

import { abs, add, sub, mul, numEq, lt, gt, le, ge } from "../numbers/index.js";
import { magnitudeOf } from "../numbers/complex.js";
import { Compnum, Flonum, type Value } from "../values.js";

const MAX = Number.MAX_SAFE_INTEGER;

export function add2(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (r <= MAX && r >= -MAX) return r;
  } else if (a instanceof Flonum && b instanceof Flonum) return new Flonum(a.value + b.value);
  else if (a instanceof Compnum && b instanceof Compnum) return new Compnum(a.re + b.re, a.im + b.im);
  return add(a, b);
}

export function sub2(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (r <= MAX && r >= -MAX) return r;
  } else if (a instanceof Flonum && b instanceof Flonum) return new Flonum(a.value - b.value);
  else if (a instanceof Compnum && b instanceof Compnum) return new Compnum(a.re - b.re, a.im - b.im);
  return sub(a, b);
}

export function mul2(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    // `+ 0` turns -0 (from (* 0 -5)) into the exact 0.
    if (r <= MAX && r >= -MAX) return r + 0;
  } else if (a instanceof Flonum && b instanceof Flonum) return new Flonum(a.value * b.value);
  else if (a instanceof Compnum && b instanceof Compnum) return new Compnum(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
  return mul(a, b);
}

export function numEq2(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return numEq(a, b);
}
export function lt2(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value < b.value;
  return lt(a, b);
}
export function gt2(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a > b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value > b.value;
  return gt(a, b);
}
export function le2(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value <= b.value;
  return le(a, b);
}
export function ge2(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return a >= b;
  if (a instanceof Flonum && b instanceof Flonum) return a.value >= b.value;
  return ge(a, b);
}

export function abs1(a: Value): Value {
  if (a instanceof Compnum) {
    // magnitudeOf's own first case, inline; tiny and huge parts take its careful path.
    const quick = Math.sqrt(a.re * a.re + a.im * a.im);
    if (quick !== Infinity && quick >= 1e-150) return new Flonum(quick);
    return new Flonum(magnitudeOf(a.re, a.im));
  }
  return abs(a);
}

/** Binary fast paths by primitive name; variadic calls with more arguments chain them (left to right). */
export const BINARY_FAST_PATHS: ReadonlyMap<string, { fn: (a: Value, b: Value) => Value; chains: boolean }> = new Map([
  ["+", { fn: add2, chains: true }],
  ["-", { fn: sub2, chains: true }],
  ["*", { fn: mul2, chains: true }],
  ["=", { fn: numEq2, chains: false }],
  ["<", { fn: lt2, chains: false }],
  [">", { fn: gt2, chains: false }],
  ["<=", { fn: le2, chains: false }],
  [">=", { fn: ge2, chains: false }],
]);

export const UNARY_FAST_PATHS: ReadonlyMap<string, (a: Value) => Value> = new Map([["abs", abs1]]);
