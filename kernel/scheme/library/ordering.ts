// The five ordering predicates R7RS defines for characters and strings (char<? … string-ci>=?): variadic,
// transitive, and checking the type of every argument even after the answer is known.

import type { Value } from "../values.js";
import { definePrimitive } from "../runtime/registry.js";

const ORDERS: readonly (readonly [suffix: string, holds: (order: number) => boolean])[] = [
  ["=?", (order) => order === 0],
  ["<?", (order) => order < 0],
  [">?", (order) => order > 0],
  ["<=?", (order) => order <= 0],
  [">=?", (order) => order >= 0],
];

/**
 * Registers prefix=? prefix<? prefix>? prefix<=? prefix>=?. `key` checks an argument (naming the procedure and the
 * argument's position) and turns it into what `compare` orders (negative, zero or positive, like a sort comparator).
 */
export function defineOrderings<K>(
  prefix: string,
  key: (proc: string, v: Value, argIndex: number) => K,
  compare: (a: K, b: K) => number,
): void {
  for (const [suffix, holds] of ORDERS) {
    const name = prefix + suffix;
    definePrimitive(name, 1, Infinity, (...args: Value[]) => {
      const keys = args.map((arg, i) => key(name, arg, i + 1));
      for (let i = 1; i < keys.length; i++) if (!holds(compare(keys[i - 1]!, keys[i]!))) return false;
      return true;
    });
  }
}
