// Number syntax (R7RS 7.1.1): prefixes #e #i #x #b #o #d, integers, rationals, decimals with exponents,
// +inf.0 -inf.0 +nan.0, rectangular complex (1.5-2.0i, +i) and polar (1@2) forms.
//
// The reader calls this for every atom, symbols included, so a text that cannot be a number is rejected on its
// first character. Decimals keep their text: their inexact value comes from Number() (correctly rounded) and their
// exact value (#e1.5 → 3/2) is computed from the digits only when #e asks for it.

import { Compnum, Flonum, Ratnum, type ExactInteger, type SchemeNumber } from "../values.js";
import { exactToDouble } from "./convert.js";
import { makeRational, normalizeBigint } from "./exact.js";

type Exactness = "exact" | "inexact" | undefined;
type Radix = 2 | 8 | 10 | 16;

/** A real read from text, before a #e/#i prefix decides its exactness. */
type ParsedReal =
  | { readonly kind: "exact"; readonly value: ExactInteger | Ratnum }
  | { readonly kind: "decimal"; readonly text: string; readonly mantissa: bigint; readonly exponent: number }
  | { readonly kind: "special"; readonly value: number }; // ±inf.0, +nan.0

const BIGINT_PREFIX: Record<Radix, string> = { 2: "0b", 8: "0o", 10: "", 16: "0x" };

function isDigit(code: number, radix: Radix): boolean {
  if (radix === 16) {
    return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
  }
  return code >= 48 && code < 48 + radix;
}

function allDigits(text: string, radix: Radix): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i), radix)) return false;
  return true;
}

function parseUInteger(digits: string, radix: Radix): ExactInteger {
  if (radix === 10 && digits.length < 16) return Number(digits);
  return normalizeBigint(BigInt(BIGINT_PREFIX[radix] + digits));
}

const DECIMAL = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** An unsigned real: uinteger, uinteger/uinteger, or (radix 10) a decimal. Null when it is none of them. */
function parseUReal(text: string, radix: Radix): ParsedReal | null {
  if (allDigits(text, radix)) return { kind: "exact", value: parseUInteger(text, radix) };
  const slash = text.indexOf("/");
  if (slash >= 0) {
    const numText = text.slice(0, slash);
    const denText = text.slice(slash + 1);
    if (!allDigits(numText, radix) || !allDigits(denText, radix)) return null;
    const den = BigInt(BIGINT_PREFIX[radix] + denText);
    if (den === 0n) return null; // 1/0 is not a number (R7RS leaves it an error; we call it bad syntax)
    return { kind: "exact", value: makeRational(BigInt(BIGINT_PREFIX[radix] + numText), den) };
  }
  if (radix !== 10) return null;
  const m = DECIMAL.exec(text);
  if (m === null) return null;
  const intDigits = m[1] ?? "";
  const fracDigits = m[2] ?? "";
  if (intDigits.length + fracDigits.length === 0) return null;
  const exponent = Number(m[3] ?? "0") - fracDigits.length;
  return { kind: "decimal", text, mantissa: BigInt(intDigits + fracDigits), exponent };
}

/** A real with an optional sign (required for inf/nan). */
function parseReal(text: string, radix: Radix): ParsedReal | null {
  const first = text.charCodeAt(0);
  const signed = first === 43 /* + */ || first === 45; /* - */
  const negative = first === 45;
  const body = signed ? text.slice(1) : text;
  if (signed) {
    const lower = body.toLowerCase();
    if (lower === "inf.0") return { kind: "special", value: negative ? -Infinity : Infinity };
    if (lower === "nan.0") return { kind: "special", value: NaN };
  }
  const unsigned = parseUReal(body, radix);
  if (unsigned === null || !negative) return unsigned;
  switch (unsigned.kind) {
    case "exact":
      return { kind: "exact", value: negateExact(unsigned.value) };
    case "decimal":
      return { kind: "decimal", text: "-" + unsigned.text, mantissa: -unsigned.mantissa, exponent: unsigned.exponent };
    case "special":
      return unsigned;
  }
}

function negateExact(v: ExactInteger | Ratnum): ExactInteger | Ratnum {
  if (typeof v === "number") return -v === 0 ? 0 : -v;
  if (typeof v === "bigint") return normalizeBigint(-v);
  return new Ratnum(-v.num, v.den);
}

/** Digits beyond which #e of a decimal would build an absurdly large integer: refuse instead of hanging. */
const MAX_EXACT_EXPONENT = 100_000;

function toExactValue(r: ParsedReal): ExactInteger | Ratnum | null {
  switch (r.kind) {
    case "exact":
      return r.value;
    case "special":
      return null; // +inf.0 has no exact counterpart
    case "decimal":
      if (Math.abs(r.exponent) > MAX_EXACT_EXPONENT) return null;
      return r.exponent >= 0
        ? normalizeBigint(r.mantissa * 10n ** BigInt(r.exponent))
        : makeRational(r.mantissa, 10n ** BigInt(-r.exponent));
  }
}

function toDouble(r: ParsedReal): number {
  switch (r.kind) {
    case "exact":
      return exactToDouble(r.value);
    case "special":
      return r.value;
    case "decimal":
      return Number(r.text);
  }
}

function isExactZero(r: ParsedReal): boolean {
  return r.kind === "exact" && r.value === 0;
}

function finishReal(r: ParsedReal, exactness: Exactness): SchemeNumber | null {
  if (exactness === "exact") return toExactValue(r);
  if (exactness === "inexact" || r.kind !== "exact") return new Flonum(toDouble(r));
  return r.value;
}

/** Split "a+bi" at the sign that starts the imaginary part; -1 when the whole text is the imaginary part. */
function imaginarySignIndex(text: string, radix: Radix): number {
  for (let i = text.length - 1; i > 0; i--) {
    const c = text[i];
    if (c !== "+" && c !== "-") continue;
    const before = text[i - 1];
    if (radix === 10 && (before === "e" || before === "E")) continue; // an exponent's sign
    return i;
  }
  return -1;
}

function parseComplex(text: string, radix: Radix, exactness: Exactness): SchemeNumber | null {
  const last = text[text.length - 1];
  if (last === "i" || last === "I") {
    const body = text.slice(0, -1);
    const split = imaginarySignIndex(body, radix);
    const realText = split > 0 ? body.slice(0, split) : "";
    const imagText = split > 0 ? body.slice(split) : body;
    if (imagText[0] !== "+" && imagText[0] !== "-") return null;
    const re: ParsedReal | null = realText === "" ? { kind: "exact", value: 0 } : parseReal(realText, radix);
    const im: ParsedReal | null =
      imagText.length === 1 ? { kind: "exact", value: imagText === "-" ? -1 : 1 } : parseReal(imagText, radix);
    if (re === null || im === null) return null;
    if (isExactZero(im) && exactness !== "inexact") return finishReal(re, exactness);
    if (exactness === "exact") return null; // exact complex numbers are not represented (values.ts)
    return new Compnum(toDouble(re), toDouble(im));
  }
  const at = text.indexOf("@");
  if (at > 0) {
    const magnitude = parseReal(text.slice(0, at), radix);
    const angle = parseReal(text.slice(at + 1), radix);
    if (magnitude === null || angle === null) return null;
    if (isExactZero(angle) && exactness !== "inexact") return finishReal(magnitude, exactness);
    if (exactness === "exact") return null;
    const r = toDouble(magnitude);
    const theta = toDouble(angle);
    return new Compnum(r * Math.cos(theta), r * Math.sin(theta));
  }
  const real = parseReal(text, radix);
  return real === null ? null : finishReal(real, exactness);
}

/** Whether a character can begin a number (a digit, a sign, a point, or a # prefix). */
function canStartNumber(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 43 || code === 45 || code === 46 || code === 35;
}

/**
 * The number `text` denotes, or null when it is not number syntax. `radix` is the default that a #x/#b/#o/#d
 * prefix overrides (string->number's second argument).
 */
export function parseNumber(text: string, radix: number = 10): SchemeNumber | null {
  if (text.length === 0 || !canStartNumber(text.charCodeAt(0))) {
    // Hex digits may start a number only when the radix says so (string->number "ff" 16).
    if (radix !== 16 || text.length === 0) return null;
  }
  // The fixnum fast path: most numerals in programs are small decimal integers.
  if (radix === 10 && text.length < 16 && allDigits(text, 10)) return Number(text);
  let exactness: Exactness;
  let effectiveRadix: Radix | undefined;
  let i = 0;
  while (text[i] === "#") {
    const p = text[i + 1]?.toLowerCase();
    if (p === "e" || p === "i") {
      if (exactness !== undefined) return null;
      exactness = p === "e" ? "exact" : "inexact";
    } else if (p === "x" || p === "b" || p === "o" || p === "d") {
      if (effectiveRadix !== undefined) return null;
      effectiveRadix = p === "x" ? 16 : p === "b" ? 2 : p === "o" ? 8 : 10;
    } else {
      return null;
    }
    i += 2;
  }
  const r = effectiveRadix ?? radix;
  if (r !== 2 && r !== 8 && r !== 10 && r !== 16) return null;
  const body = text.slice(i);
  if (body.length === 0) return null;
  return parseComplex(body, r, exactness);
}
