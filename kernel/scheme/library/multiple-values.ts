// Multiple values: values, call-with-values, and the run time of let-values and define-values (the expander lowers
// them to valuesToArray and arrayItem).

import { SchemeError, signal } from "../errors.js";
import { MultipleValues, NIL, Pair, type Value } from "../values.js";
import { applyProcedure, call0 } from "../runtime/call.js";
import { definePrimitive } from "../runtime/registry.js";

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

definePrimitive("values", 0, Infinity, values);
definePrimitive("call-with-values", 2, 2, (producer: Value, consumer: Value) => {
  const r = call0(producer);
  return applyProcedure(consumer, r instanceof MultipleValues ? r.items : [r]);
});
