// Resuming a recorded frame: the rest of a procedure's body from one of its calls on, compiled on demand (when a
// continuation through that call first runs: runtime/capture-sites.ts).
//
// The rest is built from the body's AST: the call becomes a variable (its result), each enclosing node keeps
// what it still has to do after that child, and operands already evaluated are read from the variables the
// frame recorded (codegen.ts spills them). The rest is compiled like any procedure body, so it too can be
// captured again, and it is compiled once per call site.

import { LocalVar, frameChildren, type Lambda, type Node } from "./ast.js";
import { spilled } from "./capture-points.js";

/** The procedure that runs the rest of `lambda`'s body from its call `site` on, given that call's result. */
export function restOfProcedure(lambda: Lambda, site: Node): Lambda {
  const result = new LocalVar("resumed-value");
  const body = restOf(lambda.body, site, { k: "lref", v: result });
  return { k: "lambda", params: [result], rest: null, body, name: lambda.name };
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
function restOf(body: Node, site: Node, result: Node): Node {
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
    case "helper":
      return { ...parent, args: parent.args.map((c, j) => (j < i ? evaluated(c) : j === i ? rest : c)) };
    default:
      throw new Error(`internal error: no call can be resumed inside a ${parent.k} node`);
  }
}
