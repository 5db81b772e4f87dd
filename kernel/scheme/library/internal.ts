// Primitives that exist for the prelude's sake (their names start with %, as Scheme systems mark internals).

import { wrongType } from "../errors.js";
import { MString, Sym, type Value } from "../values.js";
import { definePrimitive } from "../runtime/registry.js";

/**
 * (%wrong-type 'proc "a list" value arg-index): the WrongType error a JS primitive would raise, so procedures
 * written in Scheme report bad arguments exactly as the built-in ones do.
 */
definePrimitive("%wrong-type", 4, 4, (proc: Value, expected: Value, value: Value, argIndex: Value) =>
  wrongType(
    proc instanceof Sym ? proc.name : String(proc),
    expected instanceof MString ? expected.value : String(expected),
    value,
    typeof argIndex === "number" ? argIndex : undefined,
  ),
);
