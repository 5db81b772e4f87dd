// Where can a continuation be captured while a procedure's frame is on the stack?
//
// Only at a non-tail call that can run Scheme code (a tail call has left the frame; a primitive that takes and
// returns data only cannot reach call/cc). Procedures without such a call are compiled exactly as before; the
// others record their frame when a capture passes (codegen.ts) and can be resumed from each such call
// (resume.ts).

import { LocalVar, walk, type Lambda, type Node } from "./ast.js";
import { isDataOnlyPrimitive } from "./closed-bodies.js";
import { PURE_HELPERS } from "./pure-helpers.js";

const memo = [new WeakMap<Node, boolean>(), new WeakMap<Node, boolean>()];

/** Can evaluating `node` (in tail position of its procedure when `tail`) capture a continuation in this frame? */
export function mayCapture(node: Node, tail: boolean): boolean {
  const table = memo[tail ? 1 : 0]!;
  let r = table.get(node);
  if (r === undefined) {
    r = computeMayCapture(node, tail);
    table.set(node, r);
  }
  return r;
}

function computeMayCapture(n: Node, tail: boolean): boolean {
  switch (n.k) {
    case "lset":
    case "gset":
      return mayCapture(n.e, false);
    case "if":
      return mayCapture(n.test, false) || mayCapture(n.then, tail) || mayCapture(n.else, tail);
    case "seq":
      return n.body.some((b, i) => mayCapture(b, tail && i === n.body.length - 1));
    case "let":
      return n.inits.some((i) => mayCapture(i, false)) || mayCapture(n.body, tail);
    case "app":
      if (n.args.some((a) => mayCapture(a, false)) || mayCapture(n.fn, false)) return true;
      // A tail call leaves the frame; so does a tail call of a primitive, whose result is returned as is.
      return !tail && !isDataOnlyPrimitive(n.fn);
    case "helper":
      return !PURE_HELPERS.has(n.fn) || n.args.some((a) => mayCapture(a, false));
    default:
      // Constants and variables; a lambda's body runs in frames of its own.
      return false;
  }
}

/** Whether a value computed before a capture can simply be computed again on resumption (no effects, no calls). */
export function isRecomputable(node: Node): boolean {
  return node.k === "const" || node.k === "lref" || node.k === "gref" || node.k === "lambda" || node.k === "caselambda";
}

const spills = new WeakMap<Node, LocalVar>();

/** The variable an operand's value is kept in when a later operand may capture (so resumption can use it). */
export function spillVariable(node: Node): LocalVar {
  let v = spills.get(node);
  if (v === undefined) {
    v = new LocalVar("operand");
    spills.set(node, v);
  }
  return v;
}

export function spilled(node: Node): LocalVar | undefined {
  return spills.get(node);
}

/** Which operands must be evaluated into their spill variable before the call (see codegen's operands). */
export function mustSpill(operands: readonly Node[], i: number): boolean {
  const node = operands[i]!;
  if (mayCapture(node, false)) return true;
  if (isRecomputable(node)) return false;
  for (let j = i + 1; j < operands.length; j++) if (mayCapture(operands[j]!, false)) return true;
  return false;
}

/** Variables bound by letrec: shared with resumed frames by reference, like assigned ones. */
export const recursivelyBound = new WeakSet<LocalVar>();

const freeMemo = new WeakMap<Lambda, ReadonlySet<LocalVar>>();

/** The local variables a lambda uses (its nested lambdas included) that an enclosing scope binds. */
export function freeVariables(lambda: Lambda): ReadonlySet<LocalVar> {
  let free = freeMemo.get(lambda);
  if (free !== undefined) return free;
  const used = new Set<LocalVar>();
  const bound = new Set<LocalVar>([...lambda.params, ...(lambda.rest === null ? [] : [lambda.rest])]);
  walk(lambda.body, (n) => {
    switch (n.k) {
      case "lref":
      case "lset":
        used.add(n.v);
        return;
      case "let":
        n.vars.forEach((v) => bound.add(v));
        return;
      case "lambda":
        freeVariables(n).forEach((v) => used.add(v));
        return false;
      case "caselambda":
        n.clauses.forEach((c) => freeVariables(c).forEach((v) => used.add(v)));
        return false;
    }
  });
  free = new Set([...used].filter((v) => !bound.has(v)));
  freeMemo.set(lambda, free);
  return free;
}
