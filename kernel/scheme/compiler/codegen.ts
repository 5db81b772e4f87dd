// AST → JavaScript source.
//
// Locals become JS `let`s and lambdas real JS closures, so V8 optimises Scheme code like hand-written JS.
// The calling convention (trampoline.ts): a call in tail position returns `tailK(f, ...)`; every other call of
// an unknown procedure is wrapped in `rv(...)`, which runs pending tail calls. A lambda that calls itself in
// tail position (named let, do, a global procedure that recurs in tail position) becomes a `for (;;)` loop.
// Calls of a global that holds a primitive call its implementation directly (with fixnum fast paths for
// arithmetic), guarded by a check that the global still holds that primitive, since users may redefine it.
//
// Each call site is preceded by a `/*@N*/` marker naming its Scheme source position; link.ts turns markers
// into a table from generated line/column to Scheme line/column for error messages.

import type { Primitive } from "../runtime/registry.js";
import { tick } from "../runtime/interrupt.js";
import { mangle } from "../names.js";
import { Compnum, Flonum, VOID } from "../values.js";
import { CaptureSites, type Resumer } from "../runtime/capture-sites.js";
import { UNBOUND } from "../runtime/globals.js";
import { LocalVar, walk, type Lambda, type Node, type Position } from "./ast.js";
import { analyseResumer, primitiveName, primitiveOf, type Analysis } from "./analyse.js";
import { isDataOnlyPrimitive, type SelfReference } from "./closed-bodies.js";
import { freeVariables, mustSpill, recursivelyBound, spillVariable } from "./capture-points.js";
import { link, type GeneratedUnit } from "./link.js";
import { restOfProcedure } from "./resume.js";
import { PURE_HELPERS } from "./pure-helpers.js";
import { BINARY_FAST_PATHS, UNARY_FAST_PATHS } from "./fast-paths.js";
import { UNIT_HELPER_NAMES } from "./unit-helpers.js";
import { kindOf, unboxedOperation, type NumKind, type Unboxed, type UnboxedPlan } from "./unboxed.js";


class FunctionContext {
  temps = 0;
  /** In a closed body (closed-bodies.ts): the primitive guards, checked once on entry into `$primitives`. */
  readonly guards: Set<string> | null;
  /** Set when a self tail call was compiled as a jump: the body must then be wrapped in a loop. */
  loops = false;
  /** While generating a loop's specialised body (unboxed.ts): the variables held as doubles, and their kinds. */
  unboxed: ReadonlyMap<LocalVar, NumKind> | null = null;
  /** The calls a capture can pass while this frame runs (capture-points.ts), indexed by `$pc`. */
  readonly sites: Node[] = [];
  /** Locals declared at the top of the body, so the frame's catch clause can record them. */
  readonly hoisted: LocalVar[] = [];
  constructor(
    readonly lambda: Lambda | null,
    readonly self: SelfReference | null,
    readonly jsName: string,
    closed: boolean,
    /** Whether a continuation can be captured while this frame is on the stack. */
    readonly capturing = false,
  ) {
    this.guards = closed ? new Set() : null;
  }

  /** The check that a global still holds a primitive, as this function performs it. */
  /**
   * In a closed loop, compiled once for each outcome of the guards (they cannot change while it runs): whether
   * they hold in the version being generated. null elsewhere.
   */
  guardsHold: boolean | null = null;

  guard(condition: string): string {
    if (this.guards === null) return condition;
    this.guards.add(condition);
    return this.guardsHold === null ? "$primitives" : String(this.guardsHold);
  }

  /** The condition that every primitive this function's code relies on is still in place. */
  allGuards(): string {
    return this.guards === null || this.guards.size === 0 ? "true" : "$primitives";
  }

  guardDeclaration(): string {
    return this.guards === null || this.guards.size === 0 ? "" : `const $primitives = ${[...this.guards].join(" && ")};`;
  }
}

/** A double as a JS literal that reads back as the same double (-0, infinities and NaN included). */
function doubleLiteral(x: number): string {
  if (Object.is(x, -0)) return "(-0)";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "(-Infinity)";
  return x < 0 ? `(${x})` : `${x}`; // String(NaN) is "NaN", and the shortest form reads back exactly
}

/** An unboxed value as a Scheme value again (a comparison's JS boolean already is one). */
function boxed(u: Unboxed | string): string {
  if (typeof u === "string") return u;
  if (u.kind === "compnum") return `new Compnum(${u.re}, ${u.im})`;
  if (u.kind === "flonum") return `new Flonum(${u.v})`;
  throw new Error("unboxed: an exact literal is never boxed (it is compiled as a constant)");
}

const SIMPLE = /^(?:[\w$λ]+(?:\.v)?|\(-?\d+\))$/;

/**
 * Arguments as `a, b, c`. Joined with `+`, not Array.join: V8 keeps `+` of long strings as a rope where join copies,
 * and a call's arguments hold the code of every call nested in them, so copying at each level made code nested
 * 30 000 deep (a quasiquote template's conses) take the square of that to generate: half a minute.
 */
function commaSeparated(args: readonly string[]): string {
  let out = args[0] ?? "";
  for (let i = 1; i < args.length; i++) out += ", " + args[i]!;
  return out;
}

/** V8 refuses a call expression with more arguments than this; (list 1 2 … 70000) is still a Scheme call. */
const MAX_CALL_ARGUMENTS = 65_535;

/** A call's arguments, spread from an array when there are more than a call expression may have. */
function callArguments(args: readonly string[]): string {
  return args.length > MAX_CALL_ARGUMENTS ? `...[${commaSeparated(args)}]` : commaSeparated(args);
}

export function generate(node: Node, analysis: Analysis): GeneratedUnit {
  return new Generator(new Map(), analysis).unit(node);
}

/**
 * A resumed frame's code (resume.ts): a function of the frame's recorded variables (`byValue` as an array,
 * `byReference` through an accessor) that returns the procedure running the rest of the body.
 */
export function generateResumer(rest: Lambda, byValue: readonly LocalVar[], byReference: readonly LocalVar[]): GeneratedUnit {
  const declaredInRest = declaredVariables(rest);
  const references = new Map<LocalVar, number>();
  byReference.forEach((v, i) => {
    if (!declaredInRest.has(v)) references.set(v, i);
  });
  return new Generator(references, analyseResumer(rest)).resumer(rest, byValue);
}

/** Variables a lambda binds, its nested lambdas included. */
function declaredVariables(lambda: Lambda): Set<LocalVar> {
  const declared = new Set<LocalVar>();
  walk(lambda, (n) => {
    if (n.k === "lambda") {
      n.params.forEach((p) => declared.add(p));
      if (n.rest !== null) declared.add(n.rest);
    } else if (n.k === "let") n.vars.forEach((v) => declared.add(v));
  });
  return declared;
}

class Generator {
  constructor(
    /** In a resumed frame's code, the variables it reaches through the recorded frame's accessor. */
    private readonly references: ReadonlyMap<LocalVar, number>,
    /** What analyse.ts found out about each procedure of the code. */
    private readonly analysis: Analysis,
  ) {}
  private readonly captureSites: CaptureSites[] = [];
  private readonly constants: unknown[] = [];
  private readonly constantIndex = new Map<unknown, number>();
  /** undefined marks the start of a procedure: stack positions there belong to no call. */
  private readonly positions: (Position | undefined)[] = [];
  private fnc = new FunctionContext(null, null, "", false);
  private readonly localNumbers = new Map<LocalVar, number>();
  /** Locals bound once to a lambda and never assigned (calling them needs no procedure check), with the function
   * whose frame binds them. */
  private readonly knownProcedures = new Map<LocalVar, FunctionContext>();

  unit(node: Node): GeneratedUnit {
    // A form that can capture a continuation is compiled as a procedure of no arguments, whose frame is recorded
    // like any other: the form's rest is then part of the continuation.
    const top = this.analysis.formProcedure;
    if (top !== null) {
      return this.finish([`return ${this.lambda(top, true)};`]);
    }
    // Not a tail call at the top: the top-level frame stays on the stack, so an error inside a procedure the
    // form calls is still located at that call.
    const body: string[] = [];
    body.push(`return ${this.expr(node, body)};`);
    return this.finish([`return function () {`, this.tempDeclaration(), ...body, `};`]);
  }

  resumer(rest: Lambda, byValue: readonly LocalVar[]): GeneratedUnit {
    const bindings = byValue.map((v, i) => `${this.local(v)} = $values[${i}]`);
    return this.finish([
      `return function ($values, $references) {`,
      bindings.length > 0 ? `const ${bindings.join(", ")};` : "",
      `return ${this.lambda(rest)};`,
      `};`,
    ]);
  }

  private finish(body: string[]): GeneratedUnit {
    const consts = this.constants.map((_, i) => `k${i} = K[${i}]`);
    const source = [
      `"use strict";`,
      `const { ${UNIT_HELPER_NAMES.join(", ")} } = rt;`,
      consts.length > 0 ? `const ${consts.join(", ")};` : "",
      // A function that mentions U puts it in this scope's context, which every procedure the unit makes keeps:
      // U (link.ts) then lives exactly as long as the unit's code can still run.
      `const $unit = () => U;`,
      ...body,
    ].join("\n");
    return { source, constants: this.constants, positions: this.positions, captureSites: this.captureSites };
  }

  // ---- names, constants, markers ----

  private k(value: unknown): string {
    let i = this.constantIndex.get(value);
    if (i === undefined) {
      i = this.constants.length;
      this.constants.push(value);
      this.constantIndex.set(value, i);
    }
    return `k${i}`;
  }

  private literal(value: unknown): string {
    if (typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0)) return value < 0 ? `(${value})` : `${value}`;
    if (value === true) return "true";
    if (value === false) return "false";
    if (value === VOID) return "VOID";
    return this.k(value);
  }

  /** Numbered in the order this unit's code first names them: the same cell expanded again (with new LocalVars)
   * gives the same source, so link.ts can reuse its script. */
  private local(v: LocalVar): string {
    let n = this.localNumbers.get(v);
    if (n === undefined) {
      n = this.localNumbers.size;
      this.localNumbers.set(v, n);
    }
    return `${mangle(v.name)}_${n}`;
  }

  private read(v: LocalVar): string {
    const i = this.references.get(v);
    return i === undefined ? this.local(v) : `$references(${i}, false)`;
  }

  private assign(v: LocalVar, js: string): string {
    const i = this.references.get(v);
    return i === undefined ? `${this.local(v)} = ${js}` : `$references(${i}, true, ${js})`;
  }

  /** Declare a local at the top of a capturing procedure's body (in the scope its catch clause sees). */
  private declare(v: LocalVar): string {
    if (this.fnc.capturing) {
      this.fnc.hoisted.push(v);
      return this.local(v);
    }
    return `let ${this.local(v)}`;
  }

  /** `$pc = N, ` before a call a capture can pass: the frame's catch clause records N. */
  private site(node: Node): string {
    if (!this.fnc.capturing) return "";
    this.fnc.sites.push(node);
    return `$pc = ${this.fnc.sites.length - 1}, `;
  }

  /**
   * Operands in order. In a capturing procedure an operand that may capture, or whose value is needed after a
   * later one that may, is evaluated first into its own variable: the call's `$pc` is then set after every
   * capture inside its operands, and a resumed frame finds the values computed before the capture.
   */
  private operands(nodes: readonly Node[], out: string[]): string[] {
    return nodes.map((n, i) => {
      const js = this.expr(n, out);
      if (!this.fnc.capturing || !mustSpill(nodes, i)) return js;
      const name = this.declare(spillVariable(n));
      out.push(`${name} = ${js};`);
      return name;
    });
  }

  private marker(pos: Position | undefined): string {
    if (pos === undefined) return "";
    return this.anyMarker(pos);
  }

  private anyMarker(pos: Position | undefined): string {
    this.positions.push(pos);
    return `/*@${this.positions.length - 1}*/`;
  }

  private temp(): string {
    return `$${++this.fnc.temps}`;
  }

  private tempDeclaration(): string {
    const n = this.fnc.temps;
    return n === 0 ? "" : `let ${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ")};`;
  }

  /** Evaluate now into a temp unless the expression is a name or a literal (so it can be used twice). */
  private simple(js: string, out: string[]): string {
    if (SIMPLE.test(js)) return js;
    const t = this.temp();
    out.push(`${t} = ${js};`);
    return t;
  }

  // ---- the three contexts: value, tail, effect ----

  private expr(node: Node, out: string[]): string {
    // Generating answers the interrupt: code nested 50 000 deep takes seconds to generate.
    tick();
    if (this.fnc.unboxed !== null && (node.k === "lref" || node.k === "app") && kindOf(node, this.fnc.unboxed, primitiveName) !== null) {
      return boxed(this.unboxed(node, out));
    }
    switch (node.k) {
      case "const":
        return this.literal(node.value);
      case "lref":
        return this.read(node.v);
      case "lset":
        return `(${this.assign(node.v, this.expr(node.e, out))}, VOID)`;
      case "gref":
        return node.cell.v !== UNBOUND ? `${this.k(node.cell)}.v` : `${this.marker(node.pos)}gv(${this.k(node.cell)})`;
      case "gset": {
        const value = node.e.k === "lambda" && node.define ? this.lambda(node.e) : this.expr(node.e, out);
        return node.define ? `(${this.k(node.cell)}.v = ${value}, VOID)` : `gset(${this.k(node.cell)}, ${value})`;
      }
      case "if": {
        const test = this.expr(node.test, out);
        const thenOut: string[] = [];
        const elseOut: string[] = [];
        const a = this.expr(node.then, thenOut);
        const b = this.expr(node.else, elseOut);
        if (thenOut.length === 0 && elseOut.length === 0) return `(${test} !== false ? ${a} : ${b})`;
        const t = this.temp();
        out.push(`if (${test} !== false) {`, ...thenOut, `${t} = ${a};`, `} else {`, ...elseOut, `${t} = ${b};`, `}`);
        return t;
      }
      case "seq":
        node.body.slice(0, -1).forEach((n) => this.effect(n, out));
        return this.expr(node.body[node.body.length - 1]!, out);
      case "lambda":
        return this.lambda(node);
      case "caselambda":
        return `makeCaseLambda(${JSON.stringify(node.name)}, [${node.clauses.map((c) => this.lambda(c)).join(", ")}], [${node.clauses
          .map((c) => c.params.length)
          .join(", ")}], [${node.clauses.map((c) => c.rest !== null).join(", ")}])`;
      case "let":
        this.bindings(node, out);
        return this.expr(node.body, out);
      case "app":
        return this.call(node, out, false);
      case "helper": {
        const args = this.operands(node.args, out);
        const pc = PURE_HELPERS.has(node.fn) ? "" : this.site(node);
        const call = `${this.marker(node.pos)}${this.k(node.fn)}(${callArguments(args)})`;
        return pc === "" ? call : `(${pc}${call})`;
      }
    }
  }

  private tail(node: Node, out: string[]): void {
    switch (node.k) {
      case "if": {
        const test = this.expr(node.test, out);
        out.push(`if (${test} !== false) {`);
        this.tail(node.then, out);
        out.push(`} else {`);
        this.tail(node.else, out);
        out.push(`}`);
        return;
      }
      case "seq":
        node.body.slice(0, -1).forEach((n) => this.effect(n, out));
        this.tail(node.body[node.body.length - 1]!, out);
        return;
      case "let":
        this.bindings(node, out);
        this.tail(node.body, out);
        return;
      case "app":
        this.call(node, out, true);
        return;
      default:
        out.push(`return ${this.expr(node, out)};`);
    }
  }

  private effect(node: Node, out: string[]): void {
    if (node.k === "seq") node.body.forEach((n) => this.effect(n, out));
    else if (node.k === "let") {
      this.bindings(node, out);
      this.effect(node.body, out);
    } else if (node.k === "if") {
      out.push(`if (${this.expr(node.test, out)} !== false) {`);
      this.effect(node.then, out);
      out.push(`} else {`);
      this.effect(node.else, out);
      out.push(`}`);
    } else if (node.k !== "const" && node.k !== "lref" && node.k !== "lambda") {
      out.push(`${this.expr(node, out)};`);
    }
  }

  private bindings(node: Extract<Node, { k: "let" }>, out: string[]): void {
    if (!node.rec) {
      node.vars.forEach((v, i) => {
        if (this.fnc.unboxed?.has(v)) {
          out.push(`let ${this.unboxedParts(v, this.unboxed(node.inits[i]!, out)).join(", ")};`);
          return;
        }
        const init = this.expr(node.inits[i]!, out);
        out.push(`${this.declare(v)} = ${init};`);
      });
      return;
    }
    node.vars.forEach((v) => recursivelyBound.add(v));
    if (this.fnc.capturing) this.fnc.hoisted.push(...node.vars);
    else out.push(`let ${node.vars.map((v) => this.local(v)).join(", ")};`);
    node.vars.forEach((v, i) => {
      const init = node.inits[i]!;
      if (init.k === "lambda" && !v.assigned) {
        this.knownProcedures.set(v, this.fnc);
        out.push(`${this.local(v)} = ${this.lambda(init)};`);
      } else out.push(`${this.local(v)} = ${this.expr(init, out)};`);
    });
  }

  // ---- calls ----

  private isSelf(fnNode: Node, argc: number): SelfReference | null {
    const self = this.fnc.self;
    const lambda = this.fnc.lambda;
    if (self === null || lambda === null || lambda.rest !== null || lambda.params.length !== argc) return null;
    if (self.kind === "local" && fnNode.k === "lref" && fnNode.v === self.v) return self;
    if (self.kind === "global" && fnNode.k === "gref" && fnNode.cell === self.cell) return self;
    return null;
  }

  private call(node: Extract<Node, { k: "app" }>, out: string[], isTail: boolean): string {
    const fnNode = node.fn;
    const argc = node.args.length;
    const self = isTail ? this.isSelf(fnNode, argc) : null;
    if (self !== null) {
      this.selfTailCall(node, self, out);
      return "";
    }
    const prim = fnNode.k === "gref" ? primitiveOf(fnNode.cell) : undefined;
    if (prim !== undefined && fnNode.k === "gref") {
      const args = this.operands(node.args, out).map((a) => this.simple(a, out));
      const cell = `${this.k(fnNode.cell)}.v`;
      const m = this.marker(node.pos);
      const guard = this.fnc.guard(`${cell} === ${this.k(prim.procedure)}`);
      const direct = guard === "false" ? "" : `${m}${this.primitiveCall(prim, args, out)}`;
      const choose = (ifHolds: string, otherwise: string) =>
        guard === "true" ? ifHolds : guard === "false" ? otherwise : `(${guard} ? ${ifHolds} : ${otherwise})`;
      const dataOnly = isDataOnlyPrimitive(fnNode);
      if (isTail) {
        // A primitive's result is returned as is: a capture inside it does not need this frame (`$pc = -1`).
        const pc = this.fnc.capturing && !dataOnly ? "$pc = -1, " : "";
        out.push(`return (${pc}${choose(direct, `${m}${this.tailCall(cell, args)}`)});`);
        return "";
      }
      const pc = this.site(node);
      const generic = `${m}rv(fn(${cell})(${callArguments(args)}))`;
      if (pc === "") return choose(direct, generic);
      // Only the generic call can capture when the primitive takes and returns data only.
      return dataOnly ? choose(direct, `(${pc}${generic})`) : `(${pc}${choose(direct, generic)})`;
    }
    const [f, ...args] = this.operands([fnNode, ...node.args], out) as [string, ...string[]];
    const m = this.marker(node.pos);
    if (isTail) {
      if (fnNode.k === "lref" && this.knownProcedures.get(fnNode.v) === this.fnc) {
        // Entering a named let (or any local procedure) from the function that binds it: a direct call, not a
        // trampoline bounce. V8 then sees one monomorphic call it can inline, where `tail2(loop, …)` went through
        // the trampoline's call site shared by the whole program, and the loop's frame sits on this one, which
        // returns whatever the loop returns (a pending tail call included). Only from the binding function: a
        // known procedure's tail calls of itself are loops and of its siblings still bounce, so mutual recursion
        // never deepens the stack. A capture inside the call does not need this frame (`$pc = -1`).
        const pc = this.fnc.capturing ? "$pc = -1, " : "";
        out.push(`return (${pc}${m}${f}(${callArguments(args)}));`);
        return "";
      }
      out.push(`return ${m}${this.tailCall(f, args)};`);
      return "";
    }
    const callee = fnNode.k === "lref" && this.knownProcedures.has(fnNode.v) ? f : `fn(${f})`;
    const pc = this.site(node);
    // While a tail call this call led to runs, this frame's position is the `rv(` itself: mark it too.
    const call = `${this.marker(node.pos)}rv(${m}${callee}(${callArguments(args)}))`;
    return pc === "" ? call : `(${pc}${call})`;
  }

  private tailCall(f: string, args: string[]): string {
    return args.length <= 4 ? `tail${args.length}(${commaSeparated([f, ...args])})` : `tailN(${f}, [${commaSeparated(args)}])`;
  }

  private primitiveCall(prim: Primitive, args: string[], out: string[]): string {
    const fast = BINARY_FAST_PATHS.get(prim.name);
    if (fast !== undefined && (args.length === 2 || (args.length > 2 && fast.chains))) {
      // Chained: each intermediate result goes to a temp so the inline code can read it more than once.
      let acc = args[0]!;
      for (let i = 1; i < args.length; i++) {
        const code = fast.code(acc, args[i]!, this.temp());
        acc = i === args.length - 1 ? code : this.simple(code, out);
      }
      return acc;
    }
    const unary = args.length === 1 ? UNARY_FAST_PATHS.get(prim.name) : undefined;
    if (unary !== undefined) return unary(args[0]!);
    const callable = args.length >= prim.minArgs && args.length <= prim.maxArgs ? prim.implementation : prim.procedure;
    return `${this.k(callable)}(${callArguments(args)})`;
  }

  private selfTailCall(node: Extract<Node, { k: "app" }>, self: SelfReference, out: string[]): void {
    const lambda = this.fnc.lambda!;
    const unboxed = this.fnc.unboxed;
    if (unboxed !== null) {
      const values = node.args.map((a, i) => (unboxed.has(lambda.params[i]!) ? this.unboxed(a, out) : this.simple(this.expr(a, out), out)));
      const assignments = lambda.params.map((p, i) => {
        const value = values[i]!;
        return unboxed.has(p) ? this.unboxedParts(p, value, "$in").map((a) => `${a};`).join(" ") : `${this.local(p)}$in = ${value};`;
      });
      // Only in closed bodies, where a global self's check joins the guards the specialised loop was entered on.
      if (self.kind === "global") this.fnc.guard(`${this.k(self.cell)}.v === ${this.fnc.jsName}`);
      out.push(`{`, ...assignments, `continue;`, `}`);
      this.fnc.loops = true;
      return;
    }
    // All new values are computed before any parameter changes (they may refer to the old ones).
    const values = this.operands(node.args, out).map((a) => this.simple(a, out));
    const jump = [`{`, ...lambda.params.map((p, i) => `${this.local(p)}$in = ${values[i]};`), `continue;`, `}`];
    this.fnc.loops = true;
    if (self.kind === "local") {
      out.push(...jump);
      return;
    }
    // A global may be redefined while this procedure runs: jump only while it still names this procedure.
    const cell = `${this.k(self.cell)}.v`;
    // (In a closed body nothing can redefine it meanwhile, so the check joins the guards checked on entry.)
    const guard = this.fnc.guard(`${cell} === ${this.fnc.jsName}`);
    if (guard === "true") {
      out.push(...jump);
      return;
    }
    if (guard !== "false") out.push(`if (${guard}) `, ...jump);
    out.push(`return ${this.marker(node.pos)}${this.tailCall(cell, values)};`);
  }

  // ---- unboxed inexact arithmetic in specialised loops (unboxed.ts) ----

  /** A typed node's value as doubles (or a JS boolean), its operations' results in temps. */
  private unboxed(node: Node, out: string[]): Unboxed | string {
    if (node.k === "const") {
      const value = node.value;
      if (value instanceof Flonum) return { kind: "flonum", v: doubleLiteral(value.value) };
      if (value instanceof Compnum) return { kind: "compnum", re: doubleLiteral(value.re), im: doubleLiteral(value.im) };
      return { kind: "fixnum-literal", v: this.literal(value) };
    }
    if (node.k === "lref") {
      const name = this.local(node.v);
      return this.fnc.unboxed!.get(node.v) === "compnum" ? { kind: "compnum", re: `${name}$re`, im: `${name}$im` } : { kind: "flonum", v: `${name}$f` };
    }
    if (node.k !== "app" || node.fn.k !== "gref") throw new Error(`unboxed: untyped ${node.k} node`);
    const prim = primitiveOf(node.fn.cell)!;
    this.fnc.guard(`${this.k(node.fn.cell)}.v === ${this.k(prim.procedure)}`);
    const operands = node.args.map((a) => {
      const operand = this.unboxed(a, out);
      if (typeof operand === "string") throw new Error("unboxed: a comparison typed as an arithmetic operand");
      return operand;
    });
    const result = unboxedOperation(prim.name, operands, () => this.temp());
    if (typeof result === "string") return result;
    if (result.kind === "compnum") {
      const [re, im] = [this.temp(), this.temp()];
      out.push(`${re} = ${result.re};`, `${im} = ${result.im};`);
      return { kind: "compnum", re, im };
    }
    const t = this.temp();
    out.push(`${t} = ${result.v};`);
    return { kind: "flonum", v: t };
  }

  /** The JS variables holding an unboxed variable: real and imaginary part, or the one double. */
  private partNames(v: LocalVar): string[] {
    const name = this.local(v);
    return this.fnc.unboxed!.get(v) === "compnum" ? [`${name}$re`, `${name}$im`] : [`${name}$f`];
  }

  /** `v`'s parts (their names with `suffix`) each set to its part of `value`: `name = value` each. */
  private unboxedParts(v: LocalVar, value: Unboxed | string, suffix = ""): string[] {
    const values = typeof value === "string" || value.kind === "fixnum-literal" ? [] : value.kind === "compnum" ? [value.re, value.im] : [value.v];
    const names = this.partNames(v);
    if (values.length !== names.length) throw new Error(`unboxed: ${this.local(v)} is typed ${this.fnc.unboxed!.get(v)}, given another kind`);
    return names.map((n, i) => `${n}${suffix} = ${values[i]}`);
  }

  /**
   * A loop specialised to `plan`: entered when the inputs have the plan's class and the primitives are in
   * place; it returns from the procedure, so the ordinary loop after it runs only when the check fails.
   */
  private specialisedLoop(node: Lambda, plan: UnboxedPlan): string[] {
    this.fnc.unboxed = plan.vars;
    this.fnc.guardsHold = true;
    try {
      const body: string[] = [];
      this.tail(node.body, body);
      const cls = plan.kind === "compnum" ? "Compnum" : "Flonum";
      const source = (v: LocalVar) => `${this.local(v)}${node.params.includes(v) ? "$in" : ""}`;
      const parts = (v: LocalVar): Unboxed =>
        plan.kind === "compnum" ? { kind: "compnum", re: `${source(v)}.re`, im: `${source(v)}.im` } : { kind: "flonum", v: `${source(v)}.value` };
      const params = node.params.filter((p) => plan.vars.has(p));
      const free = plan.inputs.filter((v) => !node.params.includes(v));
      const perIteration = [
        ...node.params.filter((p) => !plan.vars.has(p)).map((p) => `${this.local(p)} = ${this.local(p)}$in`),
        ...params.flatMap((p) => this.partNames(p).map((n) => `${n} = ${n}$in`)),
      ];
      return [
        `if (${this.fnc.allGuards()} && ${plan.inputs.map((v) => `${source(v)} instanceof ${cls}`).join(" && ")}) {`,
        params.length > 0 ? `let ${params.flatMap((p) => this.unboxedParts(p, parts(p), "$in")).join(", ")};` : "",
        free.length > 0 ? `const ${free.flatMap((v) => this.unboxedParts(v, parts(v))).join(", ")};` : "",
        `for (;;) {`,
        `if ((++$iterations & 4095) === 0) poll();`,
        perIteration.length > 0 ? `let ${perIteration.join(", ")};` : "",
        this.tempDeclaration(),
        ...body,
        `}`,
        `}`,
      ];
    } finally {
      this.fnc.unboxed = null;
      this.fnc.guardsHold = null;
    }
  }

  // ---- lambdas ----

  private loop(params: readonly string[], incoming: readonly string[], body: readonly string[]): string[] {
    return [
      `for (;;) {`,
      `if ((++$iterations & 4095) === 0) poll();`,
      params.length > 0 ? `let ${params.map((p, i) => `${p} = ${incoming[i]}`).join(", ")};` : "",
      // Temps live for one iteration: declared here, an intermediate number never flows into the next
      // iteration, so V8's escape analysis can keep it unboxed instead of allocating it.
      this.tempDeclaration(),
      ...body,
      `}`,
    ];
  }

  /**
   * A closed body that loops, compiled with its primitives' guards known to hold: its operations test nothing.
   * The code generated after it (the ordinary loop) is then compiled for guards that fail. Returns nothing
   * (and leaves the context as it was) when the body does not loop or relies on no primitive.
   */
  private loopWhileGuardsHold(node: Lambda, params: readonly string[], incoming: readonly string[]): string[] {
    const fnc = this.fnc;
    fnc.guardsHold = true;
    const body: string[] = [];
    this.tail(node.body, body);
    if (!fnc.loops || fnc.guards!.size === 0) {
      fnc.guardsHold = null;
      fnc.loops = false;
      return [];
    }
    const loop = [`if ($primitives) {`, ...this.loop(params, incoming, body), `}`];
    fnc.guardsHold = false;
    return loop;
  }

  /**
   * The catch clause of a capturing procedure: when a capture passes while call `$pc` runs, record the frame.
   * Variables never assigned are recorded by value; assigned ones through an accessor closure, so the frame and
   * its resumptions share them (only those become closure variables for V8).
   */
  private recordFrame(node: Lambda): string {
    const own = [...node.params, ...(node.rest === null ? [] : [node.rest]), ...this.fnc.hoisted];
    const scope = [...new Set([...own, ...freeVariables(node)])];
    const shared = (v: LocalVar) => v.assigned || recursivelyBound.has(v);
    const byValue = scope.filter((v) => !shared(v));
    const byReference = scope.filter(shared);
    // Compiled when a continuation through one of the calls first runs (resume.ts, link.ts).
    const calls = this.fnc.sites;
    const compileResumer = (site: number, origin: string, defines: string | undefined) =>
      link(generateResumer(restOfProcedure(node, calls[site]!), byValue, byReference), origin, defines) as unknown as Resumer;
    const sites = new CaptureSites(compileResumer);
    this.captureSites.push(sites);
    const values = `[${byValue.map((v) => this.read(v)).join(", ")}]`;
    const accessor =
      byReference.length === 0
        ? "null"
        : `function ($i, $set, $v) { switch ($i) {${byReference
            .map((v, i) => ` case ${i}: if ($set) ${this.assign(v, "$v")}; return ${this.read(v)};`)
            .join("")} } }`;
    // No call before the test: at the stack's limit a call would replace the RangeError (and its location).
    return `if ($pc >= 0 && typeof $e === "object" && $e !== null && $e.isCapture === true) $e.push(${this.k(sites)}, $pc, ${values}, ${accessor});`;
  }

  /**
   * `topLevel`: a top-level form's procedure, with no JS name (backtraces leave it out) and no tail call at the
   * end, so its frame stays on the stack and an error inside a procedure the form calls is located at that call.
   */
  private lambda(node: Lambda, topLevel = false): string {
    const saved = this.fnc;
    const jsName = topLevel ? "" : node.name === "" ? "λ" : mangle(node.name);
    const { self, capturing, closed, unboxedLoops } = this.analysis.procedures.get(node)!;
    this.fnc = new FunctionContext(node, self, jsName, closed, capturing);
    try {
      // In a closed body `$primitives` also holds "a global self still names this procedure" (selfTailCall),
      // so the specialised loop, entered only while it holds, may always jump.
      // (A capturing body is compiled once only: its sites and catch clause belong to the one ordinary body.)
      const specialised = unboxedLoops.flatMap((plan) => this.specialisedLoop(node, plan));
      const params = node.params.map((p) => this.local(p));
      const incoming = params.map((p) => `${p}$in`);
      const whileGuardsHold = this.fnc.guards === null || capturing ? [] : this.loopWhileGuardsHold(node, params, incoming);
      const body: string[] = [];
      if (topLevel) body.push(`return ${this.expr(node.body, body)};`);
      else this.tail(node.body, body);
      const n = node.params.length;
      const label = JSON.stringify(node.name === "" ? "anonymous procedure" : node.name);
      const check =
        node.rest === null
          ? `if (arguments.length !== ${n}) arityError(${label}, ${n}, ${n}, arguments.length);`
          : `if (arguments.length < ${n}) arityError(${label}, ${n}, Infinity, arguments.length);`;
      const rest = node.rest === null ? "" : `let ${this.local(node.rest)} = restList(arguments, ${n});`;
      const poll = `tick();`;
      // (In a loop, the body and so the catch clause are inside the loop, where each iteration's variables are.)
      const pc = capturing ? "let $pc = -1;" : "";
      const temps = `${this.tempDeclaration()}${this.fnc.guardDeclaration()}${pc}`;
      if (capturing) {
        const hoisted = this.fnc.hoisted.length > 0 ? `let ${this.fnc.hoisted.map((v) => this.local(v)).join(", ")};` : "";
        body.unshift(hoisted, "try {");
        body.push("} catch ($e) {", this.recordFrame(node), "throw $e;", "}");
      }
      if (!this.fnc.loops) {
        return [`function ${jsName}(${params.join(", ")}) {${this.anyMarker(undefined)}`, check, rest, poll, temps, ...body, `}`].join("\n");
      }
      return [
        `function ${jsName}(${incoming.join(", ")}) {${this.anyMarker(undefined)}`,
        check,
        rest,
        this.fnc.guardDeclaration(),
        pc,
        // A loop counts its own iterations in a local (cheaper than the shared budget) and polls every 4096.
        `let $iterations = 0;`,
        poll,
        ...specialised,
        ...whileGuardsHold,
        ...this.loop(params, incoming, body),
        `}`,
      ].join("\n");
    } finally {
      this.fnc = saved;
    }
  }
}
