// Calling Scheme procedures from JavaScript (primitives such as `sort` with a comparison procedure, the codec,
// the engine). Compiled code uses its own calling convention (proper tail calls through trampoline.ts); any JS
// code that calls a Scheme procedure must go through these functions so that pending tail calls are run to
// completion before the value is used, and so that a continuation captured inside is based at this call
// (continuations.ts): the JS frame cannot be recorded, so such a continuation can be re-entered only while the
// call is running.

import type { Value } from "../values.js";
import { settleInPrimitive } from "./continuations.js";
import { fn, rv } from "./trampoline.js";

/** For a primitive whose result is the procedure's result (apply): it needs no base of its own. */
export function applyTransparently(proc: Value, args: readonly Value[]): Value {
  const f = fn(proc);
  switch (args.length) {
    case 0:
      return rv(f());
    case 1:
      return rv(f(args[0]!));
    case 2:
      return rv(f(args[0]!, args[1]!));
    case 3:
      return rv(f(args[0]!, args[1]!, args[2]!));
    default:
      return rv(f(...args));
  }
}

export function applyProcedure(proc: Value, args: readonly Value[]): Value {
  try {
    return applyTransparently(proc, args);
  } catch (e) {
    return settleInPrimitive(e);
  }
}

export function call0(proc: Value): Value {
  try {
    return rv(fn(proc)());
  } catch (e) {
    return settleInPrimitive(e);
  }
}

export function call1(proc: Value, a: Value): Value {
  try {
    return rv(fn(proc)(a));
  } catch (e) {
    return settleInPrimitive(e);
  }
}

export function call2(proc: Value, a: Value, b: Value): Value {
  try {
    return rv(fn(proc)(a, b));
  } catch (e) {
    return settleInPrimitive(e);
  }
}
