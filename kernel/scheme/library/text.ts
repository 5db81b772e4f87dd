// Scheme strings are sequences of Unicode code points; JS strings are sequences of UTF-16 code units. These helpers
// index JS strings by code point. Most strings have no surrogate pairs (every character in the BMP), and for them a
// code-point index is a code-unit index. Finding that out costs a scan, so the answer (and, for the other strings,
// where each code point starts) is remembered for the last few long strings seen: a loop of string-ref over one or
// two long strings stays linear.

import { SchemeError, signal } from "../errors.js";

const SURROGATE = /[\uD800-\uDFFF]/;

/** UTF-16 offsets of each code point of a string with surrogate pairs, plus the string's length at the end. */
type Layout = Uint32Array | null; // null: BMP only, code point i is code unit i

/** Strings shorter than this are scanned every time: cheaper than a cache lookup, and they would evict long ones. */
const CACHE_FROM_LENGTH = 64;
const CACHE_SIZE = 4;
const cachedStrings: string[] = new Array<string>(CACHE_SIZE).fill("");
const cachedLayouts: Layout[] = new Array<Layout>(CACHE_SIZE).fill(null);
let nextSlot = 0;

function layoutOf(s: string): Layout {
  if (s.length < CACHE_FROM_LENGTH) return SURROGATE.test(s) ? computeLayout(s) : null;
  for (let i = 0; i < CACHE_SIZE; i++) if (cachedStrings[i] === s) return cachedLayouts[i]!;
  const layout = SURROGATE.test(s) ? computeLayout(s) : null;
  cachedStrings[nextSlot] = s;
  cachedLayouts[nextSlot] = layout;
  nextSlot = (nextSlot + 1) % CACHE_SIZE;
  return layout;
}

function computeLayout(s: string): Uint32Array {
  const offsets: number[] = [];
  for (let i = 0; i < s.length; i++) {
    offsets.push(i);
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  offsets.push(s.length);
  return Uint32Array.from(offsets);
}

export function codePointLength(s: string): number {
  const layout = layoutOf(s);
  return layout === null ? s.length : layout.length - 1;
}

/** The code point at code-point index k (the caller has checked 0 <= k < codePointLength(s)). */
export function codePointAt(s: string, k: number): number {
  const layout = layoutOf(s);
  return layout === null ? s.charCodeAt(k) : s.codePointAt(layout[k]!)!;
}

/** Code points [start, end) of s (the caller has checked the bounds). */
export function sliceCodePoints(s: string, start: number, end: number): string {
  const layout = layoutOf(s);
  return layout === null ? s.slice(start, end) : s.slice(layout[start]!, layout[end]!);
}

/** s with the code point at index k replaced by `code`. */
export function replaceCodePoint(s: string, k: number, code: number): string {
  const layout = layoutOf(s);
  const from = layout === null ? k : layout[k]!;
  const to = layout === null ? k + 1 : layout[k + 1]!;
  return s.slice(0, from) + String.fromCodePoint(code) + s.slice(to);
}

export function codePoints(s: string): number[] {
  const layout = layoutOf(s);
  const result: number[] = new Array(layout === null ? s.length : layout.length - 1);
  if (layout === null) for (let i = 0; i < s.length; i++) result[i] = s.charCodeAt(i);
  else for (let i = 0; i < result.length; i++) result[i] = s.codePointAt(layout[i]!)!;
  return result;
}

/**
 * Compares two strings by code point (what string<? means), not by UTF-16 code unit (what JS `<` does): they differ
 * when a character above U+E000 meets one beyond the BMP, whose surrogates sort lower than it as code units.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate === ySurrogate) return x < y ? -1 : 1;
    return xSurrogate ? 1 : -1; // a character beyond the BMP is greater than any BMP character
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** V8's longest string (String::kMaxLength on 64-bit), in UTF-16 code units. */
export const MAX_JS_STRING_LENGTH = 536_870_888;

/** Throws a clear error, naming `proc`, when text of `length` code units could not be built. */
export function checkStringFits(proc: string, length: number): void {
  if (length > MAX_JS_STRING_LENGTH) {
    signal(new SchemeError("Error", `${proc}: the result would be ${length} characters long, more than a string can hold (${MAX_JS_STRING_LENGTH})`, [], proc));
  }
}
