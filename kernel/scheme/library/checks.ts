// Argument checks shared by the library's primitives.
//
// Each check either returns the argument narrowed to the type the primitive needs or throws the SchemeError a user
// sees ("vector-ref: expected an exact non-negative integer as argument 2, got -1"), so a primitive's body reads as
// its happy path. Argument indexes count from 1, as the messages show them.

import { indexOutOfRange, wrongType } from "../errors.js";
import { Char, MString, Pair, Sym, type Procedure, type Value } from "../values.js";

export function checkPair(proc: string, v: Value, argIndex?: number): Pair {
  if (v instanceof Pair) return v;
  return wrongType(proc, "a pair", v, argIndex);
}

export function checkString(proc: string, v: Value, argIndex?: number): MString {
  if (v instanceof MString) return v;
  return wrongType(proc, "a string", v, argIndex);
}

export function checkChar(proc: string, v: Value, argIndex?: number): Char {
  if (v instanceof Char) return v;
  return wrongType(proc, "a character", v, argIndex);
}

export function checkSymbol(proc: string, v: Value, argIndex?: number): Sym {
  if (v instanceof Sym) return v;
  return wrongType(proc, "a symbol", v, argIndex);
}

export function checkVector(proc: string, v: Value, argIndex?: number): Value[] {
  if (Array.isArray(v)) return v;
  return wrongType(proc, "a vector", v, argIndex);
}

export function checkBytevector(proc: string, v: Value, argIndex?: number): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return wrongType(proc, "a bytevector", v, argIndex);
}

export function checkProcedure(proc: string, v: Value, argIndex?: number): Procedure {
  if (typeof v === "function") return v as Procedure;
  return wrongType(proc, "a procedure", v, argIndex);
}

/** An exact integer that fits a JS number: counts, lengths, indexes. Bignums are far beyond any index. */
export function checkFixnum(proc: string, v: Value, argIndex?: number): number {
  if (typeof v === "number") return v;
  return wrongType(proc, "an exact integer", v, argIndex);
}

/** A count or an index: an exact integer >= 0. */
export function checkNatural(proc: string, v: Value, argIndex?: number): number {
  if (typeof v === "number" && v >= 0) return v;
  if (typeof v === "bigint" && v > 0n) return Number.MAX_SAFE_INTEGER; // any real bound check then fails cleanly
  return wrongType(proc, "an exact non-negative integer", v, argIndex);
}

/**
 * The most elements a new vector or list may have: V8's largest fast array (FixedArray::kMaxLength, about 2^27).
 * A bigger request would otherwise turn into a sparse array filled element by element, or exhaust the heap and
 * end the kernel, instead of failing with an error that says why.
 */
export const MAX_ELEMENTS = 134_217_725;

/** The size of a new string, vector, list or bytevector: an exact integer from 0 to `max`. */
export function checkLength(proc: string, v: Value, max: number, argIndex: number): number {
  const n = checkNatural(proc, v, argIndex);
  if (n > max) wrongType(proc, `a length of at most ${max}`, v, argIndex);
  return n;
}

function validRange(length: number): string {
  return length === 0 ? "none, it is empty" : `0 to ${length - 1}`;
}

/** An index of an element of `object`, which has `length` elements. */
export function checkIndex(proc: string, v: Value, object: Value, length: number, argIndex?: number): number {
  const index = checkNatural(proc, v, argIndex);
  if (index >= length) return indexOutOfRange(proc, v, object, validRange(length));
  return index;
}

/**
 * The optional [start, end) arguments of the R7RS sequence procedures (string-copy, vector-fill!…): defaults are
 * 0 and `length`; 0 <= start <= end <= length or an IndexOutOfRange error naming the offending bound.
 */
export function checkSpan(
  proc: string,
  object: Value,
  length: number,
  start: Value | undefined,
  end: Value | undefined,
  startArgIndex: number,
): [number, number] {
  const s = start === undefined ? 0 : checkNatural(proc, start, startArgIndex);
  if (s > length) indexOutOfRange(proc, start!, object, `0 to ${length}`);
  const e = end === undefined ? length : checkNatural(proc, end, startArgIndex + 1);
  if (e > length || e < s) indexOutOfRange(proc, end!, object, `${s} to ${length}`);
  return [s, e];
}
