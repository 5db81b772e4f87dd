// Properties checked over many generated numbers (a fixed-seed generator, so failures reproduce).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Flonum, Ratnum, type SchemeNumber } from "../values.js";
import * as N from "./index.js";

/** xorshift32: deterministic pseudo-random numbers. */
function generator(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const random = generator(20261124);

function randomDouble(): number {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setUint32(0, Math.floor(random() * 2 ** 32));
  bits.setUint32(4, Math.floor(random() * 2 ** 32));
  return bits.getFloat64(0);
}

/** Exact integers around the interesting boundaries: small, near 2^53, and far beyond. */
function randomExactInteger(): bigint {
  const magnitudes = [10, 2 ** 26, 2 ** 53 - 2, 2 ** 53 + 2];
  const pick = Math.floor(random() * 5);
  const sign = random() < 0.5 ? -1n : 1n;
  if (pick < 4) return sign * BigInt(Math.floor(random() * magnitudes[pick]!));
  return sign * (BigInt(Math.floor(random() * 2 ** 53)) << BigInt(Math.floor(random() * 100)));
}

function randomExact(): { num: bigint; den: bigint; value: SchemeNumber } {
  const num = randomExactInteger();
  let den = randomExactInteger();
  if (den === 0n) den = 1n;
  return { num, den, value: N.makeRational(num, den) };
}

/** The canonical exact value of num/den, computed independently of the tower. */
function reference(num: bigint, den: bigint): string {
  if (den < 0n) [num, den] = [-num, -den];
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const g = gcd(num, den);
  return den / g === 1n ? `${num / g}` : `${num / g}/${den / g}`;
}

test("every double prints in a form that reads back as the same double", () => {
  for (let i = 0; i < 20_000; i++) {
    const x = randomDouble();
    const text = N.numberToString(new Flonum(x));
    const back = N.parseNumber(text) as Flonum;
    assert.ok(back instanceof Flonum, text);
    assert.ok(Object.is(back.value, x) || (Number.isNaN(x) && Number.isNaN(back.value)), `${x} printed as ${text}`);
    assert.match(text, /[.e]|inf|nan/, "an inexact number always shows it is inexact");
  }
});

test("exact conversion of a double is exact, and converting back is the identity", () => {
  for (let i = 0; i < 5_000; i++) {
    const x = randomDouble();
    if (!Number.isFinite(x)) continue;
    const exact = N.toExact(new Flonum(x));
    assert.ok(Object.is((N.toInexact(exact) as Flonum).value, x === 0 ? 0 : x), `${x}`);
    assert.equal(N.numEq(exact, new Flonum(x)), true);
  }
});

test("exact arithmetic agrees with an independent fraction computation", () => {
  for (let i = 0; i < 5_000; i++) {
    const a = randomExact();
    const b = randomExact();
    assert.equal(N.numberToString(N.add(a.value, b.value)), reference(a.num * b.den + b.num * a.den, a.den * b.den));
    assert.equal(N.numberToString(N.sub(a.value, b.value)), reference(a.num * b.den - b.num * a.den, a.den * b.den));
    assert.equal(N.numberToString(N.mul(a.value, b.value)), reference(a.num * b.num, a.den * b.den));
    if (b.num !== 0n) assert.equal(N.numberToString(N.div(a.value, b.value)), reference(a.num * b.den, a.den * b.num));
    const difference = a.num * b.den - b.num * a.den; // sign of a - b (denominators may be negative: fix below)
    const sign = Math.sign(Number(difference)) * Math.sign(Number(a.den)) * Math.sign(Number(b.den));
    assert.equal(N.compareReal(a.value, b.value), sign === 0 ? 0 : sign, `${N.numberToString(a.value)} vs ${N.numberToString(b.value)}`);
  }
});

test("results are canonical: fixnums whenever safe, ratnums in lowest terms with den > 1", () => {
  for (let i = 0; i < 5_000; i++) {
    const a = randomExact().value;
    const b = randomExact().value;
    for (const r of [N.add(a, b), N.sub(a, b), N.mul(a, b)]) {
      if (typeof r === "bigint") assert.ok(r > BigInt(Number.MAX_SAFE_INTEGER) || r < -BigInt(Number.MAX_SAFE_INTEGER));
      if (typeof r === "number") assert.ok(Number.isSafeInteger(r) && !Object.is(r, -0));
      if (r instanceof Ratnum) assert.ok(r.den > 1n);
    }
  }
});

test("integer division identities: n = q*d + r for both roundings", () => {
  for (let i = 0; i < 5_000; i++) {
    const n = N.normalizeBigint(randomExactInteger());
    let d = N.normalizeBigint(randomExactInteger());
    if (d === 0) d = 7;
    for (const rounding of ["floor", "truncate"] as const) {
      const [q, r] = N.divideIntegers("test", rounding, n, d);
      assert.equal(N.numEq(N.add(N.mul(q, d), r), n), true);
      assert.ok(N.lt(N.abs(r), N.abs(d)));
      const rSign = N.compareReal(r, 0);
      if (rSign !== 0) assert.equal(rSign, N.compareReal(rounding === "floor" ? d : n, 0), `${rounding} remainder sign`);
    }
  }
});

test("exact numbers print and read back in every radix", () => {
  for (let i = 0; i < 5_000; i++) {
    const { value } = randomExact();
    for (const radix of [2, 8, 10, 16]) {
      const text = N.numberToString(value, radix);
      const back = N.parseNumber(text, radix);
      assert.ok(back !== null && N.numEq(back, value), `${text} in radix ${radix}`);
    }
  }
});

test("exact arithmetic on parts whose products straddle 2^53 (the end of the doubles' fast path) stays exact", () => {
  const root = 94906265n; // root² < 2^53 < (root + 2)²
  const parts = [1n, 2n, 3n, root - 1n, root, root + 1n, root + 2n, 2n ** 52n - 1n, 2n ** 53n - 1n, 2n ** 53n + 1n];
  const values = parts.flatMap((n) => parts.flatMap((d) => [n, -n].map((signed) => ({ num: signed, den: d, value: N.makeRational(signed, d) }))));
  for (const a of values) {
    for (const b of values) {
      assert.equal(N.numberToString(N.add(a.value, b.value)), reference(a.num * b.den + b.num * a.den, a.den * b.den));
      assert.equal(N.numberToString(N.sub(a.value, b.value)), reference(a.num * b.den - b.num * a.den, a.den * b.den));
      assert.equal(N.numberToString(N.mul(a.value, b.value)), reference(a.num * b.num, a.den * b.den));
      assert.equal(N.numberToString(N.div(a.value, b.value)), reference(a.num * b.den, a.den * b.num));
    }
  }
});
