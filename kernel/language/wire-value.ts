// Language values as they cross processes: plain JSON, so any transport (child_process IPC, Electron's
// utilityProcess, worker postMessage, a WebSocket) carries them unchanged. A language's codec maps its own values
// to and from these (kernel/scheme/kernel-adapter/codec.ts does Scheme's). The Session builds a few itself (the
// vector of node results, the stand-in for a failed node), so the shape is a contract of its own. It sits here,
// beside the language seam that produces it, so that the kernel protocol (cluster/protocol.ts) and every language
// import it downward.
//
// Shared and cyclic structure: a container reached more than once carries an `id` where it first appears, and
// every later occurrence is `{ t: "ref", id }`. Decoders create a container before decoding its parts, so cycles
// come back as cycles.

/** A float as JSON: a finite non-zero-signed number, or a name for what JSON cannot hold. */
export type WireFloat = number | "inf" | "-inf" | "nan" | "-0";

export type WireValue =
  /** An exact integer that is a safe JS integer. */
  | number
  | boolean
  | { t: "int"; v: string } // exact integer of any size, decimal
  | { t: "rat"; n: string; d: string } // exact rational, normalised, d > 1
  | { t: "real"; v: WireFloat }
  | { t: "complex"; re: WireFloat; im: WireFloat }
  | { t: "str"; v: string; id?: number }
  | { t: "char"; c: number } // Unicode scalar value
  | { t: "sym"; v: string; uninterned?: true }
  | { t: "nil" }
  | { t: "void" }
  | { t: "eof" }
  /** A chain of pairs: items are the cars; `tail` is the final cdr when it is not the empty list. */
  | { t: "list"; items: WireValue[]; tail?: WireValue; id?: number }
  | { t: "vector"; items: WireValue[]; id?: number }
  | { t: "bytes"; v: number[]; id?: number }
  | { t: "values"; items: WireValue[] }
  /** A host-only object (procedure, port, record…): its printed form and what it is. Never a usable value. */
  | { t: "opaque"; kind: string; printed: string }
  | { t: "ref"; id: number };

export const WIRE_VOID: WireValue = { t: "void" };

export function wireVector(items: WireValue[]): WireValue {
  return { t: "vector", items };
}

export function wireOpaque(kind: string, printed: string): WireValue {
  return { t: "opaque", kind, printed };
}

export function isWireVoid(v: WireValue): boolean {
  return typeof v === "object" && v.t === "void";
}

/**
 * The items of a proper list or a vector, each a value of its own (what %pmap hands out one by one), or a
 * reason why the value cannot be split that way.
 */
export function wireSequenceItems(v: WireValue): { items: WireValue[] } | { reason: string } {
  const notASequence = { reason: "it is not a list or a vector" };
  if (typeof v !== "object") return notASequence;
  let items: WireValue[];
  if (v.t === "nil") items = [];
  else if (v.t === "vector") items = v.items;
  else if (v.t === "list" && v.tail === undefined) items = v.items;
  else return notASequence;
  // Items that share structure refer to each other by id; sent apart, those references would dangle.
  if ((v.t !== "nil" && v.id !== undefined) || items.some(hasSharedStructure)) return { reason: "its items share structure" };
  return { items };
}

function hasSharedStructure(v: WireValue): boolean {
  if (typeof v !== "object") return false;
  if ("id" in v && v.id !== undefined) return true;
  switch (v.t) {
    case "ref":
      return true;
    case "list":
      return v.items.some(hasSharedStructure) || (v.tail !== undefined && hasSharedStructure(v.tail));
    case "vector":
    case "values":
      return v.items.some(hasSharedStructure);
    default:
      return false;
  }
}
