// exp, log, the trigonometric functions and their inverses. Real arguments give inexact real results while
// the result is real; outside that domain ((log -1), (asin 2)) the result is complex, as R7RS specifies.

import { Compnum, Flonum, Ratnum, type SchemeNumber, type Value } from "../values.js";
import { add } from "./arithmetic.js";
import { complexAcos, complexAsin, complexAtan, complexCos, complexDiv, complexExp, complexLog, complexSin, complexTan } from "./complex.js";
import { ratioToDouble, realToDouble } from "./convert.js";
import { checkNumber, checkReal } from "./predicates.js";

type ComplexFunction = (re: number, im: number) => Compnum;

interface ElementaryFunction {
  readonly real: (x: number) => number;
  /** Whether `real` gives the right answer at x; elsewhere the complex branch does. */
  readonly realDomain: (x: number) => boolean;
  readonly complex: ComplexFunction;
}

const everywhere = (): boolean => true;
const inUnitInterval = (x: number): boolean => !(x < -1 || x > 1); // NaN stays real

export const ELEMENTARY: Readonly<Record<"exp" | "log" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan", ElementaryFunction>> = {
  exp: { real: Math.exp, realDomain: everywhere, complex: complexExp },
  log: { real: Math.log, realDomain: (x) => !(x < 0), complex: complexLog },
  sin: { real: Math.sin, realDomain: everywhere, complex: complexSin },
  cos: { real: Math.cos, realDomain: everywhere, complex: complexCos },
  tan: { real: Math.tan, realDomain: everywhere, complex: complexTan },
  asin: { real: Math.asin, realDomain: inUnitInterval, complex: complexAsin },
  acos: { real: Math.acos, realDomain: inUnitInterval, complex: complexAcos },
  atan: { real: Math.atan, realDomain: everywhere, complex: complexAtan },
};

export function applyElementary(name: keyof typeof ELEMENTARY, z: Value): SchemeNumber {
  const f = ELEMENTARY[name];
  const n = checkNumber(name, z, 1);
  if (n instanceof Compnum) return f.complex(n.re, n.im);
  if (name === "log" && (typeof n === "bigint" || n instanceof Ratnum)) return logOfExact(n);
  const x = realToDouble(n);
  return f.realDomain(x) ? new Flonum(f.real(x)) : f.complex(x, 0);
}

/** The log of an exact number too large (or too small) for a double: log(n / 2^k) + k log 2. */
function logOfExact(n: bigint | Ratnum): SchemeNumber {
  const x = realToDouble(n);
  if (Number.isFinite(x) && x !== 0) return applyElementary("log", new Flonum(x));
  const [num, den] = n instanceof Ratnum ? [n.num, n.den] : [n, 1n];
  const magnitude = (b: bigint): number => (b < 0n ? -b : b).toString(2).length;
  const shift = magnitude(num) - magnitude(den);
  const scaled = shift >= 0 ? ratioToDouble(num, den << BigInt(shift)) : ratioToDouble(num << BigInt(-shift), den);
  const log = applyElementary("log", new Flonum(scaled));
  return add(log, new Flonum(shift * Math.LN2));
}

/** (log z base) = log z / log base. */
export function logBase(z: Value, base: Value): SchemeNumber {
  const numerator = toParts(applyElementary("log", z));
  const denominator = toParts(applyElementary("log", checkNumber("log", base, 2)));
  if (numerator[1] === 0 && denominator[1] === 0) return new Flonum(numerator[0] / denominator[0]);
  return complexDiv(numerator[0], numerator[1], denominator[0], denominator[1]);
}

function toParts(n: SchemeNumber): [number, number] {
  return n instanceof Compnum ? [n.re, n.im] : [realToDouble(n), 0];
}

/** (atan y x): the angle of the point (x, y), in (-π, π]. */
export function atan2(y: Value, x: Value): Flonum {
  return new Flonum(Math.atan2(realToDouble(checkReal("atan", y, 1)), realToDouble(checkReal("atan", x, 2))));
}
