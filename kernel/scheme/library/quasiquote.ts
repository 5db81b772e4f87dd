// Quasiquote at run time: a template's value built from the values of its unquoted expressions. The expander turns
// a template into a Recipe once; the compiled code evaluates the unquoted expressions, in the template's order, as
// the operands of one call of buildQuasiquote, however deep the template. (A call per level of the template compiled
// to JavaScript nested as deep, which V8 compiles in time growing with the square of the depth: 5 s for 50 000.)

import { NIL, Pair, Sym, type Value } from "../values.js";
import { listToArray } from "../spine.js";

/** How to build a template's value; `hole` and `splice` take the next unquoted value, in the template's order. */
export type Recipe =
  | { readonly k: "const"; readonly value: Value }
  | { readonly k: "hole" }
  /** The next value, a proper list, spliced in front of what `rest` builds (unquote-splicing). */
  | { readonly k: "splice"; readonly rest: Recipe }
  | { readonly k: "cons"; readonly car: Recipe; readonly cdr: Recipe }
  /** The list `items` builds, as a vector. */
  | { readonly k: "vector"; readonly items: Recipe };

export const HOLE: Recipe = { k: "hole" };

/** (symbol datum): what `,x` or `` `x `` inside a deeper quasiquote stands for. */
export function listOfTwo(symbol: Sym, second: Recipe): Recipe {
  return { k: "cons", car: { k: "const", value: symbol }, cdr: { k: "cons", car: second, cdr: { k: "const", value: NIL } } };
}

/** The template's value; `values` are its unquoted expressions' values, in the template's order. */
export function buildQuasiquote(recipe: Recipe, ...values: Value[]): Value {
  let next = 0;
  const build = (r: Recipe): Value => {
    switch (r.k) {
      case "const":
        return r.value;
      case "hole":
        return values[next++]!;
      case "vector":
        return listToArray("quasiquote", build(r.items));
      case "cons":
      case "splice": {
        // Along a list in this loop, each element's value taken before the next one's (car before cdr).
        const elements: Value[] = [];
        const spliced: boolean[] = [];
        let rest: Recipe = r;
        for (;;) {
          if (rest.k === "cons") {
            elements.push(build(rest.car));
            spliced.push(false);
            rest = rest.cdr;
          } else if (rest.k === "splice") {
            elements.push(values[next++]!);
            spliced.push(true);
            rest = rest.rest;
          } else break;
        }
        let list = build(rest);
        for (let i = elements.length - 1; i >= 0; i--) {
          if (!spliced[i]) {
            list = new Pair(elements[i]!, list);
            continue;
          }
          // A circular or improper list to splice is an error here, before anything is copied.
          const items = listToArray("unquote-splicing", elements[i]!);
          for (let j = items.length - 1; j >= 0; j--) list = new Pair(items[j]!, list);
        }
        return list;
      }
    }
  };
  return build(recipe);
}
