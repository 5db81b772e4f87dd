// The representation of every Scheme value at run time.
//
// This file is the one contract shared by the reader, the compiler, the runtime library, the printer and the
// value codec, so it holds representation only — no behaviour beyond constructors and type guards.
//
// Choices, and why:
// - Exact integers are JS numbers while they are safe integers (|n| <= 2^53 - 1) and JS bigints beyond that,
//   always normalised (a bigint that fits is turned back into a number). Small-integer arithmetic then runs on
//   V8's fast paths; `typeof x === "number"` means "fixnum" everywhere.
// - Inexact reals are boxed (`Flonum`), so `2` and `2.0` stay different values, as Scheme requires.
// - Exact non-integers are `Ratnum` (bigint numerator/denominator, normalised, den > 1).
// - Complex numbers are `Compnum` with inexact parts (R7RS allows an implementation to support only inexact
//   complex numbers; Calysto's come from Python's `complex`, which is always inexact).
// - Strings are mutable boxes (`MString`) so that `string-set!` works and `eq?` is identity.
// - Symbols are interned `Sym` objects, so `eq?` on symbols is `===`.
// - Procedures are plain JS functions (compiled closures and primitives alike): calling one is a JS call.

export type Fixnum = number;
export type Bignum = bigint;
export type ExactInteger = Fixnum | Bignum;
export type SchemeNumber = ExactInteger | Ratnum | Flonum | Compnum;

export class Flonum {
  constructor(readonly value: number) {}
}

export class Ratnum {
  /** Use numbers.makeRational to construct: it normalises. `den` > 1 and gcd(num, den) = 1. */
  constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}
}

export class Compnum {
  /** Inexact complex number; an imaginary part of exactly 0 is still a Compnum only if built explicitly. */
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

export class Sym {
  private static readonly table = new Map<string, Sym>();
  private constructor(readonly name: string) {}
  static intern(name: string): Sym {
    let s = Sym.table.get(name);
    if (s === undefined) {
      s = new Sym(name);
      Sym.table.set(name, s);
    }
    return s;
  }
  /** Uninterned symbol, for hygienic renaming and gensym. Never `===` to an interned one. */
  static uninterned(name: string): Sym {
    return new Sym(name);
  }
  isInterned(): boolean {
    return Sym.table.get(this.name) === this;
  }
}

export const sym = Sym.intern;

export class Char {
  private static readonly cache: Char[] = [];
  /** Unicode scalar value. */
  private constructor(readonly code: number) {}
  static of(code: number): Char {
    if (code < 256) {
      return (Char.cache[code] ??= new Char(code));
    }
    return new Char(code);
  }
}

export class MString {
  constructor(public value: string) {}
}

export class Pair {
  constructor(
    public car: Value,
    public cdr: Value,
  ) {}
}

/** The empty list. */
export const NIL = Object.freeze({ kind: "nil" as const });
export type Nil = typeof NIL;

/** The value of `define`, `set!`, `vector-set!`…: the notebook displays nothing for it. */
export const VOID = Object.freeze({ kind: "void" as const });
export type Void = typeof VOID;

export const EOF = Object.freeze({ kind: "eof" as const });
export type Eof = typeof EOF;

/** What `(values a b)` returns when it is not exactly one value. */
export class MultipleValues {
  constructor(readonly items: Value[]) {}
}

export type Vector = Value[];
export type Bytevector = Uint8Array;

/** A Scheme procedure. `name` (a JS property) is used by the printer after demangling. */
export type Procedure = (...args: Value[]) => Value;

export class Promise_ {
  constructor(
    public done: boolean,
    public value: Value, // the value when done, else a thunk (a Procedure)
  ) {}
}

export class RecordType {
  constructor(
    readonly name: string,
    readonly fields: readonly Sym[],
  ) {}
}

export class Record {
  constructor(
    readonly type: RecordType,
    readonly fields: Value[],
  ) {}
}

/** Anything else a procedure may hand back that has no Scheme reading (ports, environments, parameters…). */
export abstract class Opaque {
  abstract describe(): string;
}

export type Value =
  | SchemeNumber
  | boolean
  | Sym
  | Char
  | MString
  | Pair
  | Nil
  | Void
  | Eof
  | Vector
  | Bytevector
  | Procedure
  | Promise_
  | Record
  | RecordType
  | MultipleValues
  | Opaque;

export const isPair = (v: Value): v is Pair => v instanceof Pair;
export const isNull = (v: Value): v is Nil => v === NIL;
export const isSymbol = (v: Value): v is Sym => v instanceof Sym;
export const isString = (v: Value): v is MString => v instanceof MString;
export const isChar = (v: Value): v is Char => v instanceof Char;
export const isVector = (v: Value): v is Vector => Array.isArray(v);
export const isBytevector = (v: Value): v is Bytevector => v instanceof Uint8Array;
export const isProcedure = (v: Value): v is Procedure => typeof v === "function";
export const isBoolean = (v: Value): v is boolean => typeof v === "boolean";
/** Scheme truth: everything but #f is true. */
export const isTrue = (v: Value): boolean => v !== false;

export function list(...items: Value[]): Value {
  let result: Value = NIL;
  for (let i = items.length - 1; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
}

export function listFromArray(items: readonly Value[], tail: Value = NIL): Value {
  let result: Value = tail;
  for (let i = items.length - 1; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
}
