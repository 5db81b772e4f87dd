// Compile-time environments and hygienic identifiers.
//
// Hygiene works by renaming: each symbol a `syntax-rules` template inserts becomes a fresh *alias* (an
// uninterned Sym) that remembers the symbol it stands for and the scope where the macro was defined. A binding
// form that binds an alias binds only that alias, so a macro's temporaries never capture a user's variable of
// the same name; an alias nobody binds resolves like the original symbol in the macro's definition scope, so a
// macro's free identifiers mean what they meant where it was written.

import { LocalVar } from "../compiler/ast.js";
import { GlobalCell, UNBOUND } from "../runtime/globals.js";
import { IdentityMap } from "../cycles.js";
import { tick } from "../runtime/interrupt.js";
import { NIL, Pair, Sym, type Value } from "../values.js";
import type { DatumShape } from "./shape.js";

/** One rule of a macro: a use that matches the pattern becomes the template. */
export interface Rule {
  readonly pattern: Value;
  readonly template: Value;
}

/** A keyword's transformer (macro.ts expands its uses): `syntax-rules`, or Calysto's `define-syntax` clauses. */
export type Macro =
  | {
      readonly kind: "syntax-rules";
      readonly name: string;
      readonly literals: readonly Sym[];
      readonly ellipsis: Sym;
      readonly rules: readonly Rule[];
      /** Where the macro was defined: its free identifiers resolve there. */
      readonly scope: Scope | null;
    }
  | { readonly kind: "calysto"; readonly name: string; readonly rules: readonly Rule[] };

export type Binding =
  | { readonly kind: "local"; readonly v: LocalVar }
  | { readonly kind: "macro"; readonly macro: Macro }
  | { readonly kind: "special"; readonly name: string }
  | { readonly kind: "global"; readonly name: string };

/**
 * Every identifier some scope has bound. Resolving any other identifier (a global, a special form's keyword) skips
 * the walk through the scopes around it, which made code nested 20 000 deep take the square of that to expand.
 */
const locallyBound = new WeakSet<Sym>();

class ScopeBindings extends Map<Sym, Binding> {
  override set(id: Sym, binding: Binding): this {
    locallyBound.add(id);
    return super.set(id, binding);
  }
}

/** One lexical contour: a lambda's parameters, a body's internal definitions, a let-syntax… */
export class Scope {
  readonly bindings: Map<Sym, Binding> = new ScopeBindings();
  constructor(readonly parent: Scope | null) {}
}

/** The top level: global variables (cells) and global keywords (macros, special forms). */
export class GlobalEnvironment {
  private readonly cells = new Map<string, GlobalCell>();
  readonly keywords = new Map<string, Binding>();
  /**
   * Library definitions not compiled yet, by name: `load` defines the name. The engine defers the prelude's
   * procedures this way, so a kernel starts without compiling the library and compiles only what programs use.
   */
  private readonly deferred = new Map<string, () => void>();

  /** The cell of `name`, made unbound if new. Every way to a cell goes through here, so a deferred library
   * definition is loaded before anything reads, assigns or redefines its name: the program sees the same
   * global environment as if the whole library had been compiled at start. */
  cell(name: string): GlobalCell {
    const load = this.deferred.get(name);
    if (load !== undefined) {
      this.deferred.delete(name);
      try {
        load();
      } catch (e) {
        // Whatever stopped it (an internal error), the definition stays deferred, not lost.
        this.deferred.set(name, load);
        throw e;
      }
    }
    let c = this.cells.get(name);
    if (c === undefined) {
      c = new GlobalCell(name, UNBOUND);
      this.cells.set(name, c);
    }
    return c;
  }

  /** Defines `name` by calling `load` when the name is first used (see `cell`). */
  defer(name: string, load: () => void): void {
    this.deferred.set(name, load);
  }

  /** Names bound to a value, for completion: deferred library definitions count as bound. */
  *boundNames(): Iterable<string> {
    yield* this.deferred.keys();
    for (const [name, c] of this.cells) if (c.v !== UNBOUND && !this.deferred.has(name)) yield name;
  }
}

interface AliasInfo {
  readonly original: Sym;
  readonly scope: Scope | null;
}
const aliases = new WeakMap<Sym, AliasInfo>();

export function makeAlias(original: Sym, scope: Scope | null): Sym {
  const alias = Sym.uninterned(original.name);
  aliases.set(alias, { original, scope });
  return alias;
}

/** The symbol the user wrote, once every layer of renaming is removed. */
export function baseSymbol(id: Sym): Sym {
  let s = id;
  for (let info = aliases.get(s); info !== undefined; info = aliases.get(s)) s = info.original;
  return s;
}

export function resolve(id: Sym, scope: Scope | null, global: GlobalEnvironment): Binding {
  if (locallyBound.has(id)) {
    for (let s = scope; s !== null; s = s.parent) {
      // A variable bound 20 000 scopes out is still a long walk: it answers the interrupt.
      tick();
      const b = s.bindings.get(id);
      if (b !== undefined) return b;
    }
  }
  const info = aliases.get(id);
  if (info !== undefined) return resolve(info.original, info.scope, global);
  return global.keywords.get(id.name) ?? { kind: "global", name: id.name };
}

/** free-identifier=?: do two identifiers, each in its own scope, denote the same binding? */
export function sameBinding(a: Binding, b: Binding): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "local":
      return a.v === (b as typeof a).v;
    case "macro":
      return a.macro === (b as typeof a).macro;
    case "special":
      return a.name === (b as typeof a).name;
    case "global":
      return a.name === (b as typeof a).name;
  }
}

/**
 * Remove renaming from a datum (for `quote`): the user sees the symbols the macro's author wrote. The copy is made
 * with a stack of its own (a literal nested a million deep is fine); for a "graph" it also keeps the datum's
 * sharing and cycles, so '#0=(a . #0#) stays one pair and '(#0=(x) #0#) holds the same list twice.
 */
export function stripSyntax(datum: Value, shape: DatumShape = "tree"): Value {
  const copies = shape === "graph" ? new IdentityMap<Pair | Value[], Pair | Value[]>() : undefined;
  /** Originals whose copies still need their parts, each followed by its copy. */
  const pending: (Pair | Value[])[] = [];
  const copyOf = (v: Value): Value => {
    if (v instanceof Sym) return baseSymbol(v);
    if (!(v instanceof Pair) && !Array.isArray(v)) return v;
    const known = copies?.get(v);
    if (known !== undefined) return known;
    const copy = v instanceof Pair ? new Pair(NIL, NIL) : new Array<Value>(v.length);
    copies?.set(v, copy);
    pending.push(v, copy);
    return copy;
  };
  const root = copyOf(datum);
  while (pending.length > 0) {
    const copy = pending.pop()!;
    const original = pending.pop()!;
    if (original instanceof Pair) {
      // Along a list's spine in this loop: a list of a million elements needs one stack entry per element's car.
      let from: Pair = original;
      let to = copy as Pair;
      for (;;) {
        to.car = copyOf(from.car);
        const next = from.cdr;
        if (!(next instanceof Pair) || copies !== undefined) {
          to.cdr = copyOf(next);
          break;
        }
        const nextCopy = new Pair(NIL, NIL);
        to.cdr = nextCopy;
        from = next;
        to = nextCopy;
      }
    } else {
      const to = copy as Value[];
      for (let i = 0; i < original.length; i++) to[i] = copyOf(original[i]!);
    }
  }
  return root;
}
