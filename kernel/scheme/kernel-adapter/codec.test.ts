import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Char,
  Compnum,
  EOF,
  Flonum,
  MString,
  MultipleValues,
  NIL,
  Pair,
  Ratnum,
  Record,
  RecordType,
  Sym,
  VOID,
  list,
  sym,
  type Value,
} from "../values.js";
import { schemeFromWire, schemeToWire, WireValueError, WireOpaque } from "./codec.js";
import { SchemeError } from "../errors.js";
import type { WireValue } from "../../language/wire-value.js";

const print = (v: Value): string => (typeof v === "function" ? `#<procedure ${v.name}>` : `#<${(v as object).constructor.name}>`);

/** Send a value through JSON exactly as the transports do, and back. */
const roundTrip = (v: Value): Value => schemeFromWire(JSON.parse(JSON.stringify(schemeToWire(v, print))) as WireValue);

/** Structural equality that follows sharing: `a` and `b` must have the same shape of identities, not just contents. */
function assertSameStructure(a: Value, b: Value, pairs = new Map<object, object>()): void {
  if (typeof a !== "object" || a === null || a instanceof Sym || a instanceof Char || a === NIL || a === VOID || a === EOF) {
    assert.equal(b, a);
    return;
  }
  if (pairs.has(a)) {
    assert.equal(pairs.get(a), b, "sharing differs");
    return;
  }
  assert.equal((b as object).constructor, (a as object).constructor);
  pairs.set(a, b as object);
  if (a instanceof Pair) {
    assertSameStructure(a.car, (b as Pair).car, pairs);
    assertSameStructure(a.cdr, (b as Pair).cdr, pairs);
  } else if (Array.isArray(a)) {
    assert.equal((b as Value[]).length, a.length);
    a.forEach((item, i) => assertSameStructure(item, (b as Value[])[i]!, pairs));
  } else if (a instanceof MultipleValues) {
    a.items.forEach((item, i) => assertSameStructure(item, (b as MultipleValues).items[i]!, pairs));
  } else {
    assert.deepEqual(b, a);
  }
}

test("numbers of every kind cross exactly", () => {
  const big = 2n ** 200n + 1n;
  assert.equal(roundTrip(42), 42);
  assert.equal(roundTrip(-(2 ** 53 - 1)), -(2 ** 53 - 1));
  assert.equal(roundTrip(big), big);
  assert.equal(roundTrip(-big), -big);
  assert.deepEqual(roundTrip(new Ratnum(-1n, 3n)), new Ratnum(-1n, 3n));
  assert.deepEqual(roundTrip(new Ratnum(big, 7n)), new Ratnum(big, 7n));
  for (const x of [0.1, 2.0, -1.5e300, 5e-324, Infinity, -Infinity]) assert.equal((roundTrip(new Flonum(x)) as Flonum).value, x);
  assert.ok(Number.isNaN((roundTrip(new Flonum(NaN)) as Flonum).value));
  assert.ok(Object.is((roundTrip(new Flonum(-0)) as Flonum).value, -0), "-0.0 keeps its sign");
  const z = roundTrip(new Compnum(1.5, -Infinity)) as Compnum;
  assert.deepEqual([z.re, z.im], [1.5, -Infinity]);
  assert.ok(roundTrip(new Flonum(2)) instanceof Flonum, "2.0 stays inexact");
});

test("strings, chars, symbols, booleans and the unique objects cross", () => {
  const s = roundTrip(new MString('a "quoted"\nλ string')) as MString;
  assert.equal(s.value, 'a "quoted"\nλ string');
  assert.deepEqual(roundTrip(Char.of(0x1f600)), Char.of(0x1f600));
  assert.equal(roundTrip(Char.of(97)), Char.of(97));
  assert.equal(roundTrip(sym("for-each")), sym("for-each"), "interned symbols stay eq?");
  const gensym = roundTrip(Sym.uninterned("tmp")) as Sym;
  assert.equal(gensym.name, "tmp");
  assert.equal(gensym.isInterned(), false);
  for (const v of [true, false, NIL, VOID, EOF] as Value[]) assert.equal(roundTrip(v), v);
});

test("lists, improper lists, vectors, bytevectors and multiple values cross", () => {
  const nested = list(1, list(2, new MString("x")), [3, [4, NIL]], new Pair(5, 6));
  assertSameStructure(nested, roundTrip(nested));
  const improper = new Pair(1, new Pair(2, 3));
  assertSameStructure(improper, roundTrip(improper));
  const bytes = roundTrip(Uint8Array.from([0, 255, 7])) as Uint8Array;
  assert.deepEqual(Array.from(bytes), [0, 255, 7]);
  const mv = new MultipleValues([1, new MString("two")]);
  assertSameStructure(mv, roundTrip(mv));
  assert.deepEqual(roundTrip([]), []);
});

test("a list of a million elements crosses without exhausting the stack", () => {
  const items = Array.from({ length: 1_000_000 }, (_, i) => i);
  let l: Value = NIL;
  for (let i = items.length - 1; i >= 0; i--) l = new Pair(i, l);
  let back = roundTrip(l);
  let n = 0;
  while (back instanceof Pair) {
    assert.equal(back.car, n++);
    back = back.cdr;
  }
  assert.equal(n, 1_000_000);
});

test("shared structure stays shared and cycles stay cycles", () => {
  const shared = new MString("shared");
  const tail = list(7, 8);
  const v = [shared, shared, new Pair(1, tail), new Pair(2, tail)];
  const back = roundTrip(v) as Value[];
  assertSameStructure(v, back);
  assert.equal(back[0], back[1], "the same string object twice");
  assert.equal((back[2] as Pair).cdr, (back[3] as Pair).cdr, "the same tail twice");

  const cyclicList = list(1, 2, 3) as Pair;
  ((cyclicList.cdr as Pair).cdr as Pair).cdr = cyclicList;
  assertSameStructure(cyclicList, roundTrip(cyclicList));

  const selfVector: Value[] = [1];
  selfVector.push(selfVector);
  const backVector = roundTrip(selfVector) as Value[];
  assert.equal(backVector[1], backVector, "the vector contains itself");

  const carCycle = new Pair(NIL, NIL);
  carCycle.car = carCycle;
  const backPair = roundTrip(carCycle) as Pair;
  assert.equal(backPair.car, backPair);

  const midCycle = list(0, 1, 2, 3) as Pair;
  const second = midCycle.cdr as Pair;
  ((second.cdr as Pair).cdr as Pair).cdr = second;
  assertSameStructure(midCycle, roundTrip(midCycle));
});

test("procedures and other host-only objects cross as printable stand-ins that say what they were", () => {
  const fib = function λfib() {
    return 0;
  };
  const back = roundTrip(fib as Value);
  assert.ok(back instanceof WireOpaque);
  assert.equal(back.kind, "procedure");
  assert.equal(back.describe(), "#<procedure λfib>");
  assert.notEqual(typeof back, "function", "never silently a procedure");

  const point = new RecordType("point", [sym("x")]);
  const record = roundTrip(new Record(point, [1])) as WireOpaque;
  assert.equal(record.kind, "record");
  assert.equal(record.printed, "#<Record>");

  // A stand-in crossing again keeps what it was.
  const again = roundTrip(record) as WireOpaque;
  assert.deepEqual([again.kind, again.printed], ["record", "#<Record>"]);
});

test("malformed wire data is refused with a clear error", () => {
  assert.throws(() => schemeFromWire({ t: "ref", id: 9 }), WireValueError);
  assert.throws(() => schemeFromWire(1.5), /safe integer/);
  assert.throws(() => schemeFromWire({ t: "list", items: [] }), /at least one item/);
});

test("a value nested deeper than the transports carry is refused with a clear error, not sent", () => {
  let deep: Value = NIL;
  for (let i = 0; i < 2_000; i++) deep = list(deep);
  assert.throws(
    () => schemeToWire(deep, print),
    (e: unknown) => e instanceof SchemeError && e.kind === "Error" && /nested more than 500 levels deep/.test(e.message),
  );
  let vectors: Value = 0;
  for (let i = 0; i < 2_000; i++) vectors = [vectors];
  assert.throws(() => schemeToWire(vectors, print), /nested more than 500 levels deep/);
  let fine: Value = NIL;
  for (let i = 0; i < 400; i++) fine = list(fine);
  assertSameStructure(fine, roundTrip(fine));
  let longList: Value = NIL;
  for (let i = 0; i < 2_000; i++) longList = new Pair(list(i), longList);
  assertSameStructure(longList, roundTrip(longList));
});
