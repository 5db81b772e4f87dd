// Conversions between exact numbers and doubles, correctly rounded in both directions.

import { Flonum, Ratnum, Compnum, type ExactInteger, type SchemeNumber } from "../values.js";
import { makeRational, normalizeBigint } from "./exact.js";

const TWO_53 = 2n ** 53n;

function bitLength(b: bigint): number {
  return b === 0n ? 0 : b.toString(16).length * 4 - Math.clz32(parseInt(b.toString(16)[0]!, 16)) + 28;
}

/** x * 2^exp without overflowing the intermediate power of two when |exp| is large. */
function scaleByPowerOfTwo(x: number, exp: number): number {
  while (exp > 1000) {
    x *= 2 ** 1000;
    exp -= 1000;
  }
  while (exp < -1000) {
    x *= 2 ** -1000;
    exp += 1000;
  }
  return x * 2 ** exp;
}

/** num/den rounded to the nearest double (num, den of any size; den > 0). */
export function ratioToDouble(num: bigint, den: bigint): number {
  const negative = num < 0n;
  const n = negative ? -num : num;
  if (n <= TWO_53 && den <= TWO_53) return (negative ? -1 : 1) * (Number(n) / Number(den));
  // Take a quotient of 55+ bits with a sticky bit for any remainder, so rounding it to 53 bits is exact.
  const k = 55 - (bitLength(n) - bitLength(den));
  let q: bigint;
  let r: bigint;
  if (k >= 0) {
    const scaled = n << BigInt(k);
    q = scaled / den;
    r = scaled % den;
  } else {
    const scaledDen = den << BigInt(-k);
    q = n / scaledDen;
    r = n % scaledDen;
  }
  if (r !== 0n) q |= 1n;
  const magnitude = scaleByPowerOfTwo(Number(q), -k);
  return negative ? -magnitude : magnitude;
}

/** The exact value of a finite double: an integer or a dyadic rational. */
export function doubleToExact(x: number): ExactInteger | Ratnum {
  if (Number.isInteger(x)) return Number.isSafeInteger(x) ? x : normalizeBigint(BigInt(x));
  let scaled = x;
  let exp = 0;
  // Doubling a non-integer double is exact and reaches an integer within 1074 steps.
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    exp++;
  }
  return makeRational(BigInt(scaled), 1n << BigInt(exp));
}

/** The double nearest an exact number. */
export function exactToDouble(n: ExactInteger | Ratnum): number {
  if (typeof n === "number") return n;
  if (typeof n === "bigint") return Number(n);
  return ratioToDouble(n.num, n.den);
}

/** The double value of any real number (the nearest double for exact ones). Compnum is not a real. */
export function realToDouble(n: Exclude<SchemeNumber, Compnum>): number {
  return n instanceof Flonum ? n.value : exactToDouble(n);
}
