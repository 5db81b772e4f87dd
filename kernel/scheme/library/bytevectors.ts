// Bytevectors (Uint8Array): R7RS (scheme base), including the UTF-8 conversions.

import { SchemeError, signal, wrongType } from "../errors.js";
import { MString, VOID, type Value } from "../values.js";
import { checkBytevector, checkLength, checkSpan, checkString } from "./checks.js";
import { defineIndexedAccess } from "./indexed.js";
import { definePrimitive } from "../runtime/registry.js";
import { codePointLength, sliceCodePoints } from "./text.js";

/** A gigabyte: more than any notebook needs, and little enough that asking for it cannot end the kernel. */
const MAX_BYTEVECTOR_LENGTH = 2 ** 30;

function checkByte(proc: string, v: Value, argIndex: number): number {
  if (typeof v === "number" && v >= 0 && v <= 255) return v;
  return wrongType(proc, "a byte (an exact integer from 0 to 255)", v, argIndex);
}

/** Bytes [start, end) of a bytevector argument whose optional bounds are arguments startArgIndex, +1. */
function span(proc: string, bv: Value, start: Value | undefined, end: Value | undefined, startArgIndex: number): Uint8Array {
  const bytes = checkBytevector(proc, bv, 1);
  const [from, to] = checkSpan(proc, bv, bytes.length, start, end, startArgIndex);
  return bytes.subarray(from, to);
}

definePrimitive("bytevector?", 1, 1, (v: Value) => v instanceof Uint8Array);
definePrimitive("make-bytevector", 1, 2, (k: Value, fill?: Value) => {
  return new Uint8Array(checkLength("make-bytevector", k, MAX_BYTEVECTOR_LENGTH, 1)).fill(fill === undefined ? 0 : checkByte("make-bytevector", fill, 2));
});
definePrimitive("bytevector", 0, Infinity, (...bytes: Value[]) =>
  Uint8Array.from(bytes, (b, i) => checkByte("bytevector", b, i + 1)),
);
definePrimitive("bytevector-length", 1, 1, (bv: Value) => checkBytevector("bytevector-length", bv, 1).length);
defineIndexedAccess("bytevector-u8-ref", "bytevector-u8-set!", checkBytevector, checkByte);

definePrimitive("bytevector-copy", 1, 3, (bv: Value, start?: Value, end?: Value) =>
  span("bytevector-copy", bv, start, end, 2).slice(),
);

definePrimitive("bytevector-copy!", 3, 5, (to: Value, at: Value, from: Value, start?: Value, end?: Value) => {
  const target = checkBytevector("bytevector-copy!", to, 1);
  checkBytevector("bytevector-copy!", from, 3);
  const piece = span("bytevector-copy!", from, start, end, 4);
  const [offset] = checkSpan("bytevector-copy!", to, target.length, at, undefined, 2);
  if (offset + piece.length > target.length) {
    wrongType("bytevector-copy!", `an index at most ${target.length - piece.length} (${piece.length} bytes must fit)`, at, 2);
  }
  target.set(piece, offset); // TypedArray.set copies overlapping ranges correctly
  return VOID;
});

definePrimitive("bytevector-append", 0, Infinity, (...bvs: Value[]) => {
  const parts = bvs.map((bv, i) => checkBytevector("bytevector-append", bv, i + 1));
  const result = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    result.set(p, offset);
    offset += p.length;
  }
  return result;
});

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
definePrimitive("utf8->string", 1, 3, (bv: Value, start?: Value, end?: Value) => {
  const bytes = span("utf8->string", bv, start, end, 2);
  try {
    return new MString(strictUtf8.decode(bytes));
  } catch {
    signal(new SchemeError("WrongType", "utf8->string: the bytes are not valid UTF-8:", [bv], "utf8->string"));
  }
});

const utf8 = new TextEncoder();
definePrimitive("string->utf8", 1, 3, (s: Value, start?: Value, end?: Value) => {
  const str = checkString("string->utf8", s, 1).value;
  const [from, to] = checkSpan("string->utf8", s, codePointLength(str), start, end, 2);
  return utf8.encode(sliceCodePoints(str, from, to));
});
