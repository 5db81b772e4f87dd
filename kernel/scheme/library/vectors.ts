// Vectors (JS arrays): R7RS (scheme base), plus MIT's subvector and vector-grow.

import { wrongType } from "../errors.js";
import { NIL, Pair, VOID, type Value } from "../values.js";
import { MAX_ELEMENTS, checkLength, checkNatural, checkSpan, checkVector } from "./checks.js";
import { defineIndexedAccess } from "./indexed.js";
import { pollEvery } from "../runtime/interrupt.js";
import { definePrimitive } from "../runtime/registry.js";
import { listToArray } from "../spine.js";


/** Calysto Scheme fills new vectors with 0, and notebooks written for it print them: keep that. */
const DEFAULT_FILL = 0;

/** The longest `new Array(n)` V8 makes as a plain array; a longer one is a dictionary, filled 20 times slower. */
const LONGEST_PREALLOCATED = 32 * 1024 * 1024;

/** A new vector of `n` elements, each `fill`. */
function filledVector(n: number, fill: Value): Value[] {
  if (n <= LONGEST_PREALLOCATED) return new Array<Value>(n).fill(fill);
  // Grown by push it stays a plain array: 10^8 elements in a few seconds (dictionary-filled: a minute), interruptibly.
  const items: Value[] = [];
  for (let i = 0; i < n; i++) {
    pollEvery(i);
    items.push(fill);
  }
  return items;
}

/** Elements [start, end) of a vector argument whose optional bounds are arguments startArgIndex, +1. */
function span(proc: string, v: Value, start: Value | undefined, end: Value | undefined, startArgIndex: number): Value[] {
  const items = checkVector(proc, v, 1);
  const [from, to] = checkSpan(proc, v, items.length, start, end, startArgIndex);
  return items.slice(from, to);
}

definePrimitive("vector?", 1, 1, (v: Value) => Array.isArray(v));
definePrimitive("make-vector", 1, 2, (k: Value, fill: Value = DEFAULT_FILL) =>
  filledVector(checkLength("make-vector", k, MAX_ELEMENTS, 1), fill),
);
definePrimitive("vector", 0, Infinity, (...items: Value[]) => items);
definePrimitive("vector-length", 1, 1, (v: Value) => checkVector("vector-length", v, 1).length);
defineIndexedAccess("vector-ref", "vector-set!", checkVector, (_proc, v) => v);

definePrimitive("vector->list", 1, 3, (v: Value, start?: Value, end?: Value) => {
  const items = span("vector->list", v, start, end, 2);
  let result: Value = NIL;
  for (let i = items.length - 1; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
});
definePrimitive("list->vector", 1, 1, (list: Value) => listToArray("list->vector", list, 1));

definePrimitive("vector-fill!", 2, 4, (v: Value, fill: Value, start?: Value, end?: Value) => {
  const items = checkVector("vector-fill!", v, 1);
  const [from, to] = checkSpan("vector-fill!", v, items.length, start, end, 3);
  items.fill(fill, from, to);
  return VOID;
});

definePrimitive("vector-copy", 1, 3, (v: Value, start?: Value, end?: Value) => span("vector-copy", v, start, end, 2));
definePrimitive("subvector", 3, 3, (v: Value, start: Value, end: Value) => span("subvector", v, start, end, 2));

definePrimitive("vector-copy!", 3, 5, (to: Value, at: Value, from: Value, start?: Value, end?: Value) => {
  const target = checkVector("vector-copy!", to, 1);
  const source = checkVector("vector-copy!", from, 3);
  const [s, e] = checkSpan("vector-copy!", from, source.length, start, end, 4);
  const [offset] = checkSpan("vector-copy!", to, target.length, at, undefined, 2);
  if (offset + (e - s) > target.length) {
    wrongType("vector-copy!", `an index at most ${target.length - (e - s)} (${e - s} elements must fit)`, at, 2);
  }
  if (target === source) target.copyWithin(offset, s, e); // overlapping ranges copy as if through a temporary
  else for (let i = s; i < e; i++) target[offset + i - s] = source[i]!;
  return VOID;
});

definePrimitive("vector-append", 0, Infinity, (...vectors: Value[]) => {
  const result: Value[] = [];
  vectors.forEach((v, i) => {
    for (const item of checkVector("vector-append", v, i + 1)) result.push(item);
  });
  return result;
});

/** MIT (vector-grow v k): a new vector of length k >= (vector-length v) that starts with v's elements. */
definePrimitive("vector-grow", 2, 2, (v: Value, k: Value) => {
  const items = checkVector("vector-grow", v, 1);
  const n = checkNatural("vector-grow", k, 2);
  if (n < items.length || n > MAX_ELEMENTS) {
    wrongType("vector-grow", `a length between ${items.length} and ${MAX_ELEMENTS}`, k, 2);
  }
  const grown = filledVector(n, DEFAULT_FILL);
  for (let i = 0; i < items.length; i++) grown[i] = items[i]!;
  return grown;
});
