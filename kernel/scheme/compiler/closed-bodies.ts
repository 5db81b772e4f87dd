// Which procedure bodies can run no code that might redefine a global?
//
// Calls of primitives in generated code are guarded by "does the global still hold this primitive?". In a body
// that calls only primitives that never call back into Scheme (and itself), and assigns no global, nothing can
// change a global while the body runs — so the guards are checked once on entry instead of at every operation,
// which matters in the innermost loops.

import { primitive } from "../runtime/registry.js";
import type { GlobalCell } from "../runtime/globals.js";
import type { LocalVar, Node } from "./ast.js";

/** Primitives that take and return data only: they never call a Scheme procedure nor change a global. */
const DATA_ONLY_PRIMITIVES = new Set([
  "+", "-", "*", "/", "=", "<", ">", "<=", ">=", "abs", "quotient", "remainder", "modulo", "//", "%", "int", "float",
  "complex", "make-rectangular", "real-part", "imag-part", "magnitude", "sqrt", "exact", "inexact", "exact->inexact",
  "inexact->exact", "zero?", "positive?", "negative?", "odd?", "even?", "number?", "integer?", "min", "max", "square",
  "floor", "ceiling", "round", "truncate", "car", "cdr", "cons", "caar", "cadr", "cdar", "cddr", "caddr", "list",
  "length", "null?", "pair?", "list?", "not", "eq?", "eqv?", "equal?", "vector", "make-vector", "vector-ref",
  "vector-set!", "vector-length", "vector?", "string?", "symbol?", "string-length", "string-ref", "string-append",
  "number->string", "get-item", "set-item!", "list->vector", "vector->list", "reverse", "append", "range",
]);

export type SelfReference = { readonly kind: "local"; readonly v: LocalVar } | { readonly kind: "global"; readonly cell: GlobalCell };

/** A global that still holds a primitive that never calls a Scheme procedure nor changes a global. */
export function isDataOnlyPrimitive(node: Node): boolean {
  if (node.k !== "gref" || !DATA_ONLY_PRIMITIVES.has(node.cell.name)) return false;
  return primitive(node.cell.name)?.procedure === node.cell.v;
}

/**
 * A call of the procedure itself keeps the body closed when it runs this same code: always for a local that
 * names it (never assigned), and for a global only in tail position, where it is a jump while the global still
 * holds this procedure and a return otherwise.
 */
function isSelfCall(node: Node, self: SelfReference | null, tail: boolean): boolean {
  if (self === null) return false;
  if (self.kind === "local") return node.k === "lref" && node.v === self.v;
  return tail && node.k === "gref" && node.cell === self.cell;
}

/** `pureHelpers`: run-time helpers of lowered forms that never call Scheme code. */
export function isClosedBody(body: Node, self: SelfReference | null, pureHelpers: ReadonlySet<Function>): boolean {
  const closed = (n: Node, tail: boolean): boolean => {
    switch (n.k) {
      case "const":
      case "lref":
      case "gref":
      case "lambda":
      case "caselambda":
        return true;
      case "lset":
        return closed(n.e, false);
      case "gset":
        return false;
      case "if":
        return closed(n.test, false) && closed(n.then, tail) && closed(n.else, tail);
      case "seq":
        return n.body.every((b, i) => closed(b, tail && i === n.body.length - 1));
      case "let":
        return n.inits.every((i) => closed(i, false)) && closed(n.body, tail);
      case "app":
        return (isDataOnlyPrimitive(n.fn) || isSelfCall(n.fn, self, tail)) && n.args.every((a) => closed(a, false));
      case "helper":
        return pureHelpers.has(n.fn) && n.args.every((a) => closed(a, false));
    }
  };
  return closed(body, true);
}
