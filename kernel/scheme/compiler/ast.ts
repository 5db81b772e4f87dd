// The core language the expander produces and the code generator consumes.
//
// Every derived form (let, cond, do, case, guard, parameterize…) is lowered to these few nodes by the
// expander, so the code generator has one job: turn them into JavaScript V8 can optimise. Run-time helpers a
// derived form needs (promise construction, parameter binding…) appear as `helper` calls to a JS function
// value, never by a global name the user could rebind.

import type { Position } from "../reader/source-map.js";
import type { GlobalCell } from "../runtime/globals.js";

/** Where a node's form was read: the reader's position, one definition for every pass. */
export type { Position };

/** A local variable, known by identity (the code generator numbers its JS name). `assigned` is set when some
 * `set!` targets it. */
export class LocalVar {
  assigned = false;
  constructor(readonly name: string) {}
}

export type Node =
  | { readonly k: "const"; readonly value: unknown }
  | { readonly k: "lref"; readonly v: LocalVar }
  | { readonly k: "lset"; readonly v: LocalVar; readonly e: Node }
  | { readonly k: "gref"; readonly cell: GlobalCell; readonly pos: Position | undefined }
  | { readonly k: "gset"; readonly cell: GlobalCell; readonly e: Node; readonly define: boolean }
  | { readonly k: "if"; readonly test: Node; readonly then: Node; readonly else: Node }
  | { readonly k: "seq"; readonly body: readonly Node[] }
  | Lambda
  | { readonly k: "caselambda"; readonly clauses: readonly Lambda[]; readonly name: string }
  /** `let` (parallel binding) when `rec` is false; letrec* when true. */
  | { readonly k: "let"; readonly vars: readonly LocalVar[]; readonly inits: readonly Node[]; readonly body: Node; readonly rec: boolean }
  /** A call of a Scheme procedure (unknown until run time). */
  | { readonly k: "app"; readonly fn: Node; readonly args: readonly Node[]; readonly pos: Position | undefined }
  /** A direct call of a run-time helper that never returns the tail-call sentinel. */
  | { readonly k: "helper"; readonly fn: (...args: any[]) => unknown; readonly args: readonly Node[]; readonly pos: Position | undefined };

export interface Lambda {
  readonly k: "lambda";
  readonly params: readonly LocalVar[];
  readonly rest: LocalVar | null;
  readonly body: Node;
  /** The Scheme name shown in backtraces and `#<procedure NAME>`; "" when anonymous. */
  readonly name: string;
}

export const constant = (value: unknown): Node => ({ k: "const", value });
export const seq = (body: Node[]): Node => (body.length === 1 ? body[0]! : { k: "seq", body });
export const helper = (fn: (...args: any[]) => unknown, args: Node[], pos?: Position): Node => ({ k: "helper", fn, args, pos });

/** The children of a node that run in its own frame (a lambda's body runs in another frame, so it is not one). */
export function frameChildren(n: Node): readonly Node[] {
  switch (n.k) {
    case "lset":
    case "gset":
      return [n.e];
    case "if":
      return [n.test, n.then, n.else];
    case "seq":
      return n.body;
    case "let":
      return [...n.inits, n.body];
    case "app":
      return [n.fn, ...n.args];
    case "helper":
      return n.args;
    default:
      return [];
  }
}

/** Every child of a node: its frame children, and a lambda's body or a case-lambda's clauses. */
export function children(n: Node): readonly Node[] {
  switch (n.k) {
    case "lambda":
      return [n.body];
    case "caselambda":
      return n.clauses;
    default:
      return frameChildren(n);
  }
}

/**
 * Visits `n` and every node below it, each before its children, children in evaluation order. A pass that looks at
 * a few kinds of node walks the tree with this instead of a switch over every kind; `visit` returns false to skip a
 * node's children (a nested lambda, say, that the pass treats as a whole).
 */
export function walk(n: Node, visit: (n: Node) => boolean | void): void {
  if (visit(n) === false) return;
  for (const c of children(n)) walk(c, visit);
}
