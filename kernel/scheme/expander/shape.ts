// What the expander knows about the structure of a form before it walks it, and the error for code that contains
// itself (the rule is in expand.ts's header).

import { SchemeError } from "../errors.js";
import { walkSpine, type SpineEnd } from "../spine.js";
import type { Value } from "../values.js";

/**
 * "tree": no pair or vector is reachable twice (text read without datum labels, and what macros make of it), so
 * walks need no bookkeeping. "graph": parts may be shared or cyclic (datum labels, or a datum `eval` got from a
 * running program), so the expander remembers what it is inside of and copies literals keeping their sharing.
 */
export type DatumShape = "tree" | "graph";

export const CYCLIC_CODE = "cyclic code: a form contains itself:";

export function cyclicCode(form: Value): SchemeError {
  return new SchemeError("SyntaxError", CYCLIC_CODE, [form]);
}

/** The elements of a list, in order, and how it ends: (), the final cdr of an improper list, or CIRCULAR. */
export function spine(list: Value): { items: Value[]; end: SpineEnd } {
  const items: Value[] = [];
  const end = walkSpine(list, (p) => {
    items.push(p.car);
    return false;
  });
  return { items, end };
}
