// The expander: reader datums → the core AST (compiler/ast.ts).
//
// Macros are expanded and every derived form is lowered straight to core nodes (not to other Scheme forms), so
// a user who rebinds `if` or `let` cannot break `cond` or `do`, and the code generator sees few node kinds.
//
// Cyclic code is an error (R7RS allows circular references only in literals). A form that the expander is asked to
// treat as code must not contain itself as code: `#0=(a . #0#)` or `(f #0=(g #0#))` evaluated, a cyclic body,
// binding list, parameter list, quasiquote template with an unquote, macro use or macro rule is a SyntaxError
// "cyclic code: a form contains itself" at the form, and nothing of it runs. Cyclic data inside a literal is a
// value: '#0=(a . #0#), `#0=(a . #0#) with no unquote, a vector, and what a macro quotes. Lists are walked with
// cycle detection (spine.ts) always; a form whose parts may be shared (DatumShape "graph": the reader saw
// datum labels, or `eval` got a datum from a program) also has every form the expander is inside of remembered,
// so reaching one again is caught instead of expanded forever.

import { constant, helper, seq, type Lambda, LocalVar, type Node, type Position } from "../compiler/ast.js";
import { SchemeError } from "../errors.js";
import { NIL, Pair, Sym, VOID, type Value } from "../values.js";
import { containsCycle } from "../cycles.js";
import * as rt from "../library/lowered-forms.js";
import { tick } from "../runtime/interrupt.js";
import { buildQuasiquote, HOLE, listOfTwo, type Recipe } from "../library/quasiquote.js";
import { CIRCULAR } from "../spine.js";
import { expandMacro, parseCalystoRules, parseSyntaxRules } from "./macro.js";
import { baseSymbol, makeAlias, resolve, Scope, stripSyntax, type Binding, type GlobalEnvironment, type Macro } from "./scope.js";
import { CYCLIC_CODE, spine, type DatumShape } from "./shape.js";

export type PositionOf = (p: Pair) => Position | undefined;

/** One item of a body or of the top level, after definitions were recognised. */
type BodyItem =
  | { readonly kind: "define"; readonly id: Sym; readonly form: Value; readonly init: (scope: Scope | null) => Node }
  | { readonly kind: "expr"; readonly form: Value };

type Special = (form: Pair, scope: Scope | null, pos: Position | undefined, name: string) => Node;

export const SPECIAL_FORMS = [
  "quote", "quasiquote", "unquote", "unquote-splicing", "lambda", "define", "set!", "if", "begin", "let", "let*",
  "letrec", "letrec*", "cond", "case", "and", "or", "when", "unless", "do", "delay", "delay-force", "make-promise-lazy",
  "let-values", "let*-values", "define-values", "receive", "parameterize", "guard", "case-lambda",
  "define-record-type", "assert", "define-syntax", "let-syntax", "letrec-syntax", "syntax-rules", "else", "=>",
] as const;

const sym = Sym.intern;
let hiddenCount = 0;

/** A procedure is a JavaScript function, and V8 refuses a function with more parameters than this. */
const MAX_PARAMETERS = 65_534;

/** Give a new global environment its special forms (a later user definition of the same name replaces one). */
export function installSpecialForms(global: GlobalEnvironment): void {
  for (const name of SPECIAL_FORMS) global.keywords.set(name, { kind: "special", name });
}

export class Expander {
  private readonly specials = new Map<string, Special>();
  /** For a "graph": the forms being expanded now (each one's expansion is under way), to catch one inside itself. */
  private readonly open: Set<Pair> | null;
  private readonly quasiquotes: QuasiquoteParts;

  constructor(
    private readonly global: GlobalEnvironment,
    private readonly origin: string,
    private readonly positionOf: PositionOf,
    private readonly shape: DatumShape = "tree",
  ) {
    this.open = shape === "graph" ? new Set() : null;
    this.quasiquotes = { unquoted: new Set(), walked: new Set(), seen: shape === "graph" ? new Set() : null };
    this.installSpecials();
  }

  // ---- entry points ----

  /** A top-level form: definitions go to global cells; `begin` splices. */
  topLevel(form: Value, pos: Position | undefined): Node {
    const items = this.scanBody([form], null, pos, true);
    const nodes: Node[] = items.map((item) => {
      if (item.kind === "expr") return this.expr(item.form, null, pos);
      const cell = this.global.cell(baseSymbol(item.id).name);
      // A user definition replaces a global keyword of the same name (e.g. a procedure called `assert`).
      this.global.keywords.delete(cell.name);
      return { k: "gset", cell, e: item.init(null), define: true };
    });
    return nodes.length === 0 ? constant(VOID) : seq(nodes);
  }

  // ---- errors and positions ----

  private fail(message: string, form: Value, pos: Position | undefined): never {
    const err = new SchemeError("SyntaxError", message, [stripSyntax(form, this.shape)]);
    if (pos !== undefined) err.location = { origin: this.origin, line: pos.line, column: pos.column };
    throw err;
  }

  private failCyclic(form: Value, pos: Position | undefined): never {
    return this.fail(CYCLIC_CODE, form, pos);
  }

  /**
   * Expand `form` with `f`, remembering that its expansion is under way: for a "graph", reaching it again from
   * inside is cyclic code. (For a tree that cannot happen, and nothing is remembered.)
   */
  private inside<T>(form: Value, inherited: Position | undefined, f: () => T): T {
    const open = this.open;
    if (open === null || !(form instanceof Pair)) return f();
    if (open.has(form)) this.failCyclic(form, this.posOf(form, inherited));
    open.add(form);
    try {
      return f();
    } finally {
      open.delete(form);
    }
  }

  private posOf(form: Value, inherited: Position | undefined): Position | undefined {
    return form instanceof Pair ? (this.positionOf(form) ?? inherited) : inherited;
  }

  private list(form: Value, whole: Value, pos: Position | undefined): Value[] {
    const { items, end } = spine(form);
    if (end === CIRCULAR) this.failCyclic(whole, pos);
    if (end !== NIL) this.fail("expected a proper list in", whole, pos);
    return items;
  }

  private identifier(v: Value, whole: Value, pos: Position | undefined): Sym {
    if (!(v instanceof Sym)) this.fail("expected an identifier in", whole, pos);
    return v;
  }

  private keywordOf(form: Value, scope: Scope | null): Extract<Binding, { kind: "macro" | "special" }> | undefined {
    if (!(form instanceof Pair) || !(form.car instanceof Sym)) return undefined;
    const b = resolve(form.car, scope, this.global);
    return b.kind === "macro" || b.kind === "special" ? b : undefined;
  }

  private isKeyword(id: Value, name: string, scope: Scope | null): boolean {
    if (!(id instanceof Sym) || baseSymbol(id).name !== name) return false;
    const b = resolve(id, scope, this.global);
    return b.kind === "global" || (b.kind === "special" && b.name === name);
  }

  // ---- expressions ----

  expr(form: Value, scope: Scope | null, inherited: Position | undefined, name = ""): Node {
    if (this.open === null) return this.expression(form, scope, inherited, name);
    return this.inside(form, inherited, () => this.expression(form, scope, inherited, name));
  }

  private expression(form: Value, scope: Scope | null, inherited: Position | undefined, name: string): Node {
    // Expanding answers the interrupt too: a form nested 20 000 deep takes seconds to expand (each identifier is
    // looked up through every scope around it).
    tick();
    const pos = this.posOf(form, inherited);
    if (form instanceof Sym) return this.reference(form, scope, pos);
    if (!(form instanceof Pair)) {
      if (form === NIL) this.fail("empty combination ()", form, pos);
      return constant(form);
    }
    if (form.car instanceof Sym) {
      const b = resolve(form.car, scope, this.global);
      if (b.kind === "macro") return this.expr(this.useMacro(b.macro, form, scope, pos), scope, pos, name);
      if (b.kind === "special") return this.specials.get(b.name)!(form, scope, pos, name);
    }
    const items = this.list(form, form, pos);
    return { k: "app", fn: this.expr(items[0]!, scope, pos), args: items.slice(1).map((a) => this.expr(a, scope, pos)), pos };
  }

  private useMacro(macro: Macro, form: Pair, scope: Scope | null, pos: Position | undefined): Value {
    // A macro that expands into itself forever must stay interruptible.
    tick();
    try {
      return expandMacro(macro, form, scope, this.global);
    } catch (e) {
      if (e instanceof SchemeError && e.location === undefined && pos !== undefined) {
        e.location = { origin: this.origin, line: pos.line, column: pos.column };
      }
      throw e;
    }
  }

  private reference(id: Sym, scope: Scope | null, pos: Position | undefined): Node {
    const b = resolve(id, scope, this.global);
    switch (b.kind) {
      case "local":
        return { k: "lref", v: b.v };
      case "global":
        return { k: "gref", cell: this.global.cell(b.name), pos };
      default:
        return this.fail(`${baseSymbol(id).name} is a syntactic keyword, not a variable:`, id, pos);
    }
  }

  private sequence(forms: Value[], scope: Scope | null, pos: Position | undefined): Node {
    return forms.length === 0 ? constant(VOID) : seq(forms.map((f) => this.expr(f, scope, pos)));
  }

  // ---- bodies and definitions ----

  /** Recognise definitions (also those a macro produces) among a body's forms, in order. */
  private scanBody(forms: Value[], scope: Scope | null, pos: Position | undefined, topLevel: boolean): BodyItem[] {
    const items: BodyItem[] = [];
    const pending = [...forms].reverse();
    // A `begin` that splices itself in again (#0=(begin #0#)) would loop here without ever entering `expr`.
    const spliced = this.open === null ? null : new Set<Pair>();
    while (pending.length > 0) {
      const form = pending.pop()!;
      const fpos = this.posOf(form, pos);
      const kw = this.keywordOf(form, scope);
      if (kw === undefined) {
        items.push({ kind: "expr", form });
        continue;
      }
      if (kw.kind === "macro") {
        pending.push(this.useMacro(kw.macro, form as Pair, scope, fpos));
        continue;
      }
      const f = form as Pair;
      switch (kw.name) {
        case "begin":
          if (spliced !== null) {
            if (spliced.has(f)) this.failCyclic(f, fpos);
            spliced.add(f);
          }
          pending.push(...this.list(f.cdr, f, fpos).reverse());
          break;
        case "define":
          items.push(this.defineItem(f, fpos));
          break;
        case "define-values":
          items.push(...this.defineValuesItems(f, fpos));
          break;
        case "define-record-type":
          items.push(...this.recordItems(f, fpos));
          break;
        case "define-syntax": {
          const [, id, ...spec] = this.list(f, f, fpos);
          const name = this.identifier(id, f, fpos);
          const macro = this.parseMacro(name, spec, f, scope, fpos);
          if (topLevel && scope === null) this.global.keywords.set(baseSymbol(name).name, { kind: "macro", macro });
          else scope!.bindings.set(name, { kind: "macro", macro });
          break;
        }
        default:
          items.push({ kind: "expr", form });
      }
    }
    return items;
  }

  private defineItem(f: Pair, pos: Position | undefined): BodyItem {
    const parts = this.list(f, f, pos);
    let target = parts[1];
    let body = parts.slice(2);
    // Curried define: (define ((f a) b) e) is (define (f a) (lambda (b) e)).
    const curried = this.open === null ? null : new Set<Pair>();
    while (target instanceof Pair && target.car instanceof Pair) {
      if (curried !== null) {
        if (curried.has(target)) this.failCyclic(f, pos);
        curried.add(target);
      }
      body = [new Pair(sym("lambda"), new Pair(target.cdr, arrayToList(body)))];
      target = target.car;
    }
    if (target instanceof Pair) {
      const id = this.identifier(target.car, f, pos);
      const params = target.cdr;
      if (body.length === 0) this.fail("define: a procedure needs a body:", f, pos);
      return { kind: "define", id, form: f, init: (scope) => this.lambda(params, body, scope, pos, baseSymbol(id).name, f) };
    }
    const id = this.identifier(target, f, pos);
    if (body.length > 1) this.fail("define: too many expressions in", f, pos);
    const init = body[0];
    return {
      kind: "define",
      id,
      form: f,
      init: (scope) => (init === undefined ? constant(VOID) : this.expr(init, scope, pos, baseSymbol(id).name)),
    };
  }

  private defineValuesItems(f: Pair, pos: Position | undefined): BodyItem[] {
    const [, formals, expr] = this.list(f, f, pos);
    if (expr === undefined) this.fail("define-values needs formals and an expression:", f, pos);
    const { ids, rest } = this.formals(formals!, f, pos);
    // A hidden variable holds the values; its name cannot be written (nor collide) in Scheme source.
    const tmp = Sym.uninterned(`define-values ${++hiddenCount}`);
    const all = rest === null ? ids : [...ids, rest];
    const items: BodyItem[] = [
      { kind: "define", id: tmp, form: f, init: (scope) => helper(rt.valuesToArray, [this.expr(expr, scope, pos), constant(ids.length), constant(rest !== null)], pos) },
    ];
    all.forEach((id, i) =>
      items.push({ kind: "define", id, form: f, init: (scope) => helper(rt.arrayItem, [this.reference(tmp, scope, pos), constant(i)]) }),
    );
    return items;
  }

  private recordItems(f: Pair, pos: Position | undefined): BodyItem[] {
    const [, typeSpec, ctorSpec, predName, ...fieldSpecs] = this.list(f, f, pos);
    if (predName === undefined) this.fail("define-record-type: expected (define-record-type name (constructor field ...) predicate field-spec ...):", f, pos);
    const typeId = this.identifier(typeSpec instanceof Pair ? typeSpec.car : typeSpec, f, pos);
    const fields = fieldSpecs.map((spec) => this.list(spec, f, pos).map((x) => this.identifier(x, f, pos)));
    const fieldNames = fields.map((spec) => baseSymbol(spec[0]!));
    const type = rt.makeRecordType(baseSymbol(typeId).name, fieldNames);
    const items: BodyItem[] = [{ kind: "define", id: typeId, form: f, init: () => constant(type) }];
    const fieldIndex = (id: Sym) => {
      const i = fieldNames.indexOf(baseSymbol(id));
      if (i < 0) this.fail(`define-record-type: ${baseSymbol(id).name} is not a field of`, f, pos);
      return i;
    };
    if (ctorSpec instanceof Pair || ctorSpec instanceof Sym) {
      const ctorId = ctorSpec instanceof Pair ? this.identifier(ctorSpec.car, f, pos) : ctorSpec;
      const ctorFields = ctorSpec instanceof Pair ? this.list(ctorSpec.cdr, f, pos).map((x) => fieldIndex(this.identifier(x, f, pos))) : fieldNames.map((_, i) => i);
      const ctor = rt.recordConstructor(type, baseSymbol(ctorId).name, ctorFields);
      items.push({ kind: "define", id: ctorId, form: f, init: () => constant(ctor) });
    }
    const pred = rt.recordPredicate(type, baseSymbol(this.identifier(predName, f, pos)).name);
    items.push({ kind: "define", id: predName as Sym, form: f, init: () => constant(pred) });
    fields.forEach((spec, i) => {
      const [, accessor, modifier] = spec;
      if (accessor !== undefined) {
        const proc = rt.recordAccessor(type, baseSymbol(accessor).name, i);
        items.push({ kind: "define", id: accessor, form: f, init: () => constant(proc) });
      }
      if (modifier !== undefined) {
        const proc = rt.recordModifier(type, baseSymbol(modifier).name, i);
        items.push({ kind: "define", id: modifier, form: f, init: () => constant(proc) });
      }
    });
    return items;
  }

  private parseMacro(name: Sym, spec: Value[], whole: Value, scope: Scope | null, pos: Position | undefined): Macro {
    // A rule's pattern and template are code too; the matcher and the template walk them without bookkeeping.
    if (this.open !== null && spec.some(containsCycle)) this.failCyclic(whole, pos);
    const first = spec[0];
    const label = baseSymbol(name).name;
    if (spec.length === 1 && first instanceof Pair && first.car instanceof Sym) {
      const b = resolve(first.car, scope, this.global);
      if (b.kind === "special" && b.name === "syntax-rules") {
        return this.withPosition(() => parseSyntaxRules(first, label, scope), pos);
      }
    }
    if (spec.length === 0) this.fail("define-syntax needs rules:", whole, pos);
    return this.withPosition(() => parseCalystoRules(arrayToList(spec), label), pos);
  }

  private withPosition<T>(f: () => T, pos: Position | undefined): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof SchemeError && e.location === undefined && pos !== undefined) e.location = { origin: this.origin, ...pos };
      throw e;
    }
  }

  /** A lambda or let body: internal definitions become a letrec*. */
  private body(forms: Value[], outer: Scope | null, pos: Position | undefined, whole: Value): Node {
    if (forms.length === 0) this.fail("a body needs at least one expression:", whole, pos);
    const scope = new Scope(outer);
    const items = this.scanBody(forms, scope, pos, false);
    const defines = items.filter((i) => i.kind === "define");
    if (defines.length === 0) return this.sequence(items.map((i) => i.form), scope, pos);
    // Bind every name first (letrec*), then expand the initialisers and the expressions in order.
    const vars = items.map((item) => {
      const v = new LocalVar(item.kind === "define" ? baseSymbol(item.id).name : "_");
      if (item.kind === "define") scope.bindings.set(item.id, { kind: "local", v });
      return v;
    });
    const last = items[items.length - 1]!;
    if (last.kind === "define") this.fail("a body must end with an expression, not a definition:", whole, pos);
    const inits = items.slice(0, -1).map((item) => (item.kind === "define" ? item.init(scope) : this.expr(item.form, scope, pos)));
    return { k: "let", vars: vars.slice(0, -1), inits, body: this.expr(last.form, scope, pos), rec: true };
  }

  private formals(formals: Value, whole: Value, pos: Position | undefined): { ids: Sym[]; rest: Sym | null } {
    const { items, end } = spine(formals);
    if (end === CIRCULAR) this.failCyclic(whole, pos);
    const ids = items.map((id) => this.identifier(id, whole, pos));
    if (end !== NIL && !(end instanceof Sym)) this.fail("bad parameter list in", whole, pos);
    return { ids, rest: end instanceof Sym ? end : null };
  }

  lambda(formals: Value, bodyForms: Value[], outer: Scope | null, pos: Position | undefined, name: string, whole: Value): Lambda {
    const { ids, rest } = this.formals(formals, whole, pos);
    this.checkParameterCount(ids.length, whole, pos);
    const scope = new Scope(outer);
    const bind = (id: Sym) => {
      if (scope.bindings.has(id)) this.fail(`duplicate parameter ${baseSymbol(id).name} in`, whole, pos);
      const v = new LocalVar(baseSymbol(id).name);
      scope.bindings.set(id, { kind: "local", v });
      return v;
    };
    const params = ids.map(bind);
    const restVar = rest === null ? null : bind(rest);
    return { k: "lambda", params, rest: restVar, body: this.body(bodyForms, scope, pos, whole), name };
  }

  private checkParameterCount(count: number, whole: Value, pos: Position | undefined): void {
    if (count > MAX_PARAMETERS) this.fail(`a procedure may have at most ${MAX_PARAMETERS} parameters, this one has ${count}:`, whole, pos);
  }

  /** Bind `ids` to fresh locals in a new scope. */
  private bindLocals(ids: Sym[], outer: Scope | null): { scope: Scope; vars: LocalVar[] } {
    const scope = new Scope(outer);
    const vars = ids.map((id) => {
      const v = new LocalVar(baseSymbol(id).name);
      scope.bindings.set(id, { kind: "local", v });
      return v;
    });
    return { scope, vars };
  }

  private bindingPairs(spec: Value, whole: Value, pos: Position | undefined): { ids: Sym[]; inits: Value[] } {
    const ids: Sym[] = [];
    const inits: Value[] = [];
    for (const b of this.list(spec, whole, pos)) {
      const parts = this.list(b, whole, pos);
      if (parts.length < 1 || parts.length > 2) this.fail("a binding must be (name value):", b, pos);
      ids.push(this.identifier(parts[0], whole, pos));
      inits.push(parts.length === 2 ? parts[1]! : VOID);
    }
    return { ids, inits };
  }

  // ---- special forms ----

  private installSpecials(): void {
    const def = (name: string, f: Special) => this.specials.set(name, f);
    const args = (f: Pair, pos: Position | undefined) => this.list(f.cdr, f, pos);

    def("quote", (f, _s, pos) => {
      const a = args(f, pos);
      if (a.length !== 1) this.fail("quote takes one datum:", f, pos);
      return constant(stripSyntax(a[0]!, this.shape));
    });
    def("quasiquote", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length !== 1) this.fail("quasiquote takes one template:", f, pos);
      // A quasiquote inside a template already walked (`(a ,`(b ,c))) needs no walk of its own: walking each
      // again made a template with quasiquotes nested 20 000 deep cost the square of that in time and memory.
      if (!this.quasiquotes.walked.has(f)) {
        this.quasiquotes.walked.add(f);
        const cyclic = markPartsWithUnquote(a[0]!, this.quasiquotes);
        if (cyclic !== undefined) this.failCyclic(cyclic, this.posOf(cyclic, pos));
      }
      const unquotedExpressions: Node[] = [];
      const recipe = this.quasi(a[0]!, 1, s, pos, unquotedExpressions);
      if (recipe.k === "const") return constant(recipe.value);
      return helper(buildQuasiquote, [constant(recipe), ...unquotedExpressions], pos);
    });
    for (const name of ["unquote", "unquote-splicing", "else", "=>", "syntax-rules"]) {
      def(name, (f, _s, pos) => this.fail(`${name} is not allowed here:`, f, pos));
    }
    for (const name of ["define", "define-values", "define-record-type", "define-syntax"]) {
      def(name, (f, _s, pos) => this.fail(`${name} is only allowed at the top level or at the start of a body:`, f, pos));
    }
    def("lambda", (f, s, pos, name) => {
      const a = args(f, pos);
      if (a.length < 2) this.fail("lambda needs parameters and a body:", f, pos);
      return this.lambda(a[0]!, a.slice(1), s, pos, name, f);
    });
    def("case-lambda", (f, s, pos, name) => ({
      k: "caselambda",
      name,
      clauses: args(f, pos).map((clause) => {
        const c = this.list(clause, f, pos);
        if (c.length < 2) this.fail("case-lambda clause needs parameters and a body:", clause, pos);
        return this.lambda(c[0]!, c.slice(1), s, pos, name, f);
      }),
    }));
    def("set!", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length !== 2) this.fail("set! takes a variable and a value:", f, pos);
      const id = this.identifier(a[0], f, pos);
      const b = resolve(id, s, this.global);
      const e = this.expr(a[1]!, s, pos);
      if (b.kind === "local") {
        b.v.assigned = true;
        return { k: "lset", v: b.v, e };
      }
      if (b.kind === "global") return { k: "gset", cell: this.global.cell(b.name), e, define: false };
      return this.fail("set!: cannot assign a syntactic keyword:", f, pos);
    });
    def("if", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length < 2 || a.length > 3) this.fail("if takes a test, a consequent and an optional alternative:", f, pos);
      return { k: "if", test: this.expr(a[0]!, s, pos), then: this.expr(a[1]!, s, pos), else: a.length === 3 ? this.expr(a[2]!, s, pos) : constant(VOID) };
    });
    def("begin", (f, s, pos) => this.sequence(args(f, pos), s, pos));
    def("let", (f, s, pos) => {
      const a = args(f, pos);
      if (a[0] instanceof Sym) return this.namedLet(f, a, s, pos);
      if (a.length < 2) this.fail("let needs bindings and a body:", f, pos);
      const { ids, inits } = this.bindingPairs(a[0]!, f, pos);
      const initNodes = inits.map((init, i) => this.expr(init, s, pos, baseSymbol(ids[i]!).name));
      const { scope, vars } = this.bindLocals(ids, s);
      return { k: "let", vars, inits: initNodes, body: this.body(a.slice(1), scope, pos, f), rec: false };
    });
    def("let*", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length < 2) this.fail("let* needs bindings and a body:", f, pos);
      const { ids, inits } = this.bindingPairs(a[0]!, f, pos);
      const build = (i: number, scope: Scope | null): Node => {
        if (i === ids.length) return this.body(a.slice(1), scope, pos, f);
        const init = this.expr(inits[i]!, scope, pos, baseSymbol(ids[i]!).name);
        const inner = this.bindLocals([ids[i]!], scope);
        return { k: "let", vars: inner.vars, inits: [init], body: build(i + 1, inner.scope), rec: false };
      };
      return build(0, s);
    });
    const letrec: Special = (f, s, pos) => {
      const a = args(f, pos);
      if (a.length < 2) this.fail("letrec needs bindings and a body:", f, pos);
      const { ids, inits } = this.bindingPairs(a[0]!, f, pos);
      const { scope, vars } = this.bindLocals(ids, s);
      const initNodes = inits.map((init, i) => this.expr(init, scope, pos, baseSymbol(ids[i]!).name));
      return { k: "let", vars, inits: initNodes, body: this.body(a.slice(1), scope, pos, f), rec: true };
    };
    def("letrec", letrec);
    def("letrec*", letrec);
    def("and", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length === 0) return constant(true);
      return a
        .slice(0, -1)
        .reduceRight<Node>((rest, x) => ({ k: "if", test: this.expr(x, s, pos), then: rest, else: constant(false) }), this.expr(a[a.length - 1]!, s, pos));
    });
    def("or", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length === 0) return constant(false);
      return a.slice(0, -1).reduceRight<Node>((rest, x) => this.orElse(this.expr(x, s, pos), rest), this.expr(a[a.length - 1]!, s, pos));
    });
    def("when", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length < 1) this.fail("when needs a test:", f, pos);
      return { k: "if", test: this.expr(a[0]!, s, pos), then: this.sequence(a.slice(1), s, pos), else: constant(VOID) };
    });
    def("unless", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length < 1) this.fail("unless needs a test:", f, pos);
      return { k: "if", test: this.expr(a[0]!, s, pos), then: constant(VOID), else: this.sequence(a.slice(1), s, pos) };
    });
    def("cond", (f, s, pos) => this.cond(args(f, pos), f, s, pos, constant(VOID)));
    def("case", (f, s, pos) => this.caseForm(f, s, pos));
    def("do", (f, s, pos) => this.doLoop(f, s, pos));
    def("delay", (f, s, pos) => helper(rt.makeLazyPromise, [this.thunk(args(f, pos), f, s, pos), constant(false)], pos));
    def("delay-force", (f, s, pos) => helper(rt.makeLazyPromise, [this.thunk(args(f, pos), f, s, pos), constant(true)], pos));
    def("make-promise-lazy", (f, s, pos) => helper(rt.makeLazyPromise, [this.thunk(args(f, pos), f, s, pos), constant(true)], pos));
    def("let-values", (f, s, pos) => this.letValues(f, s, pos, false));
    def("let*-values", (f, s, pos) => this.letValues(f, s, pos, true));
    def("receive", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length < 3) this.fail("receive needs formals, an expression and a body:", f, pos);
      return this.bindValues([{ formals: a[0]!, expr: a[1]! }], a.slice(2), f, s, pos, false);
    });
    def("parameterize", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length < 2) this.fail("parameterize needs bindings and a body:", f, pos);
      const pairs = this.list(a[0]!, f, pos).flatMap((b) => {
        const p = this.list(b, f, pos);
        if (p.length !== 2) this.fail("a parameterize binding must be (parameter value):", b, pos);
        return [this.expr(p[0]!, s, pos), this.expr(p[1]!, s, pos)];
      });
      return helper(rt.parameterize, [this.thunk(a.slice(1), f, s, pos), ...pairs], pos);
    });
    def("guard", (f, s, pos) => this.guard(f, s, pos));
    def("assert", (f, s, pos) => {
      const a = args(f, pos);
      if (a.length !== 1) this.fail("assert takes one expression:", f, pos);
      return { k: "if", test: this.expr(a[0]!, s, pos), then: constant(VOID), else: helper(rt.assertionFailed, [constant(stripSyntax(a[0]!, this.shape))], pos) };
    });
    const syntaxBinding = (rec: boolean): Special => (f, s, pos) => {
      const a = args(f, pos);
      if (a.length < 2) this.fail("let-syntax needs bindings and a body:", f, pos);
      const scope = new Scope(s);
      for (const b of this.list(a[0]!, f, pos)) {
        const [id, ...spec] = this.list(b, f, pos);
        const name = this.identifier(id, f, pos);
        scope.bindings.set(name, { kind: "macro", macro: this.parseMacro(name, spec, f, rec ? scope : s, pos) });
      }
      return this.body(a.slice(1), scope, pos, f);
    };
    def("let-syntax", syntaxBinding(false));
    def("letrec-syntax", syntaxBinding(true));
  }

  private orElse(first: Node, rest: Node): Node {
    const t = new LocalVar("t");
    return { k: "let", vars: [t], inits: [first], body: { k: "if", test: { k: "lref", v: t }, then: { k: "lref", v: t }, else: rest }, rec: false };
  }

  private thunk(body: Value[], whole: Value, scope: Scope | null, pos: Position | undefined): Lambda {
    return { k: "lambda", params: [], rest: null, body: this.body(body, new Scope(scope), pos, whole), name: "" };
  }

  private namedLet(f: Pair, a: Value[], s: Scope | null, pos: Position | undefined): Node {
    const name = a[0] as Sym;
    if (a.length < 3) this.fail("named let needs a name, bindings and a body:", f, pos);
    const { ids, inits } = this.bindingPairs(a[1]!, f, pos);
    const initNodes = inits.map((init) => this.expr(init, s, pos));
    const { scope, vars } = this.bindLocals([name], s);
    const loop = this.lambda(arrayToList(ids), a.slice(2), scope, pos, baseSymbol(name).name, f);
    return { k: "let", vars, inits: [loop], body: { k: "app", fn: { k: "lref", v: vars[0]! }, args: initNodes, pos }, rec: true };
  }

  private cond(clauses: Value[], whole: Value, s: Scope | null, pos: Position | undefined, otherwise: Node): Node {
    let result = otherwise;
    for (let i = clauses.length - 1; i >= 0; i--) {
      const clause = this.list(clauses[i]!, whole, pos);
      const cpos = this.posOf(clauses[i]!, pos);
      if (clause.length === 0) this.fail("empty cond clause in", whole, cpos);
      if (this.isKeyword(clause[0], "else", s)) {
        if (i !== clauses.length - 1) this.fail("else must be the last cond clause:", whole, cpos);
        result = this.sequence(clause.slice(1), s, cpos);
      } else if (clause.length >= 2 && this.isKeyword(clause[1], "=>", s)) {
        if (clause.length !== 3) this.fail("a => clause needs exactly one receiver:", clauses[i]!, cpos);
        const t = new LocalVar("t");
        const receiver = this.expr(clause[2]!, s, cpos);
        result = {
          k: "let",
          vars: [t],
          inits: [this.expr(clause[0]!, s, cpos)],
          body: { k: "if", test: { k: "lref", v: t }, then: { k: "app", fn: receiver, args: [{ k: "lref", v: t }], pos: cpos }, else: result },
          rec: false,
        };
      } else if (clause.length === 1) {
        result = this.orElse(this.expr(clause[0]!, s, cpos), result);
      } else {
        result = { k: "if", test: this.expr(clause[0]!, s, cpos), then: this.sequence(clause.slice(1), s, cpos), else: result };
      }
    }
    return result;
  }

  private caseForm(f: Pair, s: Scope | null, pos: Position | undefined): Node {
    const [key, ...clauses] = this.list(f.cdr, f, pos);
    if (key === undefined) this.fail("case needs a key:", f, pos);
    const k = new LocalVar("key");
    const keyRef: Node = { k: "lref", v: k };
    const clauseBody = (body: Value[], cpos: Position | undefined): Node =>
      body.length === 2 && this.isKeyword(body[0], "=>", s)
        ? { k: "app", fn: this.expr(body[1]!, s, cpos), args: [keyRef], pos: cpos }
        : this.sequence(body, s, cpos);
    let result: Node = constant(VOID);
    for (let i = clauses.length - 1; i >= 0; i--) {
      const [data, ...body] = this.list(clauses[i]!, f, pos);
      const cpos = this.posOf(clauses[i]!, pos);
      if (this.isKeyword(data, "else", s)) {
        if (i !== clauses.length - 1) this.fail("else must be the last case clause:", f, cpos);
        result = clauseBody(body, cpos);
      } else {
        const datums = this.list(data!, f, cpos).map((d) => stripSyntax(d, this.shape));
        result = { k: "if", test: helper(rt.memberEqv, [keyRef, constant(datums)]), then: clauseBody(body, cpos), else: result };
      }
    }
    return { k: "let", vars: [k], inits: [this.expr(key, s, pos)], body: result, rec: false };
  }

  private doLoop(f: Pair, s: Scope | null, pos: Position | undefined): Node {
    const [specs, exit, ...body] = this.list(f.cdr, f, pos);
    if (exit === undefined) this.fail("do needs variable specs and an exit clause:", f, pos);
    const vars = this.list(specs!, f, pos).map((spec) => {
      const p = this.list(spec, f, pos);
      if (p.length < 2 || p.length > 3) this.fail("a do variable must be (name init [step]):", spec, pos);
      return { id: this.identifier(p[0], f, pos), init: p[1]!, step: p.length === 3 ? p[2]! : p[0]! };
    });
    // Its variables are the parameters of the loop's procedure.
    this.checkParameterCount(vars.length, f, pos);
    const [test, ...result] = this.list(exit, f, pos);
    if (test === undefined) this.fail("do needs an exit test:", f, pos);
    const loopScope = this.bindLocals([makeAlias(sym("do-loop"), null)], s);
    const loopVar = loopScope.vars[0]!;
    const bodyScope = new Scope(loopScope.scope);
    const params = vars.map((v) => {
      const lv = new LocalVar(baseSymbol(v.id).name);
      bodyScope.bindings.set(v.id, { kind: "local", v: lv });
      return lv;
    });
    const again: Node = { k: "app", fn: { k: "lref", v: loopVar }, args: vars.map((v) => this.expr(v.step, bodyScope, pos)), pos };
    const loopBody: Node = {
      k: "if",
      test: this.expr(test, bodyScope, pos),
      then: this.sequence(result, bodyScope, pos),
      else: seq([...body.map((b) => this.expr(b, bodyScope, pos)), again]),
    };
    const loop: Lambda = { k: "lambda", params, rest: null, body: loopBody, name: "do-loop" };
    const start: Node = { k: "app", fn: { k: "lref", v: loopVar }, args: vars.map((v) => this.expr(v.init, s, pos)), pos };
    return { k: "let", vars: [loopVar], inits: [loop], body: start, rec: true };
  }

  private letValues(f: Pair, s: Scope | null, pos: Position | undefined, sequential: boolean): Node {
    const a = this.list(f.cdr, f, pos);
    if (a.length < 2) this.fail("let-values needs bindings and a body:", f, pos);
    const bindings = this.list(a[0]!, f, pos).map((b) => {
      const p = this.list(b, f, pos);
      if (p.length !== 2) this.fail("a let-values binding must be (formals expression):", b, pos);
      return { formals: p[0]!, expr: p[1]! };
    });
    return this.bindValues(bindings, a.slice(1), f, s, pos, sequential);
  }

  /** let-values and friends: a hidden local holds each binding's values as a JS array; formals read from it. */
  private bindValues(bindings: { formals: Value; expr: Value }[], body: Value[], f: Value, s: Scope | null, pos: Position | undefined, sequential: boolean): Node {
    const unpack = (b: { formals: Value; expr: Value }, evalScope: Scope | null, target: Scope) => {
      const { ids, rest } = this.formals(b.formals, f, pos);
      const array = new LocalVar("values");
      const init = helper(rt.valuesToArray, [this.expr(b.expr, evalScope, pos), constant(ids.length), constant(rest !== null)], pos);
      const vars = [...ids, ...(rest === null ? [] : [rest])].map((id) => {
        const v = new LocalVar(baseSymbol(id).name);
        target.bindings.set(id, { kind: "local", v });
        return v;
      });
      const items = vars.map((_, i) => helper(rt.arrayItem, [{ k: "lref", v: array }, constant(i)]));
      return { array, init, vars, items };
    };
    if (sequential) {
      const build = (i: number, scope: Scope | null): Node => {
        if (i === bindings.length) return this.body(body, scope, pos, f);
        const inner = new Scope(scope);
        const u = unpack(bindings[i]!, scope, inner);
        const rest: Node = { k: "let", vars: u.vars, inits: u.items, body: build(i + 1, inner), rec: false };
        return { k: "let", vars: [u.array], inits: [u.init], body: rest, rec: false };
      };
      return build(0, s);
    }
    const scope = new Scope(s);
    const all = bindings.map((b) => unpack(b, s, scope));
    const inner: Node = { k: "let", vars: all.flatMap((u) => u.vars), inits: all.flatMap((u) => u.items), body: this.body(body, scope, pos, f), rec: false };
    return { k: "let", vars: all.map((u) => u.array), inits: all.map((u) => u.init), body: inner, rec: false };
  }

  private guard(f: Pair, s: Scope | null, pos: Position | undefined): Node {
    const a = this.list(f.cdr, f, pos);
    const spec = a[0];
    if (!(spec instanceof Pair) || a.length < 2) this.fail("guard needs (variable clause ...) and a body:", f, pos);
    const id = this.identifier(spec.car, f, pos);
    const { scope, vars } = this.bindLocals([id], s);
    const clauses = this.list(spec.cdr, f, pos);
    const handler: Lambda = {
      k: "lambda",
      params: vars,
      rest: null,
      body: this.cond(clauses, f, scope, pos, constant(rt.GUARD_NO_MATCH)),
      name: "guard",
    };
    return helper(rt.guard, [this.thunk(a.slice(1), f, s, pos), handler], pos);
  }

  /**
   * The recipe for part `t` of a template at quasiquote depth `depth`; the unquoted expressions it meets go to
   * `unquotedExpressions` in the template's order, which is the order buildQuasiquote takes their values in.
   */
  private quasi(t: Value, depth: number, s: Scope | null, pos: Position | undefined, unquotedExpressions: Node[]): Recipe {
    if (!this.quasiquotes.unquoted.has(t)) return { k: "const", value: stripSyntax(t, this.shape) };
    return this.inside(t, pos, () => this.quasiTemplate(t, depth, s, pos, unquotedExpressions));
  }

  /** A part of a template that has an unquote somewhere. */
  private quasiTemplate(t: Value, depth: number, s: Scope | null, pos: Position | undefined, unquotedExpressions: Node[]): Recipe {
    if (Array.isArray(t)) {
      const items = arrayToList(t);
      markUnquotedSpine(items, this.quasiquotes.unquoted);
      return { k: "vector", items: this.quasi(items, depth, s, pos, unquotedExpressions) };
    }
    if (!(t instanceof Pair)) return { k: "const", value: t };
    const form = this.quasiForm(t, depth, s, pos, unquotedExpressions);
    if (form !== undefined) return form;
    // A list: along its spine in this loop, so that a template of 70 000 unquotes needs no deep stack. Each element
    // takes its unquoted expressions before the next one does, the tail last: the order buildQuasiquote takes them.
    const elements: (Recipe | "splice")[] = [];
    const opened: Pair[] = [];
    let rest: Value = t;
    try {
      for (;;) {
        const p = rest as Pair;
        const first = p.car;
        if (first instanceof Pair && first.car instanceof Sym && baseSymbol(first.car).name === "unquote-splicing" && depth === 1) {
          unquotedExpressions.push(this.expr(first.cdr instanceof Pair ? first.cdr.car : NIL, s, pos));
          elements.push("splice");
        } else {
          elements.push(this.quasi(first, depth, s, pos, unquotedExpressions));
        }
        rest = p.cdr;
        if (!(rest instanceof Pair) || !this.quasiquotes.unquoted.has(rest) || isQuasiquoteForm(rest)) break;
        if (this.open !== null) {
          // The same check as `inside` makes for the template's other parts.
          if (this.open.has(rest)) this.failCyclic(rest, this.posOf(rest, pos));
          this.open.add(rest);
          opened.push(rest);
        }
      }
      let recipe = this.quasi(rest, depth, s, pos, unquotedExpressions);
      for (let i = elements.length - 1; i >= 0; i--) {
        const element = elements[i]!;
        recipe = element === "splice" ? { k: "splice", rest: recipe } : { k: "cons", car: element, cdr: recipe };
      }
      return recipe;
    } finally {
      for (const p of opened) this.open!.delete(p);
    }
  }

  /** The recipe for (unquote x) or (quasiquote x) at `depth`, or undefined for any other part. */
  private quasiForm(t: Pair, depth: number, s: Scope | null, pos: Position | undefined, unquotedExpressions: Node[]): Recipe | undefined {
    if (!isQuasiquoteForm(t)) return undefined;
    const single = (t.cdr as Pair).car;
    if (baseSymbol(t.car as Sym).name === "quasiquote") {
      return listOfTwo(sym("quasiquote"), this.quasi(single, depth + 1, s, pos, unquotedExpressions));
    }
    if (depth > 1) return listOfTwo(sym("unquote"), this.quasi(single, depth - 1, s, pos, unquotedExpressions));
    unquotedExpressions.push(this.expr(single, s, pos));
    return HOLE;
  }
}

/** (unquote x) or (quasiquote x): a part of a template that changes the quasiquote depth. */
function isQuasiquoteForm(p: Pair): boolean {
  if (!(p.car instanceof Sym) || !(p.cdr instanceof Pair) || p.cdr.cdr !== NIL) return false;
  const name = baseSymbol(p.car).name;
  return name === "unquote" || name === "quasiquote";
}

/** What the expansion of one top-level form has learnt about its quasiquote templates. */
interface QuasiquoteParts {
  /** The pairs and vectors with an unquote or unquote-splicing somewhere inside: the parts `quasi` builds at run
   * time (the others are constants). */
  readonly unquoted: Set<Value>;
  /** The (quasiquote template) forms whose templates have been walked. */
  readonly walked: Set<Pair>;
  /** For a "graph": every part walked, so that each is walked once. */
  readonly seen: Set<Value> | null;
}

/**
 * Marks the parts of `template` that hold an unquote, in one walk that visits a part after its parts (its own stack:
 * a template nested 100 000 deep is fine); asking each part in turn made a deep template cost the square of its
 * depth. For a "graph", returns a part on a cycle that holds an unquote, if there is one: building that at run time
 * would never end, so it is cyclic code. (A cycle of constant parts is a literal.) The first part of a cycle the
 * walk enters is met again while under way, and holds an unquote whenever any part of the cycle does.
 */
function markPartsWithUnquote(template: Value, parts: QuasiquoteParts): Pair | Value[] | undefined {
  const { unquoted, walked, seen } = parts;
  const underWay = seen === null ? null : new Set<Value>();
  const cycleStarts: (Pair | Value[])[] = [];
  const pending: Value[] = [template];
  /** Parallel to `pending`: true when every part of that entry has been walked and it is its turn. */
  const partsDone: boolean[] = [false];
  while (pending.length > 0) {
    const v = pending.pop()!;
    const done = partsDone.pop()!;
    if (!(v instanceof Pair) && !Array.isArray(v)) continue;
    if (done) {
      underWay?.delete(v);
      if (v instanceof Pair ? pairHoldsUnquote(v, unquoted) : v.some((item) => unquoted.has(item))) unquoted.add(v);
      continue;
    }
    if (seen !== null) {
      if (underWay!.has(v)) cycleStarts.push(v);
      if (seen.has(v)) continue;
      seen.add(v);
      underWay!.add(v);
    }
    if (v instanceof Pair && v.car instanceof Sym && baseSymbol(v.car).name === "quasiquote") walked.add(v);
    pending.push(v);
    partsDone.push(true);
    if (v instanceof Pair) {
      pending.push(v.cdr, v.car);
      partsDone.push(false, false);
    } else {
      for (let i = v.length - 1; i >= 0; i--) {
        pending.push(v[i]!);
        partsDone.push(false);
      }
    }
  }
  return cycleStarts.find((part) => unquoted.has(part));
}

function pairHoldsUnquote(p: Pair, unquoted: ReadonlySet<Value>): boolean {
  if (p.car instanceof Sym) {
    const name = baseSymbol(p.car).name;
    if (name === "unquote" || name === "unquote-splicing") return true;
  }
  return unquoted.has(p.car) || unquoted.has(p.cdr);
}

/** A vector's elements as a new list for `quasi`: its pairs get the marks markPartsWithUnquote would give them. */
function markUnquotedSpine(list: Value, unquoted: Set<Value>): void {
  const pairs: Pair[] = [];
  for (let p = list; p instanceof Pair; p = p.cdr) pairs.push(p);
  for (let i = pairs.length - 1; i >= 0; i--) if (pairHoldsUnquote(pairs[i]!, unquoted)) unquoted.add(pairs[i]!);
}

export function arrayToList(items: readonly Value[]): Value {
  let r: Value = NIL;
  for (let i = items.length - 1; i >= 0; i--) r = new Pair(items[i]!, r);
  return r;
}
