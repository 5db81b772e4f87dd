// Loops over inexact numbers that allocate nothing: which variables of a loop can live as JS doubles, and the
// arithmetic on them.
//
// A named-let loop such as the Mandelbrot iteration `(loop (+ (* z z) z0) (+ t 1))` would otherwise allocate a
// Compnum per operation per iteration, and V8's escape analysis cannot remove an object that flows round a
// loop. The code generator compiles such a loop twice more, once per hypothesis "these inputs are all Compnums"
// and "… all Flonums": on entry, if the inputs (the parameters and the free variables the typed arithmetic
// reads) have those classes and the arithmetic primitives are the registered ones, the specialised loop runs
// with each such number held as one or two doubles, boxed again only where it escapes (returned, passed to a
// procedure, used by an operation not handled here). Otherwise the ordinary loop runs.
//
// Only operations whose result is certain from the classes of their operands are typed here, and each computes
// exactly what the numeric tower computes for those classes (arithmetic.ts, compare.ts), so the values, and
// the exactness of every result, are the same as in the ordinary loop. None of them can fail, so the
// specialised code needs no source positions for errors.

import { Compnum, Flonum } from "../values.js";
import { walk, type Lambda, type LocalVar, type Node } from "./ast.js";
import type { SelfReference } from "./closed-bodies.js";

export type NumKind = "compnum" | "flonum";
type Kind = NumKind | "boolean";

/** The registered primitive's name when `fn` is a global that still holds it, else undefined. */
export type PrimitiveNameOf = (fn: Node) => string | undefined;

export interface UnboxedPlan {
  readonly kind: NumKind;
  /** Every variable held unboxed in the specialised loop: its inputs and the let-bound locals computed from them. */
  readonly vars: ReadonlyMap<LocalVar, NumKind>;
  /** Checked on entry to have class `kind`: the loop's parameters and the free variables held unboxed. */
  readonly inputs: readonly LocalVar[];
}

/** An operand of typed arithmetic, as JS expressions of doubles. */
export type Unboxed =
  | { readonly kind: "compnum"; readonly re: string; readonly im: string }
  | { readonly kind: "flonum"; readonly v: string }
  /** An exact integer literal that converts to a double exactly (the tower then computes in doubles too). */
  | { readonly kind: "fixnum-literal"; readonly v: string };

const ARITHMETIC = new Set(["+", "-", "*"]);
const COMPARISONS = new Set(["<", ">", "<=", ">=", "="]);

function fixnumLiteral(node: Node): number | undefined {
  return node.k === "const" && typeof node.value === "number" && Number.isSafeInteger(node.value) ? node.value : undefined;
}

type OperandKind = NumKind | "fixnum-literal" | null;

function operandKind(node: Node, vars: ReadonlyMap<LocalVar, NumKind>, primitiveName: PrimitiveNameOf): OperandKind {
  if (fixnumLiteral(node) !== undefined) return "fixnum-literal";
  const k = kindOf(node, vars, primitiveName);
  return k === "boolean" ? null : k;
}

/** Flonum with Flonum, or a Flonum with an exact integer literal: the tower computes these in doubles. */
function realOperands(a: OperandKind, b: OperandKind): boolean {
  return (a === "flonum" && (b === "flonum" || b === "fixnum-literal")) || (a === "fixnum-literal" && b === "flonum");
}

/** What a node certainly evaluates to when `vars` hold the kinds given, or null when that is not certain. */
export function kindOf(node: Node, vars: ReadonlyMap<LocalVar, NumKind>, primitiveName: PrimitiveNameOf): Kind | null {
  switch (node.k) {
    case "const":
      return node.value instanceof Flonum ? "flonum" : node.value instanceof Compnum ? "compnum" : null;
    case "lref":
      return vars.get(node.v) ?? null;
    case "app":
      break;
    default:
      return null;
  }
  const name = primitiveName(node.fn);
  if (name === undefined) return null;
  const kinds = node.args.map((a) => operandKind(a, vars, primitiveName));
  const [a, b] = kinds;
  if (kinds.length === 1) {
    if ((name === "abs" || name === "magnitude") && (a === "compnum" || a === "flonum")) return "flonum";
    if ((name === "real-part" || name === "imag-part") && a === "compnum") return "flonum";
    return null;
  }
  if (kinds.length !== 2) return null;
  if (ARITHMETIC.has(name)) return a === "compnum" && b === "compnum" ? "compnum" : realOperands(a!, b!) ? "flonum" : null;
  // (/ x 0) is an error, and (/ 0 x) is exact 0 in the tower: only divisions by a Flonum or a non-zero literal.
  if (name === "/") return a === "flonum" && (b === "flonum" || (b === "fixnum-literal" && fixnumLiteral(node.args[1]!) !== 0)) ? "flonum" : null;
  if (COMPARISONS.has(name)) return realOperands(a!, b!) || (name === "=" && a === "compnum" && b === "compnum") ? "boolean" : null;
  return null;
}

/** JS code for a typed operation on operands already evaluated (simple expressions); `temp` names a fresh temp. */
export function unboxedOperation(name: string, operands: readonly Unboxed[], temp: () => string): Unboxed | string {
  const [a, b] = operands;
  if (operands.length === 1) {
    if (a!.kind === "compnum") {
      if (name === "real-part") return { kind: "flonum", v: a!.re };
      if (name === "imag-part") return { kind: "flonum", v: a!.im };
      // magnitudeOf's own quick case inline; it rescales when the squares overflow or underflow.
      const t = temp();
      return { kind: "flonum", v: `((${t} = Math.sqrt(${a!.re} * ${a!.re} + ${a!.im} * ${a!.im})) !== Infinity && ${t} >= 1e-150 ? ${t} : magnitudeOf(${a!.re}, ${a!.im}))` };
    }
    return { kind: "flonum", v: `Math.abs(${real(a!)})` };
  }
  if (a!.kind === "compnum" && b!.kind === "compnum") {
    switch (name) {
      case "+":
      case "-":
        return { kind: "compnum", re: `${a!.re} ${name} ${b!.re}`, im: `${a!.im} ${name} ${b!.im}` };
      case "*": // complexMul
        return { kind: "compnum", re: `${a!.re} * ${b!.re} - ${a!.im} * ${b!.im}`, im: `${a!.re} * ${b!.im} + ${a!.im} * ${b!.re}` };
      case "=":
        return `(${a!.re} === ${b!.re} && ${a!.im} === ${b!.im})`;
    }
  }
  const op = name === "=" ? "===" : name;
  const code = `(${real(a!)} ${op} ${real(b!)})`;
  return COMPARISONS.has(name) ? code : { kind: "flonum", v: code };
}

function real(u: Unboxed): string {
  if (u.kind === "compnum") throw new Error("unboxed: a complex operand where a real one was typed");
  return u.v;
}

/** The calls of the loop itself in tail position (the iterations), as their argument lists. */
function selfTailCalls(body: Node, self: SelfReference, argc: number): (readonly Node[])[] {
  const callsSelf = (fn: Node) => (self.kind === "local" ? fn.k === "lref" && fn.v === self.v : fn.k === "gref" && fn.cell === self.cell);
  const calls: (readonly Node[])[] = [];
  const visit = (n: Node): void => {
    if (n.k === "if") {
      visit(n.then);
      visit(n.else);
    } else if (n.k === "seq") visit(n.body[n.body.length - 1]!);
    else if (n.k === "let") visit(n.body);
    else if (n.k === "app" && callsSelf(n.fn) && n.args.length === argc) calls.push(n.args);
  };
  visit(body);
  return calls;
}

/**
 * The plans for a loop `lambda` (a procedure calling itself, `self`, in tail position, in a closed body: see
 * closed-bodies.ts), one per kind that leaves some variable unboxed.
 * None when the body creates procedures (they would capture the loop's variables, which the specialised loop
 * does not hold boxed) or the loop never iterates.
 */
export function planUnboxedLoops(lambda: Lambda, self: SelfReference, primitiveName: PrimitiveNameOf): UnboxedPlan[] {
  if (lambda.rest !== null) return [];
  const iterations = selfTailCalls(lambda.body, self, lambda.params.length);
  if (iterations.length === 0) return [];
  const boundInside = new Set<LocalVar>(lambda.params);
  let createsProcedures = false;
  const reads = new Set<LocalVar>();
  walk(lambda.body, (n) => {
    if (n.k === "lambda" || n.k === "caselambda") {
      createsProcedures = true;
      return false;
    }
    if (n.k === "let") n.vars.forEach((v) => boundInside.add(v));
    else if (n.k === "lref") reads.add(n.v);
  });
  if (createsProcedures) return [];
  const candidates = [...lambda.params, ...[...reads].filter((v) => !boundInside.has(v))].filter((v) => !v.assigned);
  const plans: UnboxedPlan[] = [];
  for (const kind of ["compnum", "flonum"] as const) {
    const plan = planFor(kind, lambda, candidates, iterations, primitiveName);
    if (plan !== null) plans.push(plan);
  }
  return plans;
}

/**
 * Start from "every candidate is a `kind`" and drop, until none changes, those that this cannot hold for or
 * that nothing shows to be of that kind. The evidence is an inexact constant or an input already shown,
 * combined with the variable by typed operations: in `(> (abs z) 2.0)` the constant shows `z`, and then
 * `(+ (* z z) z0)` shows `z0`; a counter `(+ t 1)` shows nothing, so it stays an ordinary (exact) variable
 * rather than making the entry check fail. Arithmetic combining two variables is evidence as well.
 */
function planFor(
  kind: NumKind,
  lambda: Lambda,
  candidates: readonly LocalVar[],
  iterations: readonly (readonly Node[])[],
  primitiveName: PrimitiveNameOf,
): UnboxedPlan | null {
  const inputs = new Set(candidates);
  for (;;) {
    const vars = new Map<LocalVar, NumKind>([...inputs].map((v) => [v, kind]));
    const typedTrees: TypedTree[] = [];
    // (The body makes no procedure: planUnboxedLoops checked.)
    walk(lambda.body, (n) => {
      if (n.k === "let" && !n.rec) {
        n.vars.forEach((v, i) => {
          const k = v.assigned ? null : kindOf(n.inits[i]!, vars, primitiveName);
          if (k === "compnum" || k === "flonum") {
            vars.set(v, k);
            typedTrees.push({ node: n.inits[i]!, binds: v });
          }
        });
      } else if (n.k === "app" && kindOf(n, vars, primitiveName) !== null) typedTrees.push({ node: n, binds: null });
    });
    const shown = evidence(typedTrees, vars, primitiveName);
    let changed = false;
    for (const v of inputs) {
      const index = lambda.params.indexOf(v);
      const keepsKind = index < 0 || iterations.every((args) => kindOf(args[index]!, vars, primitiveName) === kind);
      if (!keepsKind || !shown.has(v)) {
        inputs.delete(v);
        changed = true;
      }
    }
    if (!changed) return inputs.size === 0 ? null : { kind, vars, inputs: [...inputs] };
  }
}

/** A typed operation, or a let binding's typed init together with the variable it binds. */
interface TypedTree {
  readonly node: Node;
  readonly binds: LocalVar | null;
}

/** The variables that typed trees show to be inexact (see planFor). */
function evidence(typedTrees: readonly TypedTree[], vars: ReadonlyMap<LocalVar, NumKind>, primitiveName: PrimitiveNameOf): Set<LocalVar> {
  const shown = new Set<LocalVar>();
  // A typed operation's operands are constants, variables and typed operations: its leaves are the first two.
  const typedLeaves = (n: Node, into: Node[]): Node[] => {
    if (n.k === "app" && kindOf(n, vars, primitiveName) !== null) n.args.forEach((a) => typedLeaves(a, into));
    if (n.k === "const" || n.k === "lref") into.push(n);
    return into;
  };
  const leaves = typedTrees.map((t) => {
    const into = typedLeaves(t.node, []);
    // Arithmetic combining two variables, as (+ (* z z) c), is evidence too; a comparison (> t limit) is not.
    const arithmetic = t.node.k === "app" && ["+", "-", "*", "/"].includes(primitiveName(t.node.fn) ?? "");
    const combines = arithmetic && new Set(into.flatMap((l) => (l.k === "lref" ? [l.v] : []))).size >= 2;
    if (t.binds !== null) into.push({ k: "lref", v: t.binds });
    return { into, combines };
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const { into: tree, combines } of leaves) {
      const grounded =
        combines || tree.some((l) => (l.k === "const" && (l.value instanceof Flonum || l.value instanceof Compnum)) || (l.k === "lref" && shown.has(l.v)));
      if (!grounded) continue;
      for (const l of tree) {
        if (l.k === "lref" && !shown.has(l.v)) {
          shown.add(l.v);
          changed = true;
        }
      }
    }
  }
  return shown;
}
