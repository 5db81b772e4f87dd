// Control primitives (call/cc, dynamic-wind, values, apply, exceptions, parameters, promises, eval) and the
// run-time helpers the expander's lowered forms call directly (guard, parameterize, delay, records…).

import { formatSchemeError, installFailureRaiser, SchemeError, signal, wrongType } from "../errors.js";
import { mangle } from "../names.js";
import {
  MString,
  MultipleValues,
  NIL,
  Opaque,
  Pair,
  Promise_,
  Record,
  RecordType,
  Sym,
  VOID,
  type Procedure,
  type Value,
} from "../values.js";
import { applyProcedure, applyTransparently, call0, call1 } from "../runtime/call.js";
import { continuationPrimitives, isControlTransfer } from "../runtime/continuations.js";
import { isEqv } from "./equivalence.js";
import { arityError, definePrimitive } from "../runtime/registry.js";
import { buildQuasiquote } from "./quasiquote.js";
import { requireProperEnd, walkSpine } from "../spine.js";

/** Give a run-time-made procedure its Scheme name (for `#<procedure NAME>` and backtraces). */
export function named<F extends Function>(name: string, f: F): F {
  Object.defineProperty(f, "name", { value: mangle(name) });
  return f;
}

function checkArity(name: string, min: number, max: number, given: number): void {
  if (given < min || given > max) arityError(name, min, max, given);
}

/** `case`: is the key eqv? to one of a clause's data? */
export function memberEqv(key: Value, data: readonly Value[]): boolean {
  for (const d of data) if (isEqv(key, d)) return true;
  return false;
}

// ---- multiple values ----

export function values(...items: Value[]): Value {
  return items.length === 1 ? items[0]! : new MultipleValues(items);
}

/** Spread what an expression returned into `count` values (plus a rest list), checking the count. */
export function valuesToArray(v: Value, count: number, hasRest: boolean): Value[] {
  const items = v instanceof MultipleValues ? v.items : [v];
  if (items.length < count || (!hasRest && items.length > count)) {
    signal(new SchemeError("WrongArity", `expected ${hasRest ? "at least " : ""}${count} value${count === 1 ? "" : "s"}, got ${items.length}`));
  }
  if (!hasRest) return items as Value[];
  let rest: Value = NIL;
  for (let i = items.length - 1; i >= count; i--) rest = new Pair(items[i]!, rest);
  return [...items.slice(0, count), rest];
}

export const arrayItem = (array: Value[], i: number): Value => array[i]!;

// ---- exceptions ----

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

// ---- parameters ----

interface ParameterState {
  get(): Value;
  set(v: Value): void;
  readonly converter: Value | undefined;
}
const parameters = new WeakMap<Function, ParameterState>();

export function makeParameter(value: Value, converter?: Value): Procedure {
  let current = converter === undefined ? value : call1(converter, value);
  const p = named("parameter", function (): Value {
    if (arguments.length !== 0) arityError("parameter", 0, 0, arguments.length);
    return current;
  });
  parameters.set(p, { get: () => current, set: (v) => (current = v), converter });
  return p;
}

/** Make an existing zero-argument procedure (e.g. current-output-port) usable with parameterize. */
export function registerParameter(p: Procedure, get: () => Value, set: (v: Value) => void): void {
  parameters.set(p, { get, set, converter: undefined });
}

/** (parameterize ((p v) ...) body): `bindings` alternate parameter, value. */
export function parameterize(body: Procedure, ...bindings: Value[]): Value {
  const states: ParameterState[] = [];
  const newValues: Value[] = [];
  for (let i = 0; i < bindings.length; i += 2) {
    const state = typeof bindings[i] === "function" ? parameters.get(bindings[i] as Function) : undefined;
    if (state === undefined) wrongType("parameterize", "a parameter object", bindings[i]!);
    states.push(state);
    newValues.push(state.converter === undefined ? bindings[i + 1]! : call1(state.converter, bindings[i + 1]!));
  }
  const saved = states.map((s) => s.get());
  states.forEach((s, i) => s.set(newValues[i]!));
  try {
    return call0(body);
  } finally {
    states.forEach((s, i) => s.set(saved[i]!));
  }
}

// ---- promises ----

/** delay-force promises: forcing one adopts the promise its thunk returns (iteratively, R7RS). */
const lazyPromises = new WeakSet<Promise_>();

export function makeLazyPromise(thunk: Procedure, adopts: boolean): Promise_ {
  const p = new Promise_(false, thunk);
  if (adopts) lazyPromises.add(p);
  return p;
}

function force(p: Value): Value {
  if (!(p instanceof Promise_)) return p;
  while (!p.done) {
    const adopts = lazyPromises.has(p);
    const v = call0(p.value);
    if (p.done) break; // forced re-entrantly while computing: the first result wins
    if (adopts && v instanceof Promise_) {
      p.done = v.done;
      p.value = v.value;
      if (!lazyPromises.has(v)) lazyPromises.delete(p);
    } else {
      p.done = true;
      p.value = v;
    }
  }
  return p.value;
}

// ---- records (define-record-type) ----

export function makeRecordType(name: string, fields: readonly Sym[]): RecordType {
  return new RecordType(name, fields);
}

export function recordConstructor(type: RecordType, name: string, fieldIndexes: readonly number[]): Procedure {
  const n = fieldIndexes.length;
  return named(name, function (...args: Value[]): Value {
    checkArity(name, n, n, args.length);
    const fields: Value[] = type.fields.map(() => false);
    for (let i = 0; i < n; i++) fields[fieldIndexes[i]!] = args[i]!;
    return new Record(type, fields);
  });
}

export function recordPredicate(type: RecordType, name: string): Procedure {
  return named(name, function (v: Value): Value {
    checkArity(name, 1, 1, arguments.length);
    return v instanceof Record && v.type === type;
  });
}

export function recordAccessor(type: RecordType, name: string, index: number): Procedure {
  return named(name, function (r: Value): Value {
    checkArity(name, 1, 1, arguments.length);
    if (!(r instanceof Record) || r.type !== type) wrongType(name, `a ${type.name} record`, r, 1);
    return r.fields[index]!;
  });
}

export function recordModifier(type: RecordType, name: string, index: number): Procedure {
  return named(name, function (r: Value, v: Value): Value {
    checkArity(name, 2, 2, arguments.length);
    if (!(r instanceof Record) || r.type !== type) wrongType(name, `a ${type.name} record`, r, 1);
    r.fields[index] = v;
    return VOID;
  });
}

// ---- eval ----

/** The global environment `eval` runs in; the engine installs itself while it executes. */
export class EnvironmentHandle extends Opaque {
  constructor(readonly evaluate: (datum: Value) => Value) {
    super();
  }
  describe(): string {
    return "#<environment>";
  }
}

let currentEnvironment: EnvironmentHandle | null = null;

export function setCurrentEnvironment(env: EnvironmentHandle | null): EnvironmentHandle | null {
  const previous = currentEnvironment;
  currentEnvironment = env;
  return previous;
}

function interactionEnvironment(): Value {
  if (currentEnvironment === null) signal(new SchemeError("Error", "no environment is active"));
  return currentEnvironment;
}

/** Helpers of lowered forms that never call Scheme code (so a body using them stays closed: closed-bodies.ts). */
export const PURE_HELPERS: ReadonlySet<Function> = new Set<Function>([buildQuasiquote, memberEqv, valuesToArray, arrayItem, assertionFailed]);

// ---- registration ----

function applyPrimitive(f: Value, ...args: Value[]): Value {
  const last = args.pop()!;
  const position = args.length + 2;
  const end = walkSpine(last, (p) => {
    args.push(p.car);
    return false;
  });
  requireProperEnd("apply", end, last, position);
  return applyTransparently(f, args);
}

definePrimitive("procedure?", 1, 1, (v: Value) => typeof v === "function");
definePrimitive("apply", 2, Infinity, applyPrimitive);
definePrimitive("values", 0, Infinity, values);
definePrimitive("call-with-values", 2, 2, (producer: Value, consumer: Value) => {
  const r = call0(producer);
  return applyProcedure(consumer, r instanceof MultipleValues ? r.items : [r]);
});
definePrimitive("call-with-current-continuation", 1, 1, continuationPrimitives.callWithCurrentContinuation);
definePrimitive("call/cc", 1, 1, continuationPrimitives.callWithCurrentContinuation);
definePrimitive("dynamic-wind", 3, 3, continuationPrimitives.dynamicWind);
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
definePrimitive("make-parameter", 1, 2, makeParameter);
definePrimitive("force", 1, 1, force);
definePrimitive("make-promise", 1, 1, (v: Value) => (v instanceof Promise_ ? v : new Promise_(true, v)));
definePrimitive("promise?", 1, 1, (v: Value) => v instanceof Promise_);
definePrimitive("interaction-environment", 0, 0, interactionEnvironment);
definePrimitive("eval", 1, 2, (datum: Value, env?: Value) => {
  const target = env === undefined ? interactionEnvironment() : env;
  if (!(target instanceof EnvironmentHandle)) wrongType("eval", "an environment", target, 2);
  return target.evaluate(datum);
});
