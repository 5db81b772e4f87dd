// floor, ceiling, round (to even) and truncate of reals, and the parts of a rational number.

import { wrongType } from "../errors.js";
import { Flonum, Ratnum, type ExactInteger, type Value } from "../values.js";
import { doubleToExact } from "./convert.js";
import { normalizeBigint } from "./exact.js";
import { checkReal, type RealNumber } from "./predicates.js";

export type RoundingMode = "floor" | "ceiling" | "round" | "truncate";

/** Round half to even, as R7RS's round (and unlike JS's Math.round, which rounds half up). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const DOUBLE_ROUNDING: Record<RoundingMode, (x: number) => number> = {
  floor: Math.floor,
  ceiling: Math.ceil,
  round: roundHalfEven,
  truncate: Math.trunc,
};

function roundRatio(num: bigint, den: bigint, mode: RoundingMode): bigint {
  const truncated = num / den; // rounds toward zero; den > 0
  const remainder = num % den;
  switch (mode) {
    case "truncate":
      return truncated;
    case "floor":
      return num < 0n ? truncated - 1n : truncated;
    case "ceiling":
      return num > 0n ? truncated + 1n : truncated;
    case "round": {
      const twice = 2n * (remainder < 0n ? -remainder : remainder);
      const away = num < 0n ? truncated - 1n : truncated + 1n;
      if (twice > den) return away;
      if (twice < den) return truncated;
      return truncated % 2n === 0n ? truncated : away;
    }
  }
}

/** The integer `mode` rounds `x` to: exact for exact arguments, a Flonum for inexact ones. */
export function roundReal(x: Value, mode: RoundingMode): ExactInteger | Flonum {
  const n = checkReal(mode, x, 1);
  if (typeof n === "number" || typeof n === "bigint") return n;
  if (n instanceof Flonum) {
    const r = DOUBLE_ROUNDING[mode](n.value);
    return new Flonum(r);
  }
  return normalizeBigint(roundRatio(n.num, n.den, mode));
}

export function numerator(x: Value): ExactInteger | Flonum {
  const n = rationalArgument("numerator", x);
  if (n instanceof Flonum) return new Flonum(Number(exactNumerator(doubleToExact(n.value))));
  return normalizeBigint(exactNumerator(n));
}

export function denominator(x: Value): ExactInteger | Flonum {
  const n = rationalArgument("denominator", x);
  if (n instanceof Flonum) return new Flonum(Number(exactDenominator(doubleToExact(n.value))));
  return normalizeBigint(exactDenominator(n));
}

function rationalArgument(who: string, x: Value): RealNumber {
  const n = checkReal(who, x, 1);
  if (n instanceof Flonum && !Number.isFinite(n.value)) wrongType(who, "a rational number", x, 1);
  return n;
}

function exactNumerator(n: Exclude<RealNumber, Flonum>): bigint {
  return n instanceof Ratnum ? n.num : BigInt(n);
}

function exactDenominator(n: Exclude<RealNumber, Flonum>): bigint {
  return n instanceof Ratnum ? n.den : 1n;
}
