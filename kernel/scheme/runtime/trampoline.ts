// The calling convention of compiled code: proper tail calls by a trampoline.
//
// A call in tail position stores its callee and arguments here and returns TAIL; the nearest non-tail call
// site (which always checks `r === TAIL`) runs `bounce`, which performs the pending call — and any tail calls
// it makes in turn — in a loop, so a chain of tail calls uses constant stack. Arguments live in fixed slots,
// not an array, so a tail call allocates nothing. Every JS caller of a Scheme procedure must go through
// call.ts, which bounces.

import { SchemeError, signal } from "../errors.js";
import type { Procedure, Value } from "../values.js";

/** Returned by a procedure whose result is a pending tail call. Never a Scheme value. */
export const TAIL = Object.freeze({ pendingTailCall: true }) as unknown as Value;

let pendingFn: Procedure = () => TAIL;
let pendingCount = 0;
let a0: Value, a1: Value, a2: Value, a3: Value;
let pendingArgs: Value[] = [];

export function notAProcedure(v: unknown): never {
  signal(new SchemeError("NotAProcedure", "attempt to call a non-procedure:", [v as Value]));
}

/** The callee of a call: checked once, so V8 sees a plain call afterwards. */
export function fn(f: unknown): Procedure {
  if (typeof f !== "function") notAProcedure(f);
  return f as Procedure;
}

export function tail0(f: unknown): Value {
  pendingFn = fn(f);
  pendingCount = 0;
  return TAIL;
}
export function tail1(f: unknown, x: Value): Value {
  pendingFn = fn(f);
  pendingCount = 1;
  a0 = x;
  return TAIL;
}
export function tail2(f: unknown, x: Value, y: Value): Value {
  pendingFn = fn(f);
  pendingCount = 2;
  a0 = x;
  a1 = y;
  return TAIL;
}
export function tail3(f: unknown, x: Value, y: Value, z: Value): Value {
  pendingFn = fn(f);
  pendingCount = 3;
  a0 = x;
  a1 = y;
  a2 = z;
  return TAIL;
}
export function tail4(f: unknown, x: Value, y: Value, z: Value, w: Value): Value {
  pendingFn = fn(f);
  pendingCount = 4;
  a0 = x;
  a1 = y;
  a2 = z;
  a3 = w;
  return TAIL;
}
export function tailN(f: unknown, args: Value[]): Value {
  pendingFn = fn(f);
  pendingCount = -1;
  pendingArgs = args;
  return TAIL;
}

/** Run pending tail calls until a real value comes back. */
export function bounce(): Value {
  let r: Value;
  do {
    const f = pendingFn;
    switch (pendingCount) {
      case 0:
        r = f();
        break;
      case 1:
        r = f(a0);
        break;
      case 2:
        r = f(a0, a1);
        break;
      case 3:
        r = f(a0, a1, a2);
        break;
      case 4:
        r = f(a0, a1, a2, a3);
        break;
      default:
        r = f(...pendingArgs);
    }
  } while (r === TAIL);
  return r;
}

/** The result of a non-tail call. */
export function rv(r: Value): Value {
  return r === TAIL ? bounce() : r;
}
