// Control primitives: procedure?, apply, call/cc and dynamic-wind (the continuations themselves are the runtime's:
// runtime/continuations.ts). Exceptions, parameters, promises, multiple values and eval have modules of their own.

import { type Value } from "../values.js";
import { applyTransparently } from "../runtime/call.js";
import { continuationPrimitives } from "../runtime/continuations.js";
import { definePrimitive } from "../runtime/registry.js";
import { requireProperEnd, walkSpine } from "../spine.js";

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
definePrimitive("call-with-current-continuation", 1, 1, continuationPrimitives.callWithCurrentContinuation);
definePrimitive("call/cc", 1, 1, continuationPrimitives.callWithCurrentContinuation);
definePrimitive("dynamic-wind", 3, 3, continuationPrimitives.dynamicWind);
