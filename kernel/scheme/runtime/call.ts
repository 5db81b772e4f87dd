// Calling Scheme procedures from JavaScript (primitives such as `apply`, `sort` with a comparison procedure,
// the codec, the engine). Compiled code uses its own calling convention (proper tail calls through
// trampoline.ts); any JS code that calls a Scheme procedure must go through these functions so that pending
// tail calls are run to completion before the value is used.

import type { Value } from "../values.js";
import { fn, rv } from "./trampoline.js";

export function applyProcedure(proc: Value, args: readonly Value[]): Value {
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

export function call0(proc: Value): Value {
  return rv(fn(proc)());
}

export function call1(proc: Value, a: Value): Value {
  return rv(fn(proc)(a));
}

export function call2(proc: Value, a: Value, b: Value): Value {
  return rv(fn(proc)(a, b));
}
