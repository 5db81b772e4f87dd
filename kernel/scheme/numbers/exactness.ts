// exact and inexact: moving a number across the exact/inexact divide.

import { wrongType } from "../errors.js";
import { Compnum, Flonum, type Value } from "../values.js";
import { doubleToExact, exactToDouble, realToDouble } from "./convert.js";
import { isNumber, isReal, type ExactNumber } from "./predicates.js";

/** The exact number equal to `n`: (exact 0.5) is 1/2, (exact 2.0) is 2. Infinities, NaN and non-reals have none. */
export function toExact(n: Value, who = "exact"): ExactNumber {
  if (typeof n === "number" || typeof n === "bigint") return n;
  if (n instanceof Flonum) {
    if (!Number.isFinite(n.value)) wrongType(who, "a finite number (it has no exact value)", n, 1);
    return doubleToExact(n.value);
  }
  if (n instanceof Compnum) {
    if (n.im === 0) return toExact(new Flonum(n.re), who);
    return wrongType(who, "a real number (exact complex numbers are not supported)", n, 1);
  }
  if (!isNumber(n)) wrongType(who, "a number", n, 1);
  return n;
}

/** The inexact number nearest `n`. */
export function toInexact(n: Value, who = "inexact"): Flonum | Compnum {
  if (n instanceof Flonum || n instanceof Compnum) return n;
  if (!isNumber(n)) wrongType(who, "a number", n, 1);
  return new Flonum(exactToDouble(n as ExactNumber));
}

/** The double value of any real number, for JavaScript code that needs a plain number. */
export function toJsNumber(n: Value): number {
  if (typeof n === "number") return n;
  if (!isReal(n)) wrongType("toJsNumber", "a real number", n);
  return realToDouble(n);
}

