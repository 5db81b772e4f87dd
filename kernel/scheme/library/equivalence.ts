// eq?, eqv?, equal? — and isEqv/isEqual, which `case` (memberEqv), member/assoc and the codec use directly.

import { Char, Compnum, Flonum, MString, Pair, Ratnum, type Value } from "../values.js";
import { IdentityMap } from "../cycles.js";
import { tick } from "../runtime/interrupt.js";
import { definePrimitive } from "../runtime/registry.js";

/** eq?: identity. Fixnums, bignums (JS bigints), booleans and interned symbols are identical when equal. */
export function isEq(a: Value, b: Value): boolean {
  return a === b;
}

/** eqv?: identity, except that numbers compare by exactness and value and characters by code point. */
export function isEqv(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof Flonum) return b instanceof Flonum && Object.is(a.value, b.value); // 0.0 vs -0.0 differ; NaN = NaN
  if (a instanceof Char) return b instanceof Char && a.code === b.code;
  if (a instanceof Ratnum) return b instanceof Ratnum && a.num === b.num && a.den === b.den;
  if (a instanceof Compnum) return b instanceof Compnum && Object.is(a.re, b.re) && Object.is(a.im, b.im);
  return false;
}

/** `case`: is the key eqv? to one of a clause's data? */
export function memberEqv(key: Value, data: readonly Value[]): boolean {
  for (const d of data) if (isEqv(key, d)) return true;
  return false;
}

/**
 * How many node comparisons equal? makes before it starts remembering which pairs it has already assumed equal.
 * Below it, comparing trees (the common case, including a 10^6-element list) costs no bookkeeping at all; past it,
 * a union-find over the compared nodes guarantees termination on cyclic structure.
 */
const UNTRACKED_STEPS = 1 << 20;

/**
 * equal?: structural equality of pairs, vectors, strings and bytevectors, eqv? elsewhere. Iterative, cycle-safe, and
 * it answers the interrupt (two lists of 20 million elements take seconds).
 */
export function isEqual(a: Value, b: Value): boolean {
  const pending: Value[] = [a, b];
  const visits = new VisitTracker();
  while (pending.length > 0) {
    let z = pending.pop()!;
    let x = pending.pop()!;
    // Walk along cdr chains in place, pushing only the cars, so a long list needs no stack at all.
    for (;;) {
      tick();
      if (isEqv(x, z)) break;
      if (x instanceof Pair) {
        if (!(z instanceof Pair)) return false;
        if (!visits.firstVisit(x, z)) break;
        // Identical cars (fixnums, symbols, shared structure) need no comparison: skip the push and pop.
        if (x.car !== z.car) pending.push(x.car, z.car);
        x = x.cdr;
        z = z.cdr;
        continue;
      }
      if (Array.isArray(x)) {
        if (!Array.isArray(z) || x.length !== z.length) return false;
        if (!visits.firstVisit(x, z)) break;
        for (let i = x.length - 1; i >= 0; i--) pending.push(x[i]!, z[i]!);
        break;
      }
      if (x instanceof MString) {
        if (!(z instanceof MString) || x.value !== z.value) return false;
        break;
      }
      if (x instanceof Uint8Array) {
        if (!(z instanceof Uint8Array) || x.length !== z.length) return false;
        for (let i = 0; i < x.length; i++) if (x[i] !== z[i]) return false;
        break;
      }
      return false;
    }
  }
  return true;
}

/**
 * Remembers which pairs of compound nodes equal? has started comparing, once it has compared so many that the data
 * may be cyclic. A pair met again is assumed equal: on a cycle that is consistent with every other comparison.
 */
class VisitTracker {
  private steps = 0;
  private assumed: UnionFind | undefined;

  firstVisit(a: object, b: object): boolean {
    if (this.assumed === undefined) {
      if (++this.steps <= UNTRACKED_STEPS) return true;
      this.assumed = new UnionFind();
    }
    return this.assumed.unionIfDistinct(a, b);
  }
}

/**
 * Disjoint sets of compound values that equal? has assumed equal (Adams & Dybvig's union-find equal?). An
 * IdentityMap: comparing two 18-million-element lists passes the 2^24 entries one Map may hold.
 */
class UnionFind {
  private readonly parent = new IdentityMap<object, object>();

  private find(node: object): object {
    let root = node;
    for (let next = this.parent.get(root); next !== undefined; next = this.parent.get(root)) root = next;
    // Path compression keeps later finds short.
    for (let n = node; n !== root; ) {
      const next = this.parent.get(n)!;
      this.parent.set(n, root);
      n = next;
    }
    return root;
  }

  /** Merge the sets of a and b; false when they were already one set (so their comparison is already underway). */
  unionIfDistinct(a: object, b: object): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.parent.set(ra, rb);
    return true;
  }
}

definePrimitive("eq?", 2, 2, isEq);
definePrimitive("eqv?", 2, 2, isEqv);
definePrimitive("equal?", 2, 2, isEqual);
