import { test } from "node:test";
import assert from "node:assert/strict";
import { SchemeError } from "../errors.js";
import { Compnum, Flonum, Ratnum, Sym, sym, type SchemeNumber, type Value } from "../values.js";
import * as N from "./index.js";

const f = (x: number) => new Flonum(x);
const r = (n: number, d: number) => new Ratnum(BigInt(n), BigInt(d));
const MAX = Number.MAX_SAFE_INTEGER;

function schemeError(fn: () => unknown, kind: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SchemeError);
    assert.equal(err.kind, kind);
    const irritants = err.irritants.map((v) => (v instanceof Sym ? v.name : String(v)));
    assert.match(`${err.procedure}: ${err.message} ${irritants.join(" ")}`, message);
    return true;
  });
}

test("fixnum arithmetic overflows into bignums and bignums shrink back to fixnums", () => {
  assert.equal(N.add(MAX, 1), 9007199254740992n);
  assert.equal(N.add(MAX, 2), 9007199254740993n, "computed exactly, not through doubles");
  assert.equal(N.sub(-MAX, 1), -9007199254740992n);
  assert.equal(N.sub(9007199254740992n, 1), MAX, "back in the safe range: a fixnum again");
  assert.equal(typeof N.sub(9007199254740992n, 1), "number");
  assert.equal(N.mul(MAX, MAX), 81129638414606663681390495662081n);
  assert.equal(N.mul(94906267, 94906267), 9007199515875289n);
  assert.equal(N.neg(-MAX), MAX);
  assert.equal(N.div(9007199254740992n * 4n, 4), 9007199254740992n);
  assert.equal(N.div(9007199254740992n * 2n, 9007199254740992n), 2);
});

test("no negative zero among exact results", () => {
  for (const v of [N.mul(0, -5), N.div(0, -5), N.neg(0), N.quotient(1, -5), N.remainder(-4, 2), N.modulo(4, -2)]) {
    assert.ok(Object.is(v, 0), `got ${String(v)}`);
  }
});

test("rationals are normalised to lowest terms with a positive denominator", () => {
  assert.deepEqual(N.div(1, 3), r(1, 3));
  assert.deepEqual(N.div(6, -4), r(-3, 2));
  assert.equal(N.div(6, 3), 2);
  assert.equal(N.add(r(1, 3), r(2, 3)), 1);
  assert.deepEqual(N.add(r(1, 2), r(1, 3)), r(5, 6));
  assert.deepEqual(N.sub(r(1, 2), 1), r(-1, 2));
  assert.deepEqual(N.mul(r(2, 3), r(3, 4)), r(1, 2));
  assert.equal(N.mul(r(2, 3), 3), 2);
  assert.deepEqual(N.div(r(1, 2), r(3, 4)), r(2, 3));
  assert.deepEqual(N.makeRational(10n, -4n), r(-5, 2));
  assert.equal(N.makeRational(2n ** 80n, 2n ** 80n), 1);
  assert.equal(N.normalizeBigint(5n), 5);
});

test("exactness contagion: any inexact operand makes an inexact result", () => {
  assert.deepEqual(N.add(r(1, 2), f(0.5)), f(1));
  assert.deepEqual(N.add(1, f(0.5)), f(1.5));
  assert.deepEqual(N.add(f(0.5), 1), f(1.5));
  assert.deepEqual(N.mul(0, f(1.5)), f(0), "(* 0 1.5) is 0.0");
  assert.deepEqual(N.sub(2n ** 60n, f(1)), f(2 ** 60));
  assert.deepEqual(N.div(1, f(4)), f(0.25));
  assert.deepEqual(N.div(f(1), f(0)), f(Infinity), "division by an inexact zero follows IEEE");
  assert.deepEqual(N.add(1, new Compnum(1, 2)), new Compnum(2, 2));
  assert.deepEqual(N.mul(r(1, 2), new Compnum(2, 4)), new Compnum(1, 2));
});

test("division by an exact zero is a DivisionByZero error naming the procedure", () => {
  schemeError(() => N.div(1, 0), "DivisionByZero", /^\/: division by zero: 1$/);
  schemeError(() => N.div(f(1.5), 0), "DivisionByZero", /^\/: division by zero/);
  schemeError(() => N.div(r(1, 2), 0), "DivisionByZero", /division by zero/);
  schemeError(() => N.quotient(7, 0), "DivisionByZero", /^quotient: division by zero/);
  schemeError(() => N.remainder(7n ** 30n, 0), "DivisionByZero", /^remainder:/);
  schemeError(() => N.modulo(f(7), f(0)), "DivisionByZero", /^modulo:/);
  schemeError(() => N.expt(0, -1), "DivisionByZero", /^expt:/);
});

test("type errors name the procedure, the argument and the offending value", () => {
  schemeError(() => N.add(1, sym("a")), "WrongType", /^\+: expected a number as argument 2, got a$/);
  schemeError(() => N.sub(true, 1), "WrongType", /^-: expected a number as argument 1/);
  schemeError(() => N.mul(1, "x" as unknown as Value), "WrongType", /^\*: expected a number/);
  schemeError(() => N.div(sym("q"), 2), "WrongType", /^\/: expected a number as argument 1, got q$/);
  schemeError(() => N.lt(1, new Compnum(1, 1)), "WrongType", /^<: expected a real number as argument 2/);
  schemeError(() => N.numEq(1, sym("b")), "WrongType", /^=: expected a number as argument 2/);
  schemeError(() => N.quotient(f(1.5), 2), "WrongType", /^quotient: expected an integer as argument 1/);
});

test("comparisons are exact across exactness and transitive", () => {
  assert.equal(N.numEq(1, f(1)), true);
  assert.equal(N.numEq(r(1, 3), f(1 / 3)), false, "1/3 is not the double nearest it");
  assert.equal(N.numEq(r(1, 2), f(0.5)), true);
  assert.equal(N.numEq(9007199254740993n, f(9007199254740992)), false);
  assert.equal(N.lt(9007199254740992n, 9007199254740993n), true);
  assert.equal(N.lt(f(9007199254740992), 9007199254740993n), true);
  assert.equal(N.lt(r(1, 3), r(1, 2)), true);
  assert.equal(N.gt(r(-1, 3), r(-1, 2)), true);
  assert.equal(N.le(2, f(2)), true);
  assert.equal(N.ge(f(Infinity), 10n ** 400n), true);
  assert.equal(N.lt(10n ** 400n, f(Infinity)), true, "a bignum beyond the doubles is still below +inf.0");
  assert.equal(N.gt(-(10n ** 400n), f(-Infinity)), true);
  assert.equal(N.gt(10n ** 400n, f(1e308)), true);
  assert.equal(N.lt(f(-0.5), 0), true);
  assert.equal(N.ge(3, f(2.5)), true);
  assert.equal(N.le(f(NaN), 0), false);
  assert.equal(N.lt(f(NaN), 1), false);
  assert.equal(N.ge(f(NaN), 1), false);
  assert.equal(N.numEq(f(NaN), f(NaN)), false);
  assert.equal(N.numEq(new Compnum(1, 2), new Compnum(1, 2)), true);
  assert.equal(N.numEq(new Compnum(1, 0), 1), true);
  assert.equal(N.compareReal(r(1, 3), f(0.3)), 1);
  assert.equal(N.compareReal(2, 2n ** 70n), -1);
  assert.equal(N.compareReal(5, f(5)), 0);
});

test("quotient, remainder and modulo on exact, big and inexact integers", () => {
  const cases: [number, number, number, number, number][] = [
    // a, b, quotient, remainder, modulo
    [17, 5, 3, 2, 2],
    [-17, 5, -3, -2, 3],
    [17, -5, -3, 2, -3],
    [-17, -5, 3, -2, -2],
    [MAX, 2, 4503599627370495, 1, 1],
  ];
  for (const [a, b, q, rem, mod] of cases) {
    assert.equal(N.quotient(a, b), q, `quotient ${a} ${b}`);
    assert.equal(N.remainder(a, b), rem, `remainder ${a} ${b}`);
    assert.equal(N.modulo(a, b), mod, `modulo ${a} ${b}`);
    assert.equal(N.quotient(BigInt(a) * 2n ** 64n, BigInt(b) * 2n ** 64n), q);
    assert.equal(N.modulo(BigInt(a) + 2n ** 64n * BigInt(b), b), mod, "bignum dividend, fixnum divisor");
    assert.deepEqual(N.quotient(f(a), b), f(q));
    assert.deepEqual(N.modulo(a, f(b)), f(mod));
    assert.deepEqual(N.remainder(f(a), f(b)), f(rem));
  }
  assert.equal(N.floorQuotient(-7, 2), -4);
  assert.deepEqual(N.divideIntegers("floor/", "floor", -7, 2), [-4, 1]);
  assert.deepEqual(N.divideIntegers("truncate/", "truncate", -7, 2), [-3, -1]);
});

test("rounding: floor, ceiling, truncate and round to even, exact and inexact", () => {
  const expectations: [Value, string, Value][] = [
    [f(2.5), "round", f(2)],
    [f(3.5), "round", f(4)],
    [f(-2.5), "round", f(-2)],
    [f(-3.5), "round", f(-4)],
    [f(0.5), "round", f(0)],
    [f(-0.4), "round", f(-0)],
    [r(5, 2), "round", 2],
    [r(7, 2), "round", 4],
    [r(-5, 2), "round", -2],
    [r(-7, 2), "round", -4],
    [r(7, 3), "round", 2],
    [r(-7, 3), "floor", -3],
    [r(-7, 3), "ceiling", -2],
    [r(-7, 3), "truncate", -2],
    [r(7, 3), "ceiling", 3],
    [f(-1.5), "floor", f(-2)],
    [f(-1.5), "ceiling", f(-1)],
    [f(-1.5), "truncate", f(-1)],
    [7, "floor", 7],
    [2n ** 70n, "round", 2n ** 70n],
  ];
  for (const [x, mode, expected] of expectations) {
    assert.deepEqual(N.roundReal(x, mode as "round"), expected, `${mode} ${String(x instanceof Flonum ? x.value : x)}`);
  }
  assert.deepEqual(N.numerator(N.div(6, 4)), 3);
  assert.deepEqual(N.denominator(N.div(6, 4)), 2);
  assert.deepEqual(N.denominator(f(0.5)), f(2));
  assert.deepEqual(N.numerator(f(0.75)), f(3));
  assert.equal(N.denominator(5), 1);
});

test("sqrt is exact for exact perfect squares, complex for negatives", () => {
  assert.equal(N.sqrt(16), 4);
  assert.deepEqual(N.sqrt(r(1, 4)), r(1, 2));
  assert.equal(N.sqrt(10n ** 40n), 10n ** 20n);
  assert.deepEqual(N.sqrt(2), f(Math.SQRT2));
  assert.deepEqual(N.sqrt(-4), new Compnum(0, 2));
  assert.deepEqual(N.sqrt(f(-4)), new Compnum(0, 2));
  assert.deepEqual(N.sqrt(f(2.25)), f(1.5));
  const z = N.sqrt(new Compnum(-3, 4)) as Compnum;
  assert.deepEqual([z.re, z.im], [1, 2]);
  const w = N.sqrt(new Compnum(-3, -4)) as Compnum;
  assert.deepEqual([w.re, w.im], [1, -2]);
  assert.deepEqual(N.exactIntegerSqrt(17), [4, 1]);
  assert.deepEqual(N.exactIntegerSqrt(2n ** 100n + 5n), [2 ** 50, 5]);
  assert.deepEqual(N.exactIntegerSqrt(MAX), [94906265, 118490766]);
  schemeError(() => N.exactIntegerSqrt(-1), "WrongType", /non-negative exact integer/);
  schemeError(() => N.exactIntegerSqrt(f(4)), "WrongType", /non-negative exact integer/);
});

test("expt keeps exact powers exact and goes complex when it must", () => {
  assert.equal(N.expt(2, 10), 1024);
  assert.equal(N.expt(2, 100), 2n ** 100n);
  assert.deepEqual(N.expt(r(2, 3), 3), r(8, 27));
  assert.deepEqual(N.expt(2, -2), r(1, 4));
  assert.deepEqual(N.expt(r(2, 3), -2), r(9, 4));
  assert.equal(N.expt(4, r(1, 2)), 2);
  assert.equal(N.expt(4, r(3, 2)), 8);
  assert.equal(N.expt(8, r(1, 3)), 2);
  assert.equal(N.expt(8, r(2, 3)), 4);
  assert.deepEqual(N.expt(r(27, 64), r(1, 3)), r(3, 4));
  assert.equal(N.expt(10n ** 30n, r(1, 5)), 1_000_000);
  assert.deepEqual(N.expt(9, r(1, 3)), f(Math.pow(9, 1 / 3)), "no exact root: inexact");
  assert.deepEqual(N.expt(2, r(1, 2)), f(Math.SQRT2));
  assert.equal(N.expt(0, 0), 1);
  assert.equal(N.expt(-1, 2n ** 80n), 1);
  assert.deepEqual(N.expt(f(2), 3), f(8));
  assert.deepEqual(N.expt(2, f(0.5)), f(Math.SQRT2));
  assert.deepEqual(N.expt(new Compnum(0, 1), 2), new Compnum(-1, 0));
  const cubeRoot = N.expt(-8, r(1, 3)) as Compnum;
  assert.ok(cubeRoot instanceof Compnum && Math.abs(cubeRoot.re - 1) < 1e-12 && Math.abs(cubeRoot.im - Math.sqrt(3)) < 1e-12);
});

test("abs, including the magnitude of a complex number", () => {
  assert.equal(N.abs(-5), 5);
  assert.equal(N.abs(-(2n ** 60n)), 2n ** 60n);
  assert.deepEqual(N.abs(r(-1, 2)), r(1, 2));
  assert.deepEqual(N.abs(f(-0)), f(0));
  assert.deepEqual(N.abs(new Compnum(3, -4)), f(5));
  assert.deepEqual(N.abs(new Compnum(3 * 2 ** 600, 4 * 2 ** 600)), f(5 * 2 ** 600), "no overflow in the squares");
  assert.deepEqual(N.abs(new Compnum(3 * 2 ** -600, -4 * 2 ** -600)), f(5 * 2 ** -600), "no underflow either");
  assert.equal(N.abs(-MAX), MAX);
});

test("complex arithmetic", () => {
  assert.deepEqual(N.mul(new Compnum(1, 2), new Compnum(3, 4)), new Compnum(-5, 10));
  assert.deepEqual(N.div(new Compnum(-5, 10), new Compnum(3, 4)), new Compnum(1, 2));
  assert.deepEqual(N.sub(new Compnum(1, 2), f(1)), new Compnum(0, 2));
  assert.deepEqual(N.neg(new Compnum(1, -2)), new Compnum(-1, 2));
  assert.deepEqual(N.makeComplex(1, 0), new Compnum(1, 0));
});

test("exact and inexact conversions", () => {
  assert.deepEqual(N.toExact(f(0.5)), r(1, 2));
  assert.equal(N.toExact(f(2)), 2);
  assert.equal(N.toExact(f(2 ** 60)), 2n ** 60n);
  assert.deepEqual(N.toExact(f(0.1)), new Ratnum(3602879701896397n, 36028797018963968n));
  assert.deepEqual(N.toInexact(r(1, 3)), f(1 / 3));
  assert.deepEqual(N.toInexact(10n ** 400n), f(Infinity));
  assert.deepEqual(N.toInexact(new Ratnum(10n ** 400n + 1n, 10n ** 399n)), f(10), "huge ratios divide before rounding");
  assert.deepEqual(N.toInexact(new Ratnum(1n, 3n * 10n ** 300n)), f(3.3333333333333334e-301), "correctly rounded, unlike 1/3/1e300");
  assert.equal(N.toJsNumber(r(3, 4)), 0.75);
  schemeError(() => N.toExact(f(Infinity)), "WrongType", /^exact: expected a finite number/);
  schemeError(() => N.toExact(new Compnum(1, 1)), "WrongType", /exact complex/);
});

test("numberToString and parseNumber round-trip every kind of number in every radix", () => {
  const printed: [SchemeNumber, string][] = [
    [0, "0"],
    [-42, "-42"],
    [2n ** 70n, "1180591620717411303424"],
    [r(-1, 3), "-1/3"],
    [f(2), "2.0"],
    [f(0.1), "0.1"],
    [f(-0), "-0.0"],
    [f(1e21), "1e21"],
    [f(1.5e-7), "1.5e-7"],
    [f(123456789.125), "123456789.125"],
    [f(Infinity), "+inf.0"],
    [f(-Infinity), "-inf.0"],
    [f(NaN), "+nan.0"],
    [new Compnum(1.5, -2), "1.5-2.0i"],
    [new Compnum(0, 1), "0.0+1.0i"],
    [new Compnum(1, Infinity), "1.0+inf.0i"],
    [new Compnum(-0, -0), "-0.0-0.0i"],
  ];
  for (const [n, text] of printed) {
    assert.equal(N.numberToString(n), text);
    const back = N.parseNumber(text);
    assert.ok(back !== null, text);
    assert.equal(N.numberToString(back), text, `${text} reads back as itself`);
  }
  assert.equal(N.numberToString(255, 16), "ff");
  assert.equal(N.numberToString(-5, 2), "-101");
  assert.equal(N.numberToString(r(-255, 16), 16), "-ff/10");
  assert.equal(N.numberToString(2n ** 64n, 8), "2000000000000000000000");
  assert.equal(N.parseNumber("ff", 16), 255);
  assert.equal(N.parseNumber("-101", 2), -5);
  assert.deepEqual(N.parseNumber("-ff/10", 16), r(-255, 16));
  assert.equal(N.parseNumber("#d10", 16), 10, "a prefix overrides the default radix");
  assert.equal(N.parseNumber("12", 2), null);
  assert.equal(N.parseNumber("abc"), null);
  assert.equal(N.parseNumber(""), null);
  assert.equal(N.parseNumber("1/0"), null);
  assert.equal(N.parseNumber("#e#x10"), 16);
  assert.equal(N.parseNumber("#e#e1"), null);
  assert.equal(N.parseNumber("#x#b1"), null);
  assert.equal(N.parseNumber("1.5", 16), null);
  assert.deepEqual(N.parseNumber("#e1.2e-3"), r(3, 2500));
  assert.deepEqual(N.parseNumber("#i3/4"), f(0.75));
  assert.equal(N.parseNumber("#e1e400"), 10n ** 400n);
  assert.throws(() => N.numberToString(5, 3), /radix/);
});
