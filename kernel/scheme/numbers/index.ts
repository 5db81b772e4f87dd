// The numeric tower (representation in values.ts): predicates, arithmetic, comparison, division, powers,
// exactness, parsing and printing. The compiler inlines fixnum fast paths and calls these for the rest.
export { isNumber, isExact, isExactInteger, isExactRational, isInteger, isRational, isReal } from "./predicates.js";
export { add, sub, mul, div, neg, abs } from "./arithmetic.js";
export { numEq, lt, le, gt, ge, compareReal } from "./compare.js";
export { quotient, remainder, modulo, floorQuotient, divideIntegers } from "./division.js";
export { sqrt, expt, exactIntegerSqrt } from "./powers.js";
export { toExact, toInexact, toJsNumber } from "./exactness.js";
export { roundReal, numerator, denominator } from "./rounding.js";
export { makeRational, normalizeBigint } from "./exact.js";
export { makeComplex, magnitudeOf } from "./complex.js";
export { parseNumber } from "./parse.js";
export { numberToString, formatFlonum } from "./number-text.js";
