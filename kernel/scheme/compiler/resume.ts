// Resuming a recorded frame: the rest of a procedure's body from one of its calls on, compiled on demand.
//
// The rest is built from the body's AST: the call becomes a variable (its result), each enclosing node keeps
// what it still has to do after that child, and operands already evaluated are read from the variables the
// frame recorded (codegen.ts spills them). The rest is compiled like any procedure body, so it too can be
// captured again, and it is compiled once per call site.

import type { ResumableCode, VariableAccess } from "../runtime/continuations.js";
import { rv } from "../runtime/trampoline.js";
import type { Value } from "../values.js";
import { LocalVar, frameChildren, type Lambda, type Node } from "./ast.js";
import { spilled } from "./capture-points.js";
import { generateResumer } from "./codegen.js";
import { link } from "./link.js";

type Resumer = (values: readonly Value[], references: VariableAccess | null) => (v: Value) => Value;

/** A compiled procedure's calls that a capture can pass, and the variables its frame records. */
export class CaptureSites implements ResumableCode {
  /** Set by link.ts: where the code came from, for error locations and backtraces in resumed code. */
  origin = "";
  defines: string | undefined;
  private readonly resumers = new Map<number, Resumer>();
  constructor(
    readonly lambda: Lambda,
    readonly sites: readonly Node[],
    /** Recorded by value: bound once, never assigned. */
    readonly byValue: readonly LocalVar[],
    /** Recorded by reference (an accessor closure): assigned, so the frame and its resumptions share them. */
    readonly byReference: readonly LocalVar[],
  ) {}

  resume(site: number, values: readonly Value[], references: VariableAccess | null, v: Value): Value {
    let make = this.resumers.get(site);
    if (make === undefined) {
      make = this.compile(site);
      this.resumers.set(site, make);
    }
    return rv(make(values, references)(v));
  }

  private compile(site: number): Resumer {
    const result = new LocalVar("resumed-value");
    const body = restOf(this.lambda.body, this.sites[site]!, { k: "lref", v: result });
    const rest: Lambda = { k: "lambda", params: [result], rest: null, body, name: this.lambda.name };
    return link(generateResumer(rest, this.byValue, this.byReference), this.origin, this.defines) as unknown as Resumer;
  }
}

function pathTo(root: Node, target: Node): { node: Node; index: number }[] | null {
  if (root === target) return [];
  const kids = frameChildren(root);
  for (let i = 0; i < kids.length; i++) {
    const p = pathTo(kids[i]!, target);
    if (p !== null) return [{ node: root, index: i }, ...p];
  }
  return null;
}

/** An operand evaluated before the call: its recorded value, or (no effects) the operand itself again. */
function evaluated(n: Node): Node {
  const v = spilled(n);
  return v === undefined ? n : { k: "lref", v };
}

/** `body` with the call `site` replaced by `result`, minus everything that ran before the call. */
export function restOf(body: Node, site: Node, result: Node): Node {
  const path = pathTo(body, site);
  if (path === null) throw new Error("internal error: a recorded call is not in its procedure");
  let rest = result;
  for (let i = path.length - 1; i >= 0; i--) rest = enclose(path[i]!.node, path[i]!.index, rest);
  return rest;
}

/** What remains of `parent` once its child number `i` is replaced by `rest` (which yields that child's value). */
function enclose(parent: Node, i: number, rest: Node): Node {
  switch (parent.k) {
    case "lset":
      return { ...parent, e: rest };
    case "gset":
      return { ...parent, e: rest };
    case "if":
      return i === 0 ? { ...parent, test: rest } : rest;
    case "seq":
      return i === parent.body.length - 1 ? rest : { k: "seq", body: [rest, ...parent.body.slice(i + 1)] };
    case "let": {
      if (i === parent.inits.length) return rest;
      // Variables bound before this init keep their values (the frame recorded them).
      if (!parent.rec) return { ...parent, vars: parent.vars.slice(i), inits: [rest, ...parent.inits.slice(i + 1)] };
      const assignments: Node[] = parent.vars.slice(i).map((v, j) => ({ k: "lset", v, e: j === 0 ? rest : parent.inits[i + j]! }));
      return { k: "seq", body: [...assignments, parent.body] };
    }
    case "app": {
      const all = [parent.fn, ...parent.args].map((c, j) => (j < i ? evaluated(c) : j === i ? rest : c));
      return { ...parent, fn: all[0]!, args: all.slice(1) };
    }
    case "host":
      return { ...parent, args: parent.args.map((c, j) => (j < i ? evaluated(c) : j === i ? rest : c)) };
    default:
      throw new Error(`internal error: no call can be resumed inside a ${parent.k} node`);
  }
}
