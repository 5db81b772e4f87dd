// Characters: R7RS (scheme base) and (scheme char). A Char holds a Unicode scalar value; the classification and
// case procedures follow Unicode through JS's own tables (\p{…} regexps, toUpperCase).

import { wrongType } from "../errors.js";
import { Char, type Value } from "../values.js";
import { checkChar } from "./checks.js";
import { defineOrderings } from "./ordering.js";
import { definePrimitive } from "../runtime/registry.js";

/** A code point maps to a single code point under simple case mapping, or stays as it is (ß upcases to "SS"). */
function singleCodePoint(mapped: string, original: number): number {
  const code = mapped.codePointAt(0)!;
  return mapped.length === String.fromCodePoint(code).length ? code : original;
}

export function upcase(code: number): number {
  return singleCodePoint(String.fromCodePoint(code).toUpperCase(), code);
}

export function downcase(code: number): number {
  return singleCodePoint(String.fromCodePoint(code).toLowerCase(), code);
}

/** Simple case folding: for all but a few special characters, the lower case of the upper case. */
export function foldcase(code: number): number {
  return code < 128 ? (code >= 65 && code <= 90 ? code + 32 : code) : downcase(upcase(code));
}

/** A Unicode scalar value: 0 to #x10FFFF excluding the surrogates #xD800–#xDFFF. */
export function isScalarValue(v: Value): v is number {
  return typeof v === "number" && v >= 0 && v <= 0x10ffff && !(v >= 0xd800 && v <= 0xdfff);
}

definePrimitive("char?", 1, 1, (v: Value) => v instanceof Char);
definePrimitive("char->integer", 1, 1, (c: Value) => checkChar("char->integer", c, 1).code);
definePrimitive("integer->char", 1, 1, (n: Value) =>
  isScalarValue(n) ? Char.of(n) : wrongType("integer->char", "a Unicode scalar value (0 to #x10FFFF, not #xD800 to #xDFFF)", n, 1),
);

defineOrderings("char", (proc, v, i) => checkChar(proc, v, i).code, (a, b) => a - b);
defineOrderings("char-ci", (proc, v, i) => foldcase(checkChar(proc, v, i).code), (a, b) => a - b);

function defineClass(name: string, pattern: RegExp): void {
  definePrimitive(name, 1, 1, (c: Value) => pattern.test(String.fromCodePoint(checkChar(name, c, 1).code)));
}
defineClass("char-alphabetic?", /^\p{Alphabetic}$/u);
defineClass("char-numeric?", /^\p{Nd}$/u);
defineClass("char-whitespace?", /^\p{White_Space}$/u);
defineClass("char-upper-case?", /^\p{Uppercase}$/u);
defineClass("char-lower-case?", /^\p{Lowercase}$/u);

definePrimitive("char-upcase", 1, 1, (c: Value) => Char.of(upcase(checkChar("char-upcase", c, 1).code)));
definePrimitive("char-downcase", 1, 1, (c: Value) => Char.of(downcase(checkChar("char-downcase", c, 1).code)));
definePrimitive("char-foldcase", 1, 1, (c: Value) => Char.of(foldcase(checkChar("char-foldcase", c, 1).code)));

/**
 * The zero of every run of decimal digits (Unicode Nd) — each run is one or more blocks of ten, 0 to 9 — found once,
 * on the first digit-value of a non-ASCII character, by scanning the planes that hold Nd characters.
 */
let digitZeros: number[] | undefined;

function zeroOfDigit(code: number): number {
  if (digitZeros === undefined) {
    digitZeros = [];
    const nd = /\p{Nd}/u;
    let runStart = -1;
    for (let cp = 0; cp <= 0x20000; cp++) {
      const isDigit = cp < 0x20000 && !(cp >= 0xd800 && cp <= 0xdfff) && nd.test(String.fromCodePoint(cp));
      if (isDigit && runStart < 0) runStart = cp;
      if (!isDigit && runStart >= 0) {
        for (let zero = runStart; zero < cp; zero += 10) digitZeros.push(zero);
        runStart = -1;
      }
    }
  }
  let zero = -1;
  for (const z of digitZeros) if (z <= code) zero = z;
  return zero;
}

definePrimitive("digit-value", 1, 1, (c: Value) => {
  const code = checkChar("digit-value", c, 1).code;
  if (code >= 48 && code <= 57) return code - 48;
  if (code < 128 || !/^\p{Nd}$/u.test(String.fromCodePoint(code))) return false;
  return code - zeroOfDigit(code);
});
