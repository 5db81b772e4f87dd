// Scheme errors: what a primitive or compiled code throws when user code goes wrong.
//
// A SchemeError is also the R7RS "error object" (`error-object?`, `error-object-message`,
// `error-object-irritants`). It extends Error so V8 records the stack at the point of failure: the engine maps
// that stack back to the Scheme source line and column and to a backtrace of Scheme procedure names.

import type { Value } from "./values.js";

/** Every kind of SchemeError: the name (Jupyter's ename) a notebook shows for it. */
export const ERROR_KINDS = [
  "Error", //               (error "message" irritant ...) in user code
  "SyntaxError", //         the reader or the expander refused the text
  "UnboundVariable",
  "WrongType", //           (car 1)
  "WrongArity", //          a procedure called with the wrong number of arguments
  "NotAProcedure", //       (5 1)
  "DivisionByZero", //      (/ 1 0)
  "IndexOutOfRange", //     (vector-ref v 10)
  "RecursionTooDeep", //    runaway non-tail recursion exhausted the stack
  "AssertionFailed", //     (assert #f)
  "Raise", //               (raise obj) with a non-error object nobody handled
  "Interrupted", //         the user pressed Interrupt
  "NoInput", //             (read-line) where nobody can answer: a headless run, a node
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface SourceLocation {
  /** The SourceOrigin name: "cell 3", "fib.scm"… */
  readonly origin: string;
  readonly line: number;
  readonly column: number;
}

export class SchemeError extends Error {
  /** Filled in by the engine from the stack when the error leaves user code. */
  location?: SourceLocation;
  /** Scheme procedure names, innermost first, filled in by the engine. */
  backtrace?: string[];

  constructor(
    readonly kind: ErrorKind,
    /** The message without the irritants: "expected a pair", "division by zero"… */
    readonly schemeMessage: string,
    readonly irritants: readonly Value[] = [],
    /** The procedure that refused its arguments, when there is one ("car", "vector-ref"). */
    readonly procedure?: string,
    /** For kind "Raise": the object that was raised. */
    readonly payload?: Value,
  ) {
    super(schemeMessage);
    this.name = kind;
  }
}

/**
 * The one-line message a notebook shows: "car: expected a pair as argument 1, got 1",
 * "bad thing: 42" for (error "bad thing:" 42). `write` prints an irritant as `write` would.
 */
export function formatSchemeError(err: SchemeError, write: (v: Value) => string): string {
  const parts: string[] = [];
  if (err.procedure !== undefined && !err.schemeMessage.startsWith(`${err.procedure}:`)) parts.push(`${err.procedure}:`);
  parts.push(err.schemeMessage);
  for (const irritant of err.irritants) parts.push(write(irritant));
  return parts.join(" ");
}

/**
 * How a failure is raised. library/exceptions.ts installs R7RS `raise`, which calls the current exception handler
 * right here, at the point of failure (before any dynamic-wind after thunk runs), and throws only when no handler
 * takes it.
 * Until then, and whenever no handler is installed, a failure simply throws: the path without handlers costs nothing.
 */
let raiseFailure: (err: SchemeError) => never = (err) => {
  throw err;
};

export function installFailureRaiser(raiser: (err: SchemeError) => never): void {
  raiseFailure = raiser;
}

/** Every run-time failure of Scheme code goes through here (never a bare `throw`), so handlers see it where it happens. */
export function signal(err: SchemeError): never {
  return raiseFailure(err);
}

/** `(car 1)` → WrongType "car: expected a pair as argument 1, got 1". argIndex counts from 1. */
export function wrongType(procedure: string, expected: string, value: Value, argIndex?: number): never {
  const which = argIndex === undefined ? "" : ` as argument ${argIndex}`;
  signal(new SchemeError("WrongType", `expected ${expected}${which}, got`, [value], procedure));
}

/** `(vector-ref v 10)` on a 3-element vector → IndexOutOfRange "vector-ref: index 10 is out of range for ..." */
export function indexOutOfRange(procedure: string, index: Value, object: Value, validRange: string): never {
  signal(new SchemeError("IndexOutOfRange", `index out of range (valid: ${validRange}): index`, [index, object], procedure));
}
