// Inline fast paths for the arithmetic the compiler open-codes.
//
// The code is written into each call site rather than called from shared helpers, so each site keeps its own
// type feedback: a fixnum loop stays a fixnum loop after a complex-number loop ran elsewhere, and V8 can keep
// intermediate flonums and complex numbers unboxed within a loop. The cases mirror the numeric tower's own
// first cases exactly; anything else (mixed types, overflow, errors) calls the tower.

import { abs, add, sub, mul, numEq, lt, gt, le, ge } from "../numbers/index.js";
import { magnitudeOf } from "../numbers/complex.js";
import { Compnum, Flonum, type Value } from "../values.js";

/** What the inline code refers to; codegen.ts passes these to every generated unit (magnitudeOf: unboxed.ts). */
export const fastPathHelpers = { Compnum, Flonum, add, sub, mul, numEq, lt, gt, le, ge, abs1, magnitudeOf };

const MAX = "9007199254740991";

/** A fixnum literal operand: only the fixnum case can apply (and `1.re` would not even parse). */
const isFixnumLiteral = (js: string) => /^\(?-?\d+\)?$/.test(js);

function bothFixnums(a: string, b: string): string {
  return [a, b].filter((x) => !isFixnumLiteral(x)).map((x) => `typeof ${x} === "number"`).join(" && ") || "true";
}

/**
 * A check that x is an int32 (`""` when the literal x is one; null when it is a literal beyond): the sum or
 * difference of two int32s is always a safe integer, so this case needs no range check, and V8 keeps such
 * loop variables as machine integers. `typeof` first: `|` throws on a bigint and converts objects.
 */
function int32Check(x: string): string | null {
  if (!isFixnumLiteral(x)) return `typeof ${x} === "number" && (${x} | 0) === ${x}`;
  return (Number(x.replace(/[()]/g, "")) | 0) === Number(x.replace(/[()]/g, "")) ? "" : null;
}

/** `+`/`-` of two values (simple JS expressions), `t` a temp for the fixnum result. */
function addOrSub(op: "+" | "-", tower: string) {
  return (a: string, b: string, t: string) => {
    const [ia, ib] = [int32Check(a), int32Check(b)];
    const int32s = ia === null || ib === null ? "" : `${[ia, ib].filter((c) => c !== "").join(" && ") || "true"} ? ${a} ${op} ${b} : `;
    const fixnums = `${bothFixnums(a, b)} && (${t} = ${a} ${op} ${b}) <= ${MAX} && ${t} >= -${MAX} ? ${t} : `;
    if (isFixnumLiteral(a) || isFixnumLiteral(b)) return `(${int32s}${fixnums}${tower}(${a}, ${b}))`;
    return (
      `(${int32s}typeof ${a} === "number" ? (typeof ${b} === "number" && (${t} = ${a} ${op} ${b}) <= ${MAX} && ${t} >= -${MAX} ? ${t} : ${tower}(${a}, ${b}))` +
      ` : ${a} instanceof Compnum && ${b} instanceof Compnum ? new Compnum(${a}.re ${op} ${b}.re, ${a}.im ${op} ${b}.im)` +
      ` : ${a} instanceof Flonum && ${b} instanceof Flonum ? new Flonum(${a}.value ${op} ${b}.value) : ${tower}(${a}, ${b}))`
    );
  };
}

function multiply(a: string, b: string, t: string): string {
  // `+ 0` turns -0 (from (* 0 -5)) into the exact 0.
  const fixnums = `${bothFixnums(a, b)} && (${t} = ${a} * ${b}) <= ${MAX} && ${t} >= -${MAX} ? ${t} + 0 : `;
  if (isFixnumLiteral(a) || isFixnumLiteral(b)) return `(${fixnums}mul(${a}, ${b}))`;
  return (
    `(typeof ${a} === "number" ? (typeof ${b} === "number" && (${t} = ${a} * ${b}) <= ${MAX} && ${t} >= -${MAX} ? ${t} + 0 : mul(${a}, ${b}))` +
    ` : ${a} instanceof Compnum && ${b} instanceof Compnum ? new Compnum(${a}.re * ${b}.re - ${a}.im * ${b}.im, ${a}.re * ${b}.im + ${a}.im * ${b}.re)` +
    ` : ${a} instanceof Flonum && ${b} instanceof Flonum ? new Flonum(${a}.value * ${b}.value) : mul(${a}, ${b}))`
  );
}

function compare(op: string, tower: string) {
  return (a: string, b: string) => {
    const fixnums = `${bothFixnums(a, b)} ? ${a} ${op} ${b} : `;
    if (isFixnumLiteral(a) || isFixnumLiteral(b)) return `(${fixnums}${tower}(${a}, ${b}))`;
    return `(${fixnums}${a} instanceof Flonum && ${b} instanceof Flonum ? ${a}.value ${op} ${b}.value : ${tower}(${a}, ${b}))`;
  };
}

export interface BinaryFastPath {
  readonly code: (a: string, b: string, temp: string) => string;
  /** Whether (op a b c) is (op (op a b) c): true for + - *, false for comparisons. */
  readonly chains: boolean;
}

export const BINARY_FAST_PATHS: ReadonlyMap<string, BinaryFastPath> = new Map([
  ["+", { code: addOrSub("+", "add"), chains: true }],
  ["-", { code: addOrSub("-", "sub"), chains: true }],
  ["*", { code: multiply, chains: true }],
  ["=", { code: (a: string, b: string) => `(${bothFixnums(a, b)} ? ${a} === ${b} : numEq(${a}, ${b}))`, chains: false }],
  ["<", { code: compare("<", "lt"), chains: false }],
  [">", { code: compare(">", "gt"), chains: false }],
  ["<=", { code: compare("<=", "le"), chains: false }],
  [">=", { code: compare(">=", "ge"), chains: false }],
]);

/** abs: the modulus of a complex number without a generic call (magnitudeOf's own first case, inline). */
export function abs1(a: Value): Value {
  if (a instanceof Compnum) {
    const quick = Math.sqrt(a.re * a.re + a.im * a.im);
    if (quick !== Infinity && quick >= 1e-150) return new Flonum(quick);
    return new Flonum(magnitudeOf(a.re, a.im));
  }
  return abs(a);
}

export const UNARY_FAST_PATHS: ReadonlyMap<string, (a: string) => string> = new Map([["abs", (a: string) => `abs1(${a})`]]);
