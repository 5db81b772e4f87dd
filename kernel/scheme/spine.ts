// Walking the spine of a list (the chain of cdrs) safely: every list procedure goes through here, so each one
// iterates (no JS stack growth on 10^6 elements) and none of them loops forever on a circular list.

import { wrongType } from "./errors.js";
import { NIL, Pair, type Value } from "./values.js";

/** How a spine that visits nothing but pairs ends when it never returns to () — it loops back on itself. */
export const CIRCULAR: unique symbol = Symbol("circular");
export type SpineEnd = Value | typeof CIRCULAR;

/**
 * Visits the pairs of `list`'s spine in order and stops at the first one for which `visit` returns true, returning
 * that pair. When none is chosen it returns how the spine ended: NIL for a proper list, the final non-pair cdr for
 * an improper one, CIRCULAR for a cycle (Brent's algorithm: one comparison per step, no allocation).
 */
export function walkSpine(list: Value, visit: (pair: Pair) => boolean): SpineEnd {
  let v = list;
  let mark: Value = list;
  let stepsSinceMark = 0;
  let power = 1;
  while (v instanceof Pair) {
    if (visit(v)) return v;
    v = v.cdr;
    if (v === mark) return CIRCULAR;
    if (++stepsSinceMark === power) {
      mark = v;
      power *= 2;
      stepsSinceMark = 0;
    }
  }
  return v;
}

const visitAll = (): boolean => false;

/** Throws the error that says why `list` is not a proper list, or returns when it is one. */
export function requireProperEnd(proc: string, end: SpineEnd, list: Value, argIndex?: number): void {
  if (end === NIL) return;
  wrongType(proc, end === CIRCULAR ? "a proper list (this one is circular)" : "a proper list", list, argIndex);
}

/** A proper list: finite and ending in (). */
export function isList(v: Value): boolean {
  return walkSpine(v, visitAll) === NIL;
}

/** The elements of a proper list, in order; improper and circular lists are errors naming `proc`. */
export function listToArray(proc: string, list: Value, argIndex?: number): Value[] {
  const items: Value[] = [];
  const end = walkSpine(list, (p) => {
    items.push(p.car);
    return false;
  });
  requireProperEnd(proc, end, list, argIndex);
  return items;
}

/** The length of a proper list; improper and circular lists are errors naming `proc`. */
export function listLength(proc: string, list: Value, argIndex?: number): number {
  let n = 0;
  const end = walkSpine(list, () => {
    n++;
    return false;
  });
  requireProperEnd(proc, end, list, argIndex);
  return n;
}
