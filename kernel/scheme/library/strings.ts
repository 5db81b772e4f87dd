// Strings: R7RS (scheme base) and (scheme char) string procedures, plus SRFI-13's string-index, string-contains,
// string-null?, string-prefix?, string-suffix?, string-trim (-left, -right) and string-reverse. An MString is a mutable box around a JS string; every index and length here counts code
// points (see text.ts), so strings with characters beyond the BMP behave as Scheme requires.

import { wrongType } from "../errors.js";
import { Char, MString, NIL, Pair, VOID, type Value } from "../values.js";
import { checkChar, checkIndex, checkLength, checkSpan, checkString, checkVector } from "./checks.js";
import { defineOrderings } from "./ordering.js";
import { definePrimitive } from "../runtime/registry.js";
import { listToArray } from "../spine.js";
import {
  checkStringFits,
  codePointAt,
  codePointLength,
  codePoints,
  compareCodePoints,
  replaceCodePoint,
  sliceCodePoints,
} from "./text.js";

/** The largest string make-string will build: V8's own limit is about 2^29 code units. */
const MAX_STRING_LENGTH = 1 << 28;

/** Code points [start, end) of a string argument whose optional bounds are arguments startArgIndex, +1. */
function span(proc: string, s: MString, start: Value | undefined, end: Value | undefined, startArgIndex: number): string {
  if (start === undefined) return s.value;
  const [from, to] = checkSpan(proc, s, codePointLength(s.value), start, end, startArgIndex);
  return sliceCodePoints(s.value, from, to);
}

function fromCodePointArray(codes: readonly number[]): string {
  // String.fromCodePoint(...codes) would overflow the argument limit on long strings; chunks keep it linear.
  let out = "";
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCodePoint(...codes.slice(i, i + 8192));
  return out;
}

function charsToString(proc: string, chars: readonly Value[], firstArgIndex: number): string {
  return fromCodePointArray(chars.map((c, i) => checkChar(proc, c, firstArgIndex + i).code));
}

definePrimitive("string?", 1, 1, (v: Value) => v instanceof MString);

definePrimitive("make-string", 1, 2, (k: Value, fill?: Value) => {
  const n = checkLength("make-string", k, MAX_STRING_LENGTH, 1);
  const ch = fill === undefined ? " " : String.fromCodePoint(checkChar("make-string", fill, 2).code);
  return new MString(ch.repeat(n));
});

definePrimitive("string", 0, Infinity, (...chars: Value[]) => new MString(charsToString("string", chars, 1)));

definePrimitive("string-length", 1, 1, (s: Value) => codePointLength(checkString("string-length", s, 1).value));

definePrimitive("string-ref", 2, 2, (s: Value, k: Value) => {
  const str = checkString("string-ref", s, 1).value;
  return Char.of(codePointAt(str, checkIndex("string-ref", k, s, codePointLength(str), 2)));
});

definePrimitive("string-set!", 3, 3, (s: Value, k: Value, c: Value) => {
  const target = checkString("string-set!", s, 1);
  const index = checkIndex("string-set!", k, s, codePointLength(target.value), 2);
  target.value = replaceCodePoint(target.value, index, checkChar("string-set!", c, 3).code);
  return VOID;
});

// Calysto also accepts (substring s start) for the rest of the string.
definePrimitive("substring", 2, 3, (s: Value, start: Value, end?: Value) =>
  new MString(span("substring", checkString("substring", s, 1), start, end, 2)),
);
definePrimitive("string-copy", 1, 3, (s: Value, start?: Value, end?: Value) =>
  new MString(span("string-copy", checkString("string-copy", s, 1), start, end, 2)),
);

definePrimitive("string-append", 0, Infinity, (...strings: Value[]) => {
  // JS concatenation builds ropes, so appending many pieces one by one stays linear overall.
  let out = "";
  for (let i = 0; i < strings.length; i++) {
    const piece = checkString("string-append", strings[i]!, i + 1).value;
    checkStringFits("string-append", out.length + piece.length);
    out += piece;
  }
  return new MString(out);
});

definePrimitive("string-copy!", 3, 5, (to: Value, at: Value, from: Value, start?: Value, end?: Value) => {
  const target = checkString("string-copy!", to, 1);
  const source = span("string-copy!", checkString("string-copy!", from, 3), start, end, 4);
  const targetLength = codePointLength(target.value);
  const pieceLength = codePointLength(source);
  const [offset] = checkSpan("string-copy!", to, targetLength, at, undefined, 2);
  if (offset + pieceLength > targetLength) {
    wrongType("string-copy!", `an index at most ${targetLength - pieceLength} (${pieceLength} characters must fit)`, at, 2);
  }
  const t = target.value;
  target.value = sliceCodePoints(t, 0, offset) + source + sliceCodePoints(t, offset + pieceLength, targetLength);
  return VOID;
});

definePrimitive("string-fill!", 2, 4, (s: Value, fill: Value, start?: Value, end?: Value) => {
  const target = checkString("string-fill!", s, 1);
  const ch = String.fromCodePoint(checkChar("string-fill!", fill, 2).code);
  const length = codePointLength(target.value);
  const [from, to] = checkSpan("string-fill!", s, length, start, end, 3);
  const t = target.value;
  target.value = sliceCodePoints(t, 0, from) + ch.repeat(to - from) + sliceCodePoints(t, to, length);
  return VOID;
});

definePrimitive("string->list", 1, 3, (s: Value, start?: Value, end?: Value) => {
  const codes = codePoints(span("string->list", checkString("string->list", s, 1), start, end, 2));
  let result: Value = NIL;
  for (let i = codes.length - 1; i >= 0; i--) result = new Pair(Char.of(codes[i]!), result);
  return result;
});

definePrimitive("list->string", 1, 1, (list: Value) =>
  new MString(fromCodePointArray(listToArray("list->string", list, 1).map((c) => checkChar("list->string", c, 1).code))),
);

definePrimitive("string->vector", 1, 3, (s: Value, start?: Value, end?: Value) =>
  codePoints(span("string->vector", checkString("string->vector", s, 1), start, end, 2)).map((code) => Char.of(code)),
);

definePrimitive("vector->string", 1, 3, (v: Value, start?: Value, end?: Value) => {
  const items = checkVector("vector->string", v, 1);
  const [from, to] = checkSpan("vector->string", v, items.length, start, end, 2);
  return new MString(fromCodePointArray(items.slice(from, to).map((c) => checkChar("vector->string", c, 1).code)));
});

definePrimitive("string-upcase", 1, 1, (s: Value) => new MString(checkString("string-upcase", s, 1).value.toUpperCase()));
definePrimitive("string-downcase", 1, 1, (s: Value) => new MString(checkString("string-downcase", s, 1).value.toLowerCase()));
export const foldString = (s: string): string => s.toUpperCase().toLowerCase(); // full folding: "Straße" → "strasse"
definePrimitive("string-foldcase", 1, 1, (s: Value) => new MString(foldString(checkString("string-foldcase", s, 1).value)));

defineOrderings("string", (proc, v, i) => checkString(proc, v, i).value, compareCodePoints);
defineOrderings("string-ci", (proc, v, i) => foldString(checkString(proc, v, i).value), compareCodePoints);

definePrimitive("string-null?", 1, 1, (s: Value) => checkString("string-null?", s, 1).value === "");

/** SRFI-13 (string-index s char [start end]): the index of the first occurrence of char, or #f. */
definePrimitive("string-index", 2, 4, (s: Value, c: Value, start?: Value, end?: Value) => {
  const str = checkString("string-index", s, 1);
  const code = checkChar("string-index", c, 2).code;
  const length = codePointLength(str.value);
  const [from, to] = checkSpan("string-index", s, length, start, end, 3);
  for (let i = from; i < to; i++) if (codePointAt(str.value, i) === code) return i;
  return false;
});

/** SRFI-13 (string-contains s1 s2 [start]): the index in s1 where s2 first occurs (at or after start), or #f. */
definePrimitive("string-contains", 2, 3, (s1: Value, s2: Value, start?: Value) => {
  const haystack = checkString("string-contains", s1, 1).value;
  const needle = checkString("string-contains", s2, 2).value;
  const length = codePointLength(haystack);
  const [from] = checkSpan("string-contains", s1, length, start, undefined, 3);
  const prefix = sliceCodePoints(haystack, 0, from);
  const found = haystack.indexOf(needle, prefix.length);
  return found < 0 ? false : codePointLength(haystack.slice(0, found));
});

definePrimitive("string-prefix?", 2, 2, (prefix: Value, s: Value) =>
  checkString("string-prefix?", s, 2).value.startsWith(checkString("string-prefix?", prefix, 1).value),
);
definePrimitive("string-suffix?", 2, 2, (suffix: Value, s: Value) =>
  checkString("string-suffix?", s, 2).value.endsWith(checkString("string-suffix?", suffix, 1).value),
);

/** SRFI-13 trimming: whitespace by default, or every occurrence of the given character at that end. */
function defineTrim(name: string, fromStart: boolean, fromEnd: boolean): void {
  definePrimitive(name, 1, 2, (s: Value, c?: Value) => {
    const str = checkString(name, s, 1).value;
    const code = c === undefined ? undefined : checkChar(name, c, 2).code;
    const trimmed = (ch: number): boolean => (code === undefined ? /\s/u.test(String.fromCodePoint(ch)) : ch === code);
    const codes = codePoints(str);
    let from = 0;
    let to = codes.length;
    while (fromStart && from < to && trimmed(codes[from]!)) from++;
    while (fromEnd && to > from && trimmed(codes[to - 1]!)) to--;
    return new MString(sliceCodePoints(str, from, to));
  });
}
defineTrim("string-trim", true, true);
defineTrim("string-trim-left", true, false);
defineTrim("string-trim-right", false, true);

definePrimitive("string-reverse", 1, 1, (s: Value) =>
  new MString(fromCodePointArray(codePoints(checkString("string-reverse", s, 1).value).reverse())),
);
