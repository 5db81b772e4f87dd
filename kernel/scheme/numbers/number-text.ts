// Numbers as text: what `write`, `display`, the notebook and number->string show. Every result reads back as the
// same number (with the same radix): flonums in their shortest round-trip form, always with a point or exponent.

import { wrongType } from "../errors.js";
import { Compnum, Flonum, Ratnum, type SchemeNumber } from "../values.js";

/** 2.0, 0.1, 1e21, 1.5e-7, -0.0, +inf.0, -inf.0, +nan.0 */
export function formatFlonum(x: number, radix = 10): string {
  if (Number.isNaN(x)) return "+nan.0";
  if (x === Infinity) return "+inf.0";
  if (x === -Infinity) return "-inf.0";
  if (Object.is(x, -0)) return "-0.0";
  const text = x.toString(radix);
  if (radix === 10) {
    const e = text.indexOf("e");
    // JS writes exponents as e+21 and e-7; Scheme writes e21 and e-7.
    if (e >= 0) return text[e + 1] === "+" ? text.slice(0, e + 1) + text.slice(e + 2) : text;
  }
  return text.includes(".") ? text : text + ".0";
}

function formatImaginary(im: number, radix: number): string {
  const text = formatFlonum(im, radix);
  return text[0] === "-" || text[0] === "+" ? text : "+" + text;
}

export function numberToString(n: SchemeNumber, radix = 10): string {
  if (radix !== 2 && radix !== 8 && radix !== 10 && radix !== 16) wrongType("number->string", "a radix of 2, 8, 10 or 16", radix, 2);
  if (typeof n === "number" || typeof n === "bigint") return n.toString(radix);
  if (n instanceof Flonum) return formatFlonum(n.value, radix);
  if (n instanceof Ratnum) return `${n.num.toString(radix)}/${n.den.toString(radix)}`;
  if (n instanceof Compnum) return formatFlonum(n.re, radix) + formatImaginary(n.im, radix) + "i";
  return wrongType("number->string", "a number", n, 1);
}
