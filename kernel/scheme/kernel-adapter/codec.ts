// Scheme values ↔ WireValues (kernel/language/wire-value.ts): how Scheme values cross between kernel processes.
//
// Everything with a reading crosses exactly: exact integers of any size, rationals, flonums including
// ±inf.0, +nan.0 and -0.0, complex numbers, strings, chars, symbols, booleans, pairs and lists (improper,
// shared, cyclic), vectors, bytevectors, the empty list, void, eof and multiple values. What only makes sense in
// the process that made it (procedures, records, promises, ports…) crosses as an opaque stand-in carrying its
// printed form, and decodes to a WireOpaque that prints the same and is never mistaken for anything else.
//
// A WireValue nests as deep as the value does (a list's elements nest, its spine does not), and the transports
// between threads and processes deserialize recursively on a small stack: a message nested a few thousand levels
// deep is dropped there without a word, and the reply never comes. So a value nested more than MAX_WIRE_DEPTH
// levels deep is refused here with an error that says so.

import {
  Char,
  Compnum,
  EOF,
  Flonum,
  MString,
  MultipleValues,
  NIL,
  Opaque,
  Pair,
  Ratnum,
  Sym,
  VOID,
  type Value,
} from "../values.js";
import { IdentitySet } from "../cycles.js";
import { SchemeError } from "../errors.js";
import { tick } from "../runtime/interrupt.js";
import type { WireFloat, WireValue } from "../../language/wire-value.js";

/** How deep lists and vectors may nest inside each other in a value sent between kernels. */
export const MAX_WIRE_DEPTH = 500;

/** A value that only existed in another process: it prints as it did there and can do nothing else. */
export class WireOpaque extends Opaque {
  constructor(
    /** What it was: "procedure", "record", "promise"… */
    readonly kind: string,
    readonly printed: string,
  ) {
    super();
  }
  describe(): string {
    return this.printed;
  }
}

/** How a host-only object prints (the language's `write`), so its stand-in prints the same elsewhere. */
export type PrintOpaque = (value: Value) => string;

// ----- encoding ----------------------------------------------------------------------------------------------

type Container = Pair | Value[] | MString | Uint8Array;

function isContainer(v: Value): v is Container {
  return v instanceof Pair || Array.isArray(v) || v instanceof MString || v instanceof Uint8Array;
}

/**
 * Containers reachable more than once (shared or on a cycle). Iterative: lists can be millions long, more than one
 * Set holds, and the walk answers the interrupt.
 */
function findShared(root: Value): IdentitySet<Container> {
  const seen = new IdentitySet<Container>();
  const shared = new IdentitySet<Container>();
  const stack: Value[] = [root];
  while (stack.length > 0) {
    tick();
    const v = stack.pop()!;
    if (v instanceof MultipleValues) {
      stack.push(...v.items);
      continue;
    }
    if (!isContainer(v)) continue;
    if (seen.has(v)) {
      shared.add(v);
      continue;
    }
    seen.add(v);
    if (v instanceof Pair) stack.push(v.cdr, v.car);
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]!);
  }
  return shared;
}

function floatToWire(x: number): WireFloat {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Object.is(x, -0)) return "-0";
  return x;
}

function opaqueKind(v: Value): string {
  if (typeof v === "function") return "procedure";
  const name = (v as object).constructor?.name ?? "object";
  return name.replace(/_$/, "").toLowerCase();
}

export function schemeToWire(root: Value, printOpaque: PrintOpaque): WireValue {
  const shared = findShared(root);
  const ids = new Map<Container, number>();
  /** How many lists and vectors the one being encoded is inside of. */
  let depth = 0;
  const enter = (): void => {
    if (++depth > MAX_WIRE_DEPTH) {
      throw new SchemeError("Error", `this value cannot be sent to another kernel: its lists and vectors are nested more than ${MAX_WIRE_DEPTH} levels deep`);
    }
  };

  /** The id to give a shared container where it first appears, or a reference when it appeared before. */
  const identity = (v: Container): { id?: number; ref?: WireValue } => {
    if (!shared.has(v)) return {};
    const known = ids.get(v);
    if (known !== undefined) return { ref: { t: "ref", id: known } };
    const id = ids.size + 1;
    ids.set(v, id);
    return { id };
  };

  const encode = (v: Value): WireValue => {
    tick();
    if (typeof v === "number") return v;
    if (typeof v === "boolean") return v;
    if (typeof v === "bigint") return { t: "int", v: v.toString() };
    if (v instanceof Flonum) return { t: "real", v: floatToWire(v.value) };
    if (v instanceof Ratnum) return { t: "rat", n: v.num.toString(), d: v.den.toString() };
    if (v instanceof Compnum) return { t: "complex", re: floatToWire(v.re), im: floatToWire(v.im) };
    if (v instanceof Sym) return v.isInterned() ? { t: "sym", v: v.name } : { t: "sym", v: v.name, uninterned: true };
    if (v instanceof Char) return { t: "char", c: v.code };
    if (v === NIL) return { t: "nil" };
    if (v === VOID) return { t: "void" };
    if (v === EOF) return { t: "eof" };
    if (v instanceof MultipleValues) return { t: "values", items: v.items.map(encode) };
    if (v instanceof MString) {
      const { id, ref } = identity(v);
      if (ref) return ref;
      return id === undefined ? { t: "str", v: v.value } : { t: "str", v: v.value, id };
    }
    if (v instanceof Uint8Array) {
      const { id, ref } = identity(v);
      if (ref) return ref;
      return id === undefined ? { t: "bytes", v: Array.from(v) } : { t: "bytes", v: Array.from(v), id };
    }
    if (Array.isArray(v)) {
      const { id, ref } = identity(v);
      if (ref) return ref;
      const out: WireValue = { t: "vector", items: [] };
      if (id !== undefined) out.id = id;
      enter();
      for (const item of v) out.items.push(encode(item));
      depth--;
      return out;
    }
    if (v instanceof Pair) {
      const { id, ref } = identity(v);
      if (ref) return ref;
      const out: WireValue & { t: "list" } = { t: "list", items: [] };
      if (id !== undefined) out.id = id;
      // Follow the chain of cdrs while each next pair is reached only through this chain; a shared pair
      // starts a list of its own (as the tail) so it can carry its id.
      let p: Pair = v;
      enter();
      for (;;) {
        out.items.push(encode(p.car));
        const next = p.cdr;
        if (next instanceof Pair && !shared.has(next)) {
          p = next;
          continue;
        }
        if (next !== NIL) out.tail = encode(next);
        depth--;
        return out;
      }
    }
    // A stand-in that crosses again keeps what it was and how it printed where it was made.
    if (v instanceof WireOpaque) return { t: "opaque", kind: v.kind, printed: v.printed };
    return { t: "opaque", kind: opaqueKind(v), printed: printOpaque(v) };
  };

  return encode(root);
}

// ----- decoding ----------------------------------------------------------------------------------------------

function floatFromWire(x: WireFloat): number {
  switch (x) {
    case "nan":
      return NaN;
    case "inf":
      return Infinity;
    case "-inf":
      return -Infinity;
    case "-0":
      return -0;
    default:
      return x;
  }
}

function exactInteger(decimal: string): Value {
  const big = BigInt(decimal);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** Thrown when data claiming to be a WireValue is not one: a bug in a sender, never user error. */
export class WireValueError extends Error {
  override readonly name = "WireValueError";
}

export function schemeFromWire(root: WireValue): Value {
  const defined = new Map<number, Value>();
  const define = <T extends Value>(id: number | undefined, value: T): T => {
    if (id !== undefined) defined.set(id, value);
    return value;
  };

  const decode = (w: WireValue): Value => {
    if (typeof w === "number") {
      if (!Number.isSafeInteger(w)) throw new WireValueError(`a bare wire number must be a safe integer, got ${w}`);
      return w;
    }
    if (typeof w === "boolean") return w;
    switch (w.t) {
      case "int":
        return exactInteger(w.v);
      case "rat":
        return new Ratnum(BigInt(w.n), BigInt(w.d));
      case "real":
        return new Flonum(floatFromWire(w.v));
      case "complex":
        return new Compnum(floatFromWire(w.re), floatFromWire(w.im));
      case "str":
        return define(w.id, new MString(w.v));
      case "char":
        return Char.of(w.c);
      case "sym":
        return w.uninterned ? Sym.uninterned(w.v) : Sym.intern(w.v);
      case "nil":
        return NIL;
      case "void":
        return VOID;
      case "eof":
        return EOF;
      case "values":
        return new MultipleValues(w.items.map(decode));
      case "bytes":
        return define(w.id, Uint8Array.from(w.v));
      case "vector": {
        const vector = define(w.id, [] as Value[]);
        for (const item of w.items) vector.push(decode(item));
        return vector;
      }
      case "list": {
        if (w.items.length === 0) throw new WireValueError("a wire list needs at least one item");
        // Build the pairs first (the head registered before anything inside refers to it), then fill the cars.
        const pairs = w.items.map(() => new Pair(NIL, NIL));
        define(w.id, pairs[0]!);
        for (let i = 0; i + 1 < pairs.length; i++) pairs[i]!.cdr = pairs[i + 1]!;
        w.items.forEach((item, i) => (pairs[i]!.car = decode(item)));
        if (w.tail !== undefined) pairs[pairs.length - 1]!.cdr = decode(w.tail);
        return pairs[0]!;
      }
      case "opaque":
        return new WireOpaque(w.kind, w.printed);
      case "ref": {
        const v = defined.get(w.id);
        if (v === undefined) throw new WireValueError(`wire reference to ${w.id} before its definition`);
        return v;
      }
      default:
        throw new WireValueError(`unknown wire value ${JSON.stringify(w)}`);
    }
  };

  return decode(root);
}
