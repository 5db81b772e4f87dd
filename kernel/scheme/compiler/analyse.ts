// Analyse: what the code generator must know about each procedure of a form before it writes any of it.
//
// Rules (each analysis has its own module, which states its reasoning):
//   self       A lambda that a definition names (`(define (f …) …)`: the global) or that a letrec binds to a local
//              never assigned may call itself: such a call in tail position is a jump (codegen.ts), and the unboxed
//              loops below exist only for it. Every other lambda has no self.
//   capturing  Whether a continuation can be captured while its frame is on the stack (capture-points.ts): its
//              frame is then recorded by a catch clause, and it is compiled once, without specialised loops.
//   closed     Whether its body can run no code that might redefine a global (closed-bodies.ts): its primitives'
//              guards are then checked once on entry.
//   unboxed    For a closed, non-capturing procedure with a self: the loops over inexact numbers it is also
//              compiled as (unboxed.ts).
// A form that can capture a continuation runs as a procedure of its own (`formProcedure`), so the rest of the form
// is part of the continuation; its facts are those of a top-level procedure, whose body is not in tail position.
//
// The facts depend on which globals hold their registered primitives now: a form is analysed just before it is
// generated, and both run no Scheme code in between.

import { primitive, type Primitive } from "../runtime/registry.js";
import type { GlobalCell } from "../runtime/globals.js";
import { walk, type Lambda, type Node } from "./ast.js";
import { mayCapture } from "./capture-points.js";
import { isClosedBody, type SelfReference } from "./closed-bodies.js";
import { PURE_HELPERS } from "./pure-helpers.js";
import { planUnboxedLoops, type PrimitiveNameOf, type UnboxedPlan } from "./unboxed.js";

export interface ProcedureFacts {
  readonly self: SelfReference | null;
  readonly capturing: boolean;
  readonly closed: boolean;
  /** Empty unless the procedure has a self, is closed and does not capture. */
  readonly unboxedLoops: readonly UnboxedPlan[];
}

export interface Analysis {
  /** The procedure a form that can capture is compiled as (its body is the form); null for any other form. */
  readonly formProcedure: Lambda | null;
  /** Every lambda of the form, and the form's procedure. */
  readonly procedures: ReadonlyMap<Lambda, ProcedureFacts>;
}

/** The primitive a global holds, if it still holds the one registered under its name. */
export function primitiveOf(cell: GlobalCell): Primitive | undefined {
  const p = primitive(cell.name);
  return p !== undefined && p.procedure === cell.v ? p : undefined;
}

export const primitiveName: PrimitiveNameOf = (fnNode) => (fnNode.k === "gref" ? primitiveOf(fnNode.cell)?.name : undefined);

/** A top-level form, as the expander made it. */
export function analyseForm(node: Node): Analysis {
  const procedures = new Map<Lambda, ProcedureFacts>();
  let formProcedure: Lambda | null = null;
  if (mayCapture(node, false)) {
    formProcedure = { k: "lambda", params: [], rest: null, body: node, name: "" };
    procedures.set(formProcedure, factsOf(formProcedure, null, true));
  }
  analyseLambdas(node, procedures);
  return { formProcedure, procedures };
}

/** The procedure that resumes a recorded frame (resume.ts): it has no self. */
export function analyseResumer(rest: Lambda): Analysis {
  const procedures = new Map<Lambda, ProcedureFacts>();
  analyseLambdas(rest, procedures);
  return { formProcedure: null, procedures };
}

function analyseLambdas(root: Node, into: Map<Lambda, ProcedureFacts>): void {
  const selves = new Map<Lambda, SelfReference>();
  // A binding form is visited before the lambdas it binds.
  walk(root, (n) => {
    if (n.k === "gset" && n.define && n.e.k === "lambda") selves.set(n.e, { kind: "global", cell: n.cell });
    else if (n.k === "let" && n.rec) {
      n.vars.forEach((v, i) => {
        const init = n.inits[i]!;
        if (init.k === "lambda" && !v.assigned) selves.set(init, { kind: "local", v });
      });
    } else if (n.k === "lambda") into.set(n, factsOf(n, selves.get(n) ?? null, false));
  });
}

function factsOf(lambda: Lambda, self: SelfReference | null, formProcedure: boolean): ProcedureFacts {
  const capturing = mayCapture(lambda.body, !formProcedure);
  const closed = isClosedBody(lambda.body, self, PURE_HELPERS);
  const unboxedLoops = self !== null && closed && !capturing ? planUnboxedLoops(lambda, self, primitiveName) : [];
  return { self, capturing, closed, unboxedLoops };
}
