// Exact rational arithmetic in doubles while numerators and denominators stay safe integers.
//
// A Ratnum keeps bigint parts (values.ts), and bigint arithmetic is slow: a notebook's `(/ col n)` per pixel
// spent more time in gcds of bigints than in the pixel's own floating-point loop. A double holds every integer
// up to 2^53 exactly, so when both operands' parts are that small, and every product and sum stays so, the
// exact result can be computed in doubles; anything larger falls back to the bigint code, giving the same value.

import { Ratnum, type ExactInteger, type Value } from "../values.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// The operands' parts, loaded by `loadPair` (module scratch, so no call allocates).
let an = 0, ad = 1, bn = 0, bd = 1;

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/** The canonical exact number n/d, for safe integers n and d ≠ 0. */
export function rationalOfSafe(n: number, d: number): ExactInteger | Ratnum {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  if (g !== 1) {
    n /= g;
    d /= g;
  }
  return d === 1 ? n + 0 : new Ratnum(BigInt(n), BigInt(d)); // + 0: an exact zero is never -0
}

function loadPair(a: Value, b: Value): boolean {
  if (typeof a === "number") {
    an = a;
    ad = 1;
  } else if (a instanceof Ratnum && a.num >= -MAX_SAFE && a.num <= MAX_SAFE && a.den <= MAX_SAFE) {
    an = Number(a.num);
    ad = Number(a.den);
  } else return false;
  if (typeof b === "number") {
    bn = b;
    bd = 1;
  } else if (b instanceof Ratnum && b.num >= -MAX_SAFE && b.num <= MAX_SAFE && b.den <= MAX_SAFE) {
    bn = Number(b.num);
    bd = Number(b.den);
  } else return false;
  return true;
}

/** n/d when both are safe integers (a product beyond 2^53 comes out unsafe, never wrapped round). */
function result(n: number, d: number): ExactInteger | Ratnum | undefined {
  return Number.isSafeInteger(n) && Number.isSafeInteger(d) ? rationalOfSafe(n, d) : undefined;
}

/** a + b or a - b for exact a, b with small parts; undefined when they are not such (then use bigints). */
export function smallAddOrSub(a: Value, b: Value, sign: 1 | -1): ExactInteger | Ratnum | undefined {
  if (!loadPair(a, b)) return undefined;
  const x = an * bd;
  const y = bn * ad;
  // Each product must be exact too: two rounded ones could cancel into a safe but wrong sum.
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) return undefined;
  return result(sign === 1 ? x + y : x - y, ad * bd);
}

export function smallMul(a: Value, b: Value): ExactInteger | Ratnum | undefined {
  return loadPair(a, b) ? result(an * bn, ad * bd) : undefined;
}

/** a / b; undefined also for b = 0, whose error the caller raises. */
export function smallDiv(a: Value, b: Value): ExactInteger | Ratnum | undefined {
  return loadPair(a, b) && bn !== 0 ? result(an * bd, ad * bn) : undefined;
}
