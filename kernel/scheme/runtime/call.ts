// Calling Scheme procedures from JavaScript (primitives such as `apply`, `sort` with a comparison procedure,
// the codec, the engine). Compiled code uses its own calling convention (proper tail calls); any JS code that
// calls a Scheme procedure must go through these functions so that convention is honoured.
//
// PLACEHOLDER: the compiler issue (kernel/scheme/compiler) replaces the bodies with the trampoline-aware
// versions; the signatures are the contract.

import { SchemeError } from "../errors.js";
import type { Value } from "../values.js";

export function applyProcedure(proc: Value, args: readonly Value[]): Value {
  if (typeof proc !== "function") throw new SchemeError("NotAProcedure", "attempt to apply a non-procedure:", [proc]);
  return proc(...args);
}

export function call0(proc: Value): Value {
  return applyProcedure(proc, []);
}

export function call1(proc: Value, a: Value): Value {
  return applyProcedure(proc, [a]);
}

export function call2(proc: Value, a: Value, b: Value): Value {
  return applyProcedure(proc, [a, b]);
}
