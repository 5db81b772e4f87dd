// The two macro systems: standard hygienic `syntax-rules` and Calysto's `define-syntax` clauses
// `[(keyword pattern...) template]` (`?name` pattern variables, every other symbol a literal, no renaming).

import { SchemeError } from "../errors.js";
import { Char, MString, NIL, Pair, Sym, type Value } from "../values.js";
import { CIRCULAR } from "../spine.js";
import { baseSymbol, makeAlias, resolve, sameBinding, type GlobalEnvironment, type Macro, type Rule, type Scope } from "./scope.js";
import { cyclicCode, spine } from "./shape.js";

/** What a pattern variable matched: a datum, or one match per repetition for variables under an ellipsis. */
class Repetition {
  constructor(readonly items: Match[]) {}
}
type Match = Value | Repetition;
type Bindings = Map<Sym, Match>;

const UNDERSCORE = Sym.intern("_");
const ELLIPSIS = Sym.intern("...");

/** A macro written by a macro receives its `...` and `_` renamed: compare what the author wrote. */
const isEllipsis = (v: Value | undefined, ellipsis: Sym): boolean => v instanceof Sym && baseSymbol(v) === baseSymbol(ellipsis);
const isUnderscore = (v: Sym): boolean => baseSymbol(v) === UNDERSCORE;

function syntaxError(message: string, form: Value[]): never {
  throw new SchemeError("SyntaxError", message, form);
}

export function parseSyntaxRules(spec: Value, name: string, scope: Scope | null): Macro {
  // (syntax-rules (literal...) rule...) or (syntax-rules ellipsis (literal...) rule...)
  let rest = (spec as Pair).cdr;
  let ellipsis = ELLIPSIS;
  if (rest instanceof Pair && rest.car instanceof Sym) {
    ellipsis = rest.car;
    rest = rest.cdr;
  }
  if (!(rest instanceof Pair)) syntaxError(`${name}: syntax-rules needs a list of literals`, [spec]);
  const literals = listToArray(rest.car, spec);
  for (const lit of literals) if (!(lit instanceof Sym)) syntaxError(`${name}: syntax-rules literal is not an identifier:`, [lit]);
  const rules = listToArray(rest.cdr, spec).map((r) => parseRule(r, name));
  return { kind: "syntax-rules", name, literals: literals as Sym[], ellipsis, rules, scope };
}

export function parseCalystoRules(clauses: Value, name: string): Macro {
  return { kind: "calysto", name, rules: listToArray(clauses, clauses).map((r) => parseRule(r, name)) };
}

function parseRule(rule: Value, name: string): Rule {
  if (!(rule instanceof Pair) || !(rule.cdr instanceof Pair) || rule.cdr.cdr !== NIL || !(rule.car instanceof Pair)) {
    syntaxError(`${name}: a macro rule must be (pattern template):`, [rule]);
  }
  return { pattern: rule.car, template: rule.cdr.car };
}

function listToArray(list: Value, whole: Value): Value[] {
  const { items, end } = spine(list);
  if (end === CIRCULAR) throw cyclicCode(whole);
  if (end !== NIL) syntaxError("expected a proper list in", [whole]);
  return items;
}

/** Expand one use of `macro`; `useScope` is where the use appears (literals are compared in it). */
export function expandMacro(macro: Macro, form: Value, useScope: Scope | null, global: GlobalEnvironment): Value {
  const args = (form as Pair).cdr;
  if (macro.kind === "calysto") {
    for (const rule of macro.rules) {
      const b: Bindings = new Map();
      if (matchCalysto((rule.pattern as Pair).cdr, args, b)) return substituteCalysto(rule.template, b);
    }
  } else {
    const literal = (s: Sym) => macro.literals.includes(s);
    const matches = (pattern: Value, input: Value, b: Bindings): boolean =>
      matchRules(pattern, input, b, {
        ellipsis: macro.ellipsis,
        isLiteral: literal,
        literalMatches: (lit, id) => sameBinding(resolve(lit, macro.scope, global), resolve(id, useScope, global)),
      });
    for (const rule of macro.rules) {
      const b: Bindings = new Map();
      if (matches((rule.pattern as Pair).cdr, args, b)) {
        const renamed = new Map<Sym, Sym>();
        const rename = (s: Sym) => {
          let a = renamed.get(s);
          if (a === undefined) renamed.set(s, (a = makeAlias(s, macro.scope)));
          return a;
        };
        return instantiate(rule.template, b, macro.ellipsis, rename);
      }
    }
  }
  throw new SchemeError("SyntaxError", `${macro.name}: no rule matches`, [form]);
}

// ---- syntax-rules matching ----

interface MatchContext {
  readonly ellipsis: Sym;
  isLiteral(s: Sym): boolean;
  literalMatches(literal: Sym, input: Sym): boolean;
}

function matchRules(pattern: Value, input: Value, b: Bindings, cx: MatchContext): boolean {
  if (pattern instanceof Sym) {
    if (isUnderscore(pattern)) return true;
    if (cx.isLiteral(pattern)) return input instanceof Sym && cx.literalMatches(pattern, input);
    b.set(pattern, input);
    return true;
  }
  if (pattern instanceof Pair) {
    const pats: Value[] = [];
    let ptail: Value = pattern;
    while (ptail instanceof Pair) {
      pats.push(ptail.car);
      ptail = ptail.cdr;
    }
    // The pattern is finite (a cyclic rule is refused where it is defined); the input may be anything.
    const { items, end: itail } = spine(input);
    if (itail === CIRCULAR) throw cyclicCode(input);
    return matchSequence(pats, ptail, items, itail, b, cx);
  }
  if (pattern === NIL) return input === NIL;
  if (Array.isArray(pattern)) return Array.isArray(input) && matchSequence(pattern, NIL, input, NIL, b, cx);
  return literalDatumEqual(pattern, input);
}

function matchSequence(pats: Value[], ptail: Value, items: Value[], itail: Value, b: Bindings, cx: MatchContext): boolean {
  const at = pats.findIndex((_, i) => isEllipsis(pats[i + 1], cx.ellipsis));
  if (at < 0) {
    if (items.length < pats.length) return false;
    for (let i = 0; i < pats.length; i++) if (!matchRules(pats[i]!, items[i]!, b, cx)) return false;
    const restItems = items.slice(pats.length);
    return matchRules(ptail, rebuild(restItems, itail), b, cx);
  }
  const after = pats.slice(at + 2);
  const repeatCount = items.length - at - after.length;
  if (repeatCount < 0) return false;
  for (let i = 0; i < at; i++) if (!matchRules(pats[i]!, items[i]!, b, cx)) return false;
  const repeated = pats[at]!;
  const reps: Bindings[] = [];
  for (let i = 0; i < repeatCount; i++) {
    const rb: Bindings = new Map();
    if (!matchRules(repeated, items[at + i]!, rb, cx)) return false;
    reps.push(rb);
  }
  for (const v of patternVariables(repeated, cx)) b.set(v, new Repetition(reps.map((r) => r.get(v)!)));
  for (let i = 0; i < after.length; i++) if (!matchRules(after[i]!, items[at + repeatCount + i]!, b, cx)) return false;
  return matchRules(ptail, itail, b, cx);
}

function rebuild(items: Value[], tail: Value): Value {
  let r = tail;
  for (let i = items.length - 1; i >= 0; i--) r = new Pair(items[i]!, r);
  return r;
}

function patternVariables(pattern: Value, cx: MatchContext, out: Sym[] = []): Sym[] {
  if (pattern instanceof Sym) {
    if (!isUnderscore(pattern) && !isEllipsis(pattern, cx.ellipsis) && !cx.isLiteral(pattern)) out.push(pattern);
  } else if (pattern instanceof Pair) {
    patternVariables(pattern.car, cx, out);
    patternVariables(pattern.cdr, cx, out);
  } else if (Array.isArray(pattern)) for (const p of pattern) patternVariables(p, cx, out);
  return out;
}

function literalDatumEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof MString && b instanceof MString) return a.value === b.value;
  if (a instanceof Char && b instanceof Char) return a.code === b.code;
  return false;
}

// ---- syntax-rules templates ----

function instantiate(t: Value, b: Bindings, ellipsis: Sym, rename: (s: Sym) => Sym): Value {
  if (t instanceof Sym) {
    const m = b.get(t);
    if (m === undefined) return rename(t);
    if (m instanceof Repetition) throw new SchemeError("SyntaxError", `pattern variable ${t.name} is used without its ellipsis`);
    return m;
  }
  if (t instanceof Pair) {
    // (... template): the template's ellipses are literal.
    if (isEllipsis(t.car, ellipsis) && t.cdr instanceof Pair) return instantiate(t.cdr.car, b, Sym.uninterned("no ellipsis"), rename);
    const out: Value[] = [];
    let p: Value = t;
    while (p instanceof Pair) {
      const element = p.car;
      let depth = 0;
      let next: Value = p.cdr;
      while (next instanceof Pair && isEllipsis(next.car, ellipsis)) {
        depth++;
        next = next.cdr;
      }
      if (depth === 0) out.push(instantiate(element, b, ellipsis, rename));
      else out.push(...repeat(element, depth, b, ellipsis, rename));
      p = next;
    }
    return rebuild(out, p === NIL ? NIL : instantiate(p, b, ellipsis, rename));
  }
  if (Array.isArray(t)) {
    const asList = instantiate(rebuild(t, NIL), b, ellipsis, rename);
    const out: Value[] = [];
    for (let p = asList; p instanceof Pair; p = p.cdr) out.push(p.car);
    return out;
  }
  return t;
}

function repeat(element: Value, depth: number, b: Bindings, ellipsis: Sym, rename: (s: Sym) => Sym): Value[] {
  const vars = templateSymbols(element).filter((s) => b.get(s) instanceof Repetition);
  if (vars.length === 0) throw new SchemeError("SyntaxError", "an ellipsis in a template follows no pattern variable of a repetition");
  let n = -1;
  for (const v of vars) {
    const len = (b.get(v) as Repetition).items.length;
    if (n >= 0 && len !== n) throw new SchemeError("SyntaxError", "pattern variables under one ellipsis matched different lengths");
    n = len;
  }
  const results: Value[] = [];
  for (let i = 0; i < n; i++) {
    const inner = new Map(b);
    for (const v of vars) inner.set(v, (b.get(v) as Repetition).items[i]!);
    if (depth > 1) results.push(...repeat(element, depth - 1, inner, ellipsis, rename));
    else results.push(instantiate(element, inner, ellipsis, rename));
  }
  return results;
}

function templateSymbols(t: Value, out: Sym[] = []): Sym[] {
  if (t instanceof Sym) out.push(t);
  else if (t instanceof Pair) {
    templateSymbols(t.car, out);
    templateSymbols(t.cdr, out);
  } else if (Array.isArray(t)) for (const x of t) templateSymbols(x, out);
  return out;
}

// ---- Calysto define-syntax ----

const isCalystoVariable = (s: Value): s is Sym => s instanceof Sym && s.name.startsWith("?");

function matchCalysto(pattern: Value, input: Value, b: Bindings): boolean {
  if (isCalystoVariable(pattern)) {
    b.set(pattern, input);
    return true;
  }
  if (pattern instanceof Pair) {
    return input instanceof Pair && matchCalysto(pattern.car, input.car, b) && matchCalysto(pattern.cdr, input.cdr, b);
  }
  if (pattern instanceof Sym) return input instanceof Sym && input.name === pattern.name;
  if (pattern === NIL) return input === NIL;
  return literalDatumEqual(pattern, input);
}

function substituteCalysto(t: Value, b: Bindings): Value {
  if (t instanceof Sym) return (b.get(t) as Value | undefined) ?? t;
  if (t instanceof Pair) return new Pair(substituteCalysto(t.car, b), substituteCalysto(t.cdr, b));
  if (Array.isArray(t)) return t.map((x) => substituteCalysto(x, b));
  return t;
}
