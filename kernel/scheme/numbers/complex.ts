// Complex arithmetic on Compnum (inexact real and imaginary parts), and the elementary functions' complex
// branches, all principal values as R7RS and Python's cmath define them.

import { Compnum } from "../values.js";

/** An inexact complex number; it stays complex even when `im` is 0 (as Python's complex does). */
export function makeComplex(re: number, im: number): Compnum {
  return new Compnum(re, im);
}

/** |re + im i| without the overflow and underflow of sqrt(re² + im²), yet as fast in the common case. */
export function magnitudeOf(re: number, im: number): number {
  const quick = Math.sqrt(re * re + im * im);
  if (quick !== Infinity && quick >= 1e-150) return quick;
  // Scale by the larger part (Math.hypot avoids overflow too, but is not correctly rounded in V8).
  const big = Math.max(Math.abs(re), Math.abs(im));
  if (big === 0 || big === Infinity || Number.isNaN(big)) return Math.hypot(re, im);
  const x = re / big;
  const y = im / big;
  return big * Math.sqrt(x * x + y * y);
}

export function complexMul(ar: number, ai: number, br: number, bi: number): Compnum {
  return new Compnum(ar * br - ai * bi, ar * bi + ai * br);
}

export function complexDiv(ar: number, ai: number, br: number, bi: number): Compnum {
  // Smith's method: scale by the larger part of the divisor, so |b|² cannot overflow.
  if (Math.abs(br) >= Math.abs(bi)) {
    const ratio = bi / br;
    const denom = br + bi * ratio;
    return new Compnum((ar + ai * ratio) / denom, (ai - ar * ratio) / denom);
  }
  const ratio = br / bi;
  const denom = br * ratio + bi;
  return new Compnum((ar * ratio + ai) / denom, (ai * ratio - ar) / denom);
}

export function complexSqrt(re: number, im: number): Compnum {
  if (re === 0 && im === 0) return new Compnum(0, im);
  const m = magnitudeOf(re, im);
  const r = Math.sqrt((m + Math.abs(re)) / 2);
  if (re >= 0) return new Compnum(r, im / (2 * r));
  return new Compnum(Math.abs(im) / (2 * r), Object.is(im, -0) || im < 0 ? -r : r);
}

export function complexExp(re: number, im: number): Compnum {
  const scale = Math.exp(re);
  return new Compnum(scale * Math.cos(im), scale * Math.sin(im));
}

export function complexLog(re: number, im: number): Compnum {
  return new Compnum(Math.log(magnitudeOf(re, im)), Math.atan2(im, re));
}

export function complexSin(re: number, im: number): Compnum {
  return new Compnum(Math.sin(re) * Math.cosh(im), Math.cos(re) * Math.sinh(im));
}

export function complexCos(re: number, im: number): Compnum {
  return new Compnum(Math.cos(re) * Math.cosh(im), -Math.sin(re) * Math.sinh(im));
}

export function complexTan(re: number, im: number): Compnum {
  const s = complexSin(re, im);
  const c = complexCos(re, im);
  return complexDiv(s.re, s.im, c.re, c.im);
}

/** asin z = -i log(iz + sqrt(1 - z²)) */
export function complexAsin(re: number, im: number): Compnum {
  const root = complexSqrt(1 - (re * re - im * im), -2 * re * im);
  const l = complexLog(root.re - im, root.im + re);
  return new Compnum(l.im, -l.re);
}

/** acos z = π/2 - asin z */
export function complexAcos(re: number, im: number): Compnum {
  const a = complexAsin(re, im);
  return new Compnum(Math.PI / 2 - a.re, -a.im);
}

/** atan z = (i/2) (log(1 - iz) - log(1 + iz)) */
export function complexAtan(re: number, im: number): Compnum {
  const a = complexLog(1 + im, -re);
  const b = complexLog(1 - im, re);
  const dr = a.re - b.re;
  const di = a.im - b.im;
  return new Compnum(-di / 2, dr / 2);
}

/** z^w = exp(w log z), with 0^w = 0 for w ≠ 0. */
export function complexPow(zr: number, zi: number, wr: number, wi: number): Compnum {
  if (zr === 0 && zi === 0) return wr === 0 && wi === 0 ? new Compnum(1, 0) : new Compnum(0, 0);
  const l = complexLog(zr, zi);
  const m = complexMul(wr, wi, l.re, l.im);
  return complexExp(m.re, m.im);
}
