// Fixnum fast paths for the arithmetic the compiler inlines. Each is small enough for V8 to inline at the call
// site; anything but two fixnums (or an overflow) falls through to the numeric tower.

import { add, sub, mul, numEq, lt, gt, le, ge } from "../numbers/index.js";
import type { Value } from "../values.js";

const MAX = Number.MAX_SAFE_INTEGER;

export function add2(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (r <= MAX && r >= -MAX) return r;
  }
  return add(a, b);
}

export function sub2(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (r <= MAX && r >= -MAX) return r;
  }
  return sub(a, b);
}

export function mul2(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    // `+ 0` turns -0 (from (* 0 -5)) into the exact 0.
    if (r <= MAX && r >= -MAX) return r + 0;
  }
  return mul(a, b);
}

export function numEq2(a: Value, b: Value): boolean {
  return typeof a === "number" && typeof b === "number" ? a === b : numEq(a, b);
}
export function lt2(a: Value, b: Value): boolean {
  return typeof a === "number" && typeof b === "number" ? a < b : lt(a, b);
}
export function gt2(a: Value, b: Value): boolean {
  return typeof a === "number" && typeof b === "number" ? a > b : gt(a, b);
}
export function le2(a: Value, b: Value): boolean {
  return typeof a === "number" && typeof b === "number" ? a <= b : le(a, b);
}
export function ge2(a: Value, b: Value): boolean {
  return typeof a === "number" && typeof b === "number" ? a >= b : ge(a, b);
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
