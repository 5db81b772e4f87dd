// R7RS exceptions: raise, with-exception-handler, error objects, and `guard`'s run time (the expander lowers `guard`
// and `assert` to calls of the helpers here). Every failure of a built-in procedure is raised through here too.

import { formatSchemeError, installFailureRaiser, SchemeError, signal, wrongType } from "../errors.js";
import { MString, NIL, Pair, Sym, type Procedure, type Value } from "../values.js";
import { call0, call1 } from "../runtime/call.js";
import { isControlTransfer } from "../runtime/continuations.js";
import { definePrimitive } from "../runtime/registry.js";

/** What a handler receives for a failure: the raised object, or the error object itself. */
export function conditionOf(e: unknown): Value {
  if (e instanceof SchemeError) return e.kind === "Raise" ? e.payload! : (e as unknown as Value);
  if (e instanceof RangeError) return recursionTooDeep() as unknown as Value;
  return new SchemeError("Error", e instanceof Error ? e.message : String(e)) as unknown as Value;
}

export function recursionTooDeep(): SchemeError {
  return new SchemeError("RecursionTooDeep", "recursion too deep: the stack is exhausted");
}

/** The JS exception that carries a raised object out to the enclosing guard or the top level. */
function raisedError(obj: Value): SchemeError {
  if (obj instanceof SchemeError) return obj;
  return new SchemeError("Raise", "uncaught exception:", [obj], undefined, obj);
}

/** Handlers installed by with-exception-handler (procedures) and guard (a marker: unwind to it). */
const GUARD_FRAME = Symbol("guard");
const handlers: (Value | typeof GUARD_FRAME)[] = [];

/** Exceptions every handler between their raise and the nearest guard (or the top) has already seen. */
const delivered = new WeakSet<object>();

/** Errors that must not be caught by Scheme code: the user's interrupt and continuation jumps. */
function isCatchable(e: unknown): boolean {
  return !isControlTransfer(e) && !(e instanceof SchemeError && e.kind === "Interrupted");
}

/**
 * R7RS raise: the current handler is called where the raise happens, with the outer handlers installed; if it
 * returns, a secondary exception is raised there. With no handler (or a guard) left, the exception unwinds.
 */
function raise(obj: Value, original?: unknown): never {
  const depth = handlers.length;
  const top = handlers[depth - 1];
  if (top === undefined || top === GUARD_FRAME) {
    // Rethrowing the original JS exception keeps the stack of the failure (its source position).
    const err = original instanceof SchemeError || original instanceof RangeError ? original : raisedError(obj);
    delivered.add(err);
    throw err;
  }
  handlers.length = depth - 1;
  call1(top, obj);
  raise(new SchemeError("Error", "an exception handler returned from a non-continuable raise of", [obj]) as unknown as Value);
}

// A built-in procedure's failure (`(car 1)`, an unbound variable, a wrong arity…) is raised as if by `raise`,
// where it happens: the handler sees the dynamic environment of the failure.
installFailureRaiser((err) => raise(err as unknown as Value, err));

function withExceptionHandler(handler: Value, thunk: Value): Value {
  if (typeof handler !== "function") wrongType("with-exception-handler", "a procedure", handler, 1);
  const depth = handlers.length;
  handlers.push(handler);
  try {
    return call0(thunk);
  } catch (e) {
    // Only what was thrown without going through `signal` (the stack exhausted, an error inside the JS engine)
    // reaches its handler here, after unwinding to it: nothing left at the point of failure could run the handler.
    if (!isCatchable(e) || delivered.has(e as object)) throw e;
    handlers.length = depth + 1;
    return raise(conditionOf(e), e);
  } finally {
    handlers.length = depth;
  }
}

function raiseContinuable(obj: Value): Value {
  const depth = handlers.length;
  const top = handlers[depth - 1];
  if (top === undefined || top === GUARD_FRAME) raise(obj);
  handlers.length = depth - 1;
  try {
    return call1(top, obj);
  } finally {
    handlers.length = depth - 1;
    handlers.push(top);
  }
}

/** Returned by a guard's clauses when none matched: the guard then re-raises. */
export const GUARD_NO_MATCH = Object.freeze({ guardNoMatch: true }) as unknown as Value;

export function guard(body: Procedure, handler: Procedure): Value {
  const depth = handlers.length;
  handlers.push(GUARD_FRAME);
  try {
    return call0(body);
  } catch (e) {
    if (!isCatchable(e)) throw e;
    handlers.length = depth;
    const condition = conditionOf(e);
    const r = call1(handler, condition);
    // No clause matched: re-raise to the handlers outside the guard.
    if (r === GUARD_NO_MATCH) raise(condition, e);
    return r;
  } finally {
    handlers.length = depth;
  }
}

export function assertionFailed(expr: Value): never {
  signal(new SchemeError("AssertionFailed", "assertion failed:", [expr]));
}

function errorProcedure(message: Value, ...irritants: Value[]): never {
  const text = message instanceof MString ? message.value : message instanceof Sym ? `${message.name}:` : String(message);
  raise(new SchemeError("Error", text, irritants) as unknown as Value);
}

const isErrorObject = (v: Value): boolean => (v as unknown) instanceof SchemeError;

function errorObject(name: string, v: Value): SchemeError {
  if (!isErrorObject(v)) wrongType(name, "an error object", v, 1);
  return v as unknown as SchemeError;
}

definePrimitive("with-exception-handler", 2, 2, withExceptionHandler);
definePrimitive("raise", 1, 1, (obj: Value) => raise(obj));
definePrimitive("raise-continuable", 1, 1, raiseContinuable);
definePrimitive("error", 1, Infinity, errorProcedure);
definePrimitive("error-object?", 1, 1, isErrorObject);
definePrimitive("error-object-message", 1, 1, (e: Value) => {
  // The message as the user reads it, with the procedure that failed ("car: expected a pair…"), sans irritants.
  const err = errorObject("error-object-message", e);
  return new MString(formatSchemeError(new SchemeError(err.kind, err.schemeMessage, [], err.procedure), () => ""));
});
definePrimitive("error-object-irritants", 1, 1, (e: Value) => {
  let r: Value = NIL;
  const items = errorObject("error-object-irritants", e).irritants;
  for (let i = items.length - 1; i >= 0; i--) r = new Pair(items[i]!, r);
  return r;
});
definePrimitive("file-error?", 1, 1, (e: Value) => isErrorObject(e) && /file/i.test((e as unknown as SchemeError).schemeMessage));
definePrimitive("read-error?", 1, 1, (e: Value) => isErrorObject(e) && (e as unknown as SchemeError).kind === "SyntaxError");
