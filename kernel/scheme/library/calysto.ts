// The Calysto Scheme extras that notebooks written for Calysto use, with Calysto's semantics (checked against its
// source, Calysto/calysto_scheme: scheme.py and src/interpreter-cps.ss). Calysto implements several of them with
// Python itself — range is Python's range, get-item is Python's indexing — so Python's rules apply: negative
// indexes count from the end of strings and vectors, and a string's item is a one-character string.

import { indexOutOfRange, SchemeError, signal, wrongType } from "../errors.js";
import { add, isNumber, normalizeBigint } from "../numbers/index.js";
import { displayString, writeString } from "../printer.js";
import { Char, Flonum, MString, NIL, Pair, Sym, VOID, type ExactInteger, type Value } from "../values.js";
import { MAX_ELEMENTS, checkChar, checkPair, checkString } from "./checks.js";
import { isEqual } from "./equivalence.js";
import { pollEvery } from "../runtime/interrupt.js";
import { definePrimitive } from "../runtime/registry.js";
import { getCurrentOutputPort } from "./ports.js";
import { isList, listLength, listToArray, walkSpine } from "../spine.js";
import { codePointAt, codePointLength, replaceCodePoint, sliceCodePoints } from "./text.js";

function checkExactInteger(proc: string, v: Value, argIndex: number): ExactInteger {
  if (typeof v === "number" || typeof v === "bigint") return v;
  return wrongType(proc, "an exact integer", v, argIndex);
}

/** (range end), (range start end), (range start end step): Python's range, as a list. */
definePrimitive("range", 1, 3, (a: Value, b?: Value, c?: Value) => {
  const bounds = [a, b, c].filter((v): v is Value => v !== undefined).map((v, i) => checkExactInteger("range", v, i + 1));
  const [start, end, step] = bounds.length === 1 ? [0, bounds[0]!, 1] : [bounds[0]!, bounds[1]!, bounds[2] ?? 1];
  if (step === 0 || step === 0n) signal(new SchemeError("WrongType", "range: the step must not be zero, got", [c!], "range"));
  const count = rangeLength(BigInt(start), BigInt(end), BigInt(step));
  if (count > MAX_ELEMENTS) {
    signal(new SchemeError("WrongType", `range: ${count} elements are more than a list may have (${MAX_ELEMENTS}); bounds`, bounds, "range"));
  }
  // Built front to back (fresh pairs, so mutating them is safe) by repeated addition: every partial value lies
  // between start and end, so when those are fixnums plain JS arithmetic stays exact.
  const head = new Pair(NIL, NIL);
  let tail = head;
  if (typeof start === "number" && typeof end === "number" && typeof step === "number") {
    for (let i = 0, v = start; i < count; i++, v += step) {
      pollEvery(i);
      tail = tail.cdr = new Pair(v, NIL);
    }
  } else {
    for (let i = 0, v = BigInt(start); i < count; i++, v += BigInt(step)) {
      pollEvery(i);
      tail = tail.cdr = new Pair(normalizeBigint(v), NIL);
    }
  }
  return head.cdr;
});

function rangeLength(start: bigint, end: bigint, step: bigint): number {
  const span = step > 0n ? end - start : start - end;
  const stride = step > 0n ? step : -step;
  return span <= 0n ? 0 : Number((span + stride - 1n) / stride);
}

/** Strings and vectors take Python's negative indexes; lists do not (Calysto refuses them too). */
function pythonIndex(proc: string, k: Value, object: Value, length: number, allowNegative: boolean): number {
  const index = checkExactInteger(proc, k, 2);
  const i = typeof index === "bigint" ? Infinity : index < 0 && allowNegative ? index + length : index;
  if (i >= 0 && i < length) return i;
  const valid = length === 0 ? "none, it is empty" : allowNegative ? `${-length} to ${length - 1}` : `0 to ${length - 1}`;
  return indexOutOfRange(proc, k, object, valid);
}

function listPairAt(proc: string, list: Value, k: Value): Pair {
  const length = listLength(proc, list, 1);
  const index = pythonIndex(proc, k, list, length, false);
  let i = 0;
  return walkSpine(list, () => i++ === index) as Pair;
}

const SEQUENCE = "a string, vector, list or bytevector";

/** (get-item thing index): a string's item is a one-character string; a vector's, list's or bytevector's, the element. */
definePrimitive("get-item", 2, 2, (thing: Value, k: Value) => {
  if (thing instanceof MString) {
    const i = pythonIndex("get-item", k, thing, codePointLength(thing.value), true);
    return new MString(sliceCodePoints(thing.value, i, i + 1));
  }
  if (Array.isArray(thing)) return thing[pythonIndex("get-item", k, thing, thing.length, true)]!;
  if (thing instanceof Uint8Array) return thing[pythonIndex("get-item", k, thing, thing.length, true)]!;
  if (thing instanceof Pair || thing === NIL) return listPairAt("get-item", thing, k).car;
  return wrongType("get-item", SEQUENCE, thing, 1);
});

/** (set-item! thing index value) stores value and, as in Calysto, returns it. */
definePrimitive("set-item!", 3, 3, (thing: Value, k: Value, value: Value) => {
  if (thing instanceof MString) {
    const i = pythonIndex("set-item!", k, thing, codePointLength(thing.value), true);
    thing.value = replaceCodePoint(thing.value, i, characterOf(value));
  } else if (Array.isArray(thing)) {
    thing[pythonIndex("set-item!", k, thing, thing.length, true)] = value;
  } else if (thing instanceof Uint8Array) {
    if (typeof value !== "number" || value < 0 || value > 255) return wrongType("set-item!", "a byte (0 to 255)", value, 3);
    thing[pythonIndex("set-item!", k, thing, thing.length, true)] = value;
  } else if (thing instanceof Pair || thing === NIL) {
    listPairAt("set-item!", thing, k).car = value;
  } else {
    return wrongType("set-item!", SEQUENCE, thing, 1);
  }
  return value;
});

/** What may be stored in a string: a character, or a one-character string (what get-item gives). */
function characterOf(value: Value): number {
  if (value instanceof Char) return value.code;
  if (value instanceof MString && codePointLength(value.value) === 1) return codePointAt(value.value, 0);
  return wrongType("set-item!", "a character or a one-character string", value, 3);
}

/** (len thing): the length of a string (in characters), list, vector or bytevector. */
definePrimitive("len", 1, 1, (thing: Value) => {
  if (thing instanceof MString) return codePointLength(thing.value);
  if (Array.isArray(thing) || thing instanceof Uint8Array) return thing.length;
  if (thing instanceof Pair || thing === NIL) return listLength("len", thing, 1);
  return wrongType("len", SEQUENCE, thing, 1);
});

/**
 * (string-split string delimiter): Python's str.split — every occurrence splits, so empty pieces stay
 * ("a,,b" → ("a" "" "b")). The delimiter is a character (as in Calysto) or a string. Without one, the string
 * splits at runs of whitespace and the empty pieces go.
 */
definePrimitive("string-split", 1, 2, (s: Value, delimiter?: Value) => {
  const text = checkString("string-split", s, 1).value;
  let pieces: string[];
  if (delimiter === undefined) pieces = text.split(/\s+/u).filter((piece) => piece !== "");
  else {
    const separator =
      delimiter instanceof Char ? String.fromCodePoint(delimiter.code)
      : delimiter instanceof MString ? delimiter.value
      : wrongType("string-split", "a character or a string", delimiter, 2);
    if (separator === "") return wrongType("string-split", "a non-empty delimiter", delimiter, 2);
    pieces = text.split(separator);
  }
  let result: Value = NIL;
  for (let i = pieces.length - 1; i >= 0; i--) result = new Pair(new MString(pieces[i]!), result);
  return result;
});

/** (current-time): seconds since 1970-01-01 UTC as an inexact number, with sub-millisecond resolution. */
definePrimitive("current-time", 0, 0, () => new Flonum((performance.timeOrigin + performance.now()) / 1000));

/** (void …): the value that displays as nothing. */
definePrimitive("void", 0, Infinity, () => VOID);

/**
 * (string-join separator list) as in Calysto — each item as display shows it, separated by separator — and
 * SRFI-130's (string-join list [separator]) with a space by default: the argument types say which is meant.
 */
definePrimitive("string-join", 1, 2, (a: Value, b?: Value) => {
  const calystoOrder = a instanceof MString && b !== undefined && isList(b);
  const [items, separator] = calystoOrder ? [b, a] : [a, b ?? new MString(" ")];
  const texts = listToArray("string-join", items, calystoOrder ? 2 : 1).map(displayString);
  return new MString(texts.join(checkString("string-join", separator, calystoOrder ? 1 : 2).value));
});

/** (sum numbers): the sum of a list or vector of numbers (Python's sum). */
definePrimitive("sum", 1, 1, (numbers: Value) => {
  const items = Array.isArray(numbers) ? numbers : listToArray("sum", numbers, 1);
  let total: Value = 0;
  for (const n of items) total = isNumber(n) ? add(total, n) : wrongType("sum", "a list or vector of numbers", numbers, 1);
  return total;
});

/** (has-item? thing index): whether get-item would find an item there. */
definePrimitive("has-item?", 2, 2, (thing: Value, k: Value) => {
  if (typeof k !== "number" && typeof k !== "bigint") return wrongType("has-item?", "an exact integer", k, 2);
  const length =
    thing instanceof MString ? codePointLength(thing.value)
    : Array.isArray(thing) || thing instanceof Uint8Array ? thing.length
    : thing instanceof Pair || thing === NIL ? listLength("has-item?", thing, 1)
    : wrongType("has-item?", SEQUENCE, thing, 1);
  const negativeAllowed = !(thing instanceof Pair || thing === NIL);
  return typeof k === "number" && k < length && (k >= 0 || (negativeAllowed && k >= -length));
});

definePrimitive("char->string", 1, 1, (c: Value) => new MString(String.fromCodePoint(checkChar("char->string", c, 1).code)));

/** (atom? x): a number, a symbol or a string, as Calysto defines it. */
definePrimitive("atom?", 1, 1, (x: Value) => isNumber(x) || x instanceof Sym || x instanceof MString);

/** (rac list): the last element (car spelled backwards). */
definePrimitive("rac", 1, 1, (list: Value) => {
  const items = listToArray("rac", checkPair("rac", list, 1), 1);
  return items[items.length - 1]!;
});

/** (rdc list): every element but the last, as a fresh list. */
definePrimitive("rdc", 1, 1, (list: Value) => {
  const items = listToArray("rdc", checkPair("rdc", list, 1), 1);
  let result: Value = NIL;
  for (let i = items.length - 2; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
});

/** (snoc item list): a fresh list with item added at the end (cons spelled backwards). */
definePrimitive("snoc", 2, 2, (item: Value, list: Value) => {
  const items = listToArray("snoc", list, 2);
  let result: Value = new Pair(item, NIL);
  for (let i = items.length - 1; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
});

/** (make-set list): the distinct elements (equal?), each kept at its last occurrence, as Calysto does. */
definePrimitive("make-set", 1, 1, (list: Value) => {
  const items = listToArray("make-set", list, 1);
  const kept: Value[] = [];
  for (let i = items.length - 1; i >= 0; i--) if (!kept.some((k) => isEqual(k, items[i]!))) kept.push(items[i]!);
  let result: Value = NIL;
  for (const item of kept) result = new Pair(item, result);
  return result;
});

/**
 * (random n): like Calysto (Python's random), an exact integer from 0 to n - 1 for an exact positive integer n,
 * an inexact number in [0, n) for an inexact positive n.
 */
definePrimitive("random", 1, 1, (n: Value) => {
  if (typeof n === "number" && n > 0) return Math.floor(Math.random() * n);
  if (typeof n === "bigint" && n > 0n) return normalizeBigint(randomBigint(n));
  if (n instanceof Flonum && n.value > 0) return new Flonum(Math.random() * n.value);
  return wrongType("random", "a positive exact integer or a positive inexact real", n, 1);
});

/** A uniform bigint in [0, n): 64 bits beyond n's size make the modulo's bias negligible. */
function randomBigint(n: bigint): bigint {
  let r = 0n;
  for (let bits = 0; bits < n.toString(2).length + 64; bits += 32) r = (r << 32n) | BigInt(Math.floor(Math.random() * 2 ** 32));
  return r % n;
}

/**
 * (print item …): Calysto's print (Python's print of each item) — each on a line of its own, a string as its
 * text, anything else as write shows it (so strings inside a list keep their quotes).
 */
definePrimitive("print", 0, Infinity, (...items: Value[]) => {
  const out = getCurrentOutputPort();
  for (const item of items) out.write(`${item instanceof MString ? item.value : writeString(item)}\n`);
  return VOID;
});
