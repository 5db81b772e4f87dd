// Helpers for the library's unit tests: call a registered primitive by its Scheme name, read Scheme data from
// text, and assert on SchemeErrors and on Scheme values compared with equal?.

import assert from "node:assert/strict";
import { SchemeError, type ErrorKind } from "../errors.js";
import { writeString } from "../printer.js";
import { readAll } from "../reader/index.js";
import type { Value } from "../values.js";
import { isEqual } from "../library/equivalence.js";
import { primitive } from "../runtime/registry.js";
import "../library/index.js";

/** Call the primitive `name` as Scheme code would (through its arity-checking wrapper). */
export function call(name: string, ...args: Value[]): Value {
  const p = primitive(name);
  if (p === undefined) throw new Error(`no primitive named ${name}`);
  return p.procedure(...args);
}

/** The one datum written in `text`: read("(1 2 . 3)"), read("#(a \"b\")"). */
export function read(text: string): Value {
  const { datums } = readAll(text, "test");
  assert.equal(datums.length, 1, `expected one datum in ${text}`);
  return datums[0]!;
}

/** Asserts that `actual` is equal? to the datum written in `expected`. */
export function assertDatum(actual: Value, expected: string): void {
  assert.ok(isEqual(actual, read(expected)), `expected ${expected}, got ${writeString(actual)}`);
}

export interface ExpectedError {
  kind: ErrorKind;
  procedure?: string;
  /** A fragment the message (without irritants) contains. */
  message?: string | RegExp;
  /** The irritants, each written as a datum. */
  irritants?: readonly string[];
}

/** Asserts that `fn` throws a SchemeError with the expected kind, procedure, message and irritants. */
export function assertSchemeError(fn: () => unknown, expected: ExpectedError): SchemeError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof SchemeError, `expected a SchemeError ${expected.kind}, got ${String(caught)}`);
  assert.equal(caught.kind, expected.kind, caught.message);
  if (expected.procedure !== undefined) assert.equal(caught.procedure, expected.procedure);
  if (typeof expected.message === "string") assert.ok(caught.schemeMessage.includes(expected.message), caught.schemeMessage);
  else if (expected.message !== undefined) assert.match(caught.schemeMessage, expected.message);
  if (expected.irritants !== undefined) {
    assert.equal(caught.irritants.length, expected.irritants.length, "irritant count");
    expected.irritants.forEach((text, i) => assertDatum(caught.irritants[i]!, text));
  }
  return caught;
}

/** WrongType naming the procedure, the expected type and the argument's position. */
export function assertWrongType(fn: () => unknown, procedure: string, expected: string, argIndex: number, value: string): void {
  assertSchemeError(fn, {
    kind: "WrongType",
    procedure,
    message: `expected ${expected} as argument ${argIndex}`,
    irritants: [value],
  });
}

export function assertWrongArity(fn: () => unknown, procedure: string): void {
  assertSchemeError(fn, { kind: "WrongArity", procedure });
}
