// Pairs and lists: R7RS (scheme base) and (scheme cxr), plus the SRFI-1 names notebooks reach for (first…tenth,
// cons*, last-pair). Every procedure that walks a list iterates, so a list of 10^6 elements never deepens the JS
// stack; the ones that need a proper list refuse improper and circular ones with a message that says which.

import { indexOutOfRange, wrongType } from "../errors.js";
import { add, isNumber, mul } from "../numbers/index.js";
import { NIL, Pair, VOID, type Value } from "../values.js";
import { MAX_ELEMENTS, checkLength, checkNatural, checkPair } from "./checks.js";
import { isEqual, isEqv } from "./equivalence.js";
import { pollEvery } from "../runtime/interrupt.js";
import { definePrimitive } from "../runtime/registry.js";
import { CIRCULAR, isList, listLength, listToArray, requireProperEnd, walkSpine } from "../spine.js";

definePrimitive("cons", 2, 2, (a: Value, b: Value) => new Pair(a, b));
definePrimitive("car", 1, 1, (p: Value) => checkPair("car", p, 1).car);
definePrimitive("cdr", 1, 1, (p: Value) => checkPair("cdr", p, 1).cdr);
definePrimitive("set-car!", 2, 2, (p: Value, v: Value) => {
  checkPair("set-car!", p, 1).car = v;
  return VOID;
});
definePrimitive("set-cdr!", 2, 2, (p: Value, v: Value) => {
  checkPair("set-cdr!", p, 1).cdr = v;
  return VOID;
});

// caar … cddddr: the letters between c and r, applied right to left.
for (let length = 2; length <= 4; length++) {
  for (let bits = 0; bits < 1 << length; bits++) {
    let path = "";
    for (let i = 0; i < length; i++) path += bits & (1 << i) ? "d" : "a";
    defineCxr(`c${path}r`, path);
  }
}

function defineCxr(name: string, path: string): void {
  definePrimitive(name, 1, 1, (x: Value) => {
    let v = x;
    for (let i = path.length - 1; i >= 0; i--) {
      if (!(v instanceof Pair)) {
        const walked = path.slice(i + 1);
        return wrongType(name, walked === "" ? "a pair" : `a pair whose c${walked}r is a pair`, x, 1);
      }
      v = path[i] === "a" ? v.car : v.cdr;
    }
    return v;
  });
}

definePrimitive("pair?", 1, 1, (v: Value) => v instanceof Pair);
definePrimitive("null?", 1, 1, (v: Value) => v === NIL);

definePrimitive("list?", 1, 1, isList);

definePrimitive("list", 0, Infinity, (...items: Value[]) => {
  let result: Value = NIL;
  for (let i = items.length - 1; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
});

definePrimitive("cons*", 1, Infinity, (...items: Value[]) => {
  let result: Value = items[items.length - 1]!;
  for (let i = items.length - 2; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
});

/** Like make-vector (and Racket's make-list), the default fill is 0. */
definePrimitive("make-list", 1, 2, (k: Value, fill: Value = 0) => {
  let n = checkLength("make-list", k, MAX_ELEMENTS, 1);
  let result: Value = NIL;
  while (n-- > 0) {
    pollEvery(n);
    result = new Pair(fill, result);
  }
  return result;
});

definePrimitive("length", 1, 1, (list: Value) => listLength("length", list, 1));

/** SRFI-1 (iota count [start [step]]): (start start+step … start+(count-1)*step), exact or not as they are. */
definePrimitive("iota", 1, 3, (count: Value, start: Value = 0, step: Value = 1) => {
  const n = checkLength("iota", count, MAX_ELEMENTS, 1);
  if (!isNumber(start)) return wrongType("iota", "a number", start, 2);
  if (!isNumber(step)) return wrongType("iota", "a number", step, 3);
  let result: Value = NIL;
  const last = typeof start === "number" && typeof step === "number" ? start + (n - 1) * step : NaN;
  if (Number.isSafeInteger(last) && Number.isSafeInteger(n * Math.abs(step as number))) {
    // Fixnum start and step whose every element stays a safe integer: plain JS arithmetic is exact.
    for (let i = n - 1; i >= 0; i--) {
      pollEvery(i);
      result = new Pair((start as number) + i * (step as number), result);
    }
  } else {
    for (let i = n - 1; i >= 0; i--) {
      pollEvery(i);
      result = new Pair(add(start, mul(i, step)), result);
    }
  }
  return result;
});

/** (append l1 … ln tail): fresh copies of every list but the last, which the result shares. */
export function append(lists: readonly Value[]): Value {
  if (lists.length === 0) return NIL;
  let result = lists[lists.length - 1]!;
  for (let i = lists.length - 2; i >= 0; i--) {
    const items = listToArray("append", lists[i]!, i + 1);
    for (let j = items.length - 1; j >= 0; j--) result = new Pair(items[j]!, result);
  }
  return result;
}
definePrimitive("append", 0, Infinity, (...lists: Value[]) => append(lists));

definePrimitive("reverse", 1, 1, (list: Value) => {
  // Consed straight off the spine, with no intermediate array: map and filter in the prelude end with a reverse.
  let result: Value = NIL;
  const end = walkSpine(list, (p) => {
    result = new Pair(p.car, result);
    return false;
  });
  requireProperEnd("reverse", end, list, 1);
  return result;
});

/** How many pairs the spine of `list` has (improper tails allowed), for the valid range in index errors. */
function spineLength(list: Value): number {
  let n = 0;
  walkSpine(list, () => (n++, false));
  return n;
}

/** The value after k cdrs, for list-tail: k may be the length itself (the tail is then the final cdr). */
function tailAfter(proc: string, list: Value, k: Value): Value {
  const n = checkNatural(proc, k, 2);
  let v = list;
  for (let i = 0; i < n; i++) {
    if (!(v instanceof Pair)) return indexOutOfRange(proc, k, list, `0 to ${spineLength(list)}`);
    v = v.cdr;
  }
  return v;
}

/** The pair holding element k, for list-ref and list-set!. */
function pairAt(proc: string, list: Value, k: Value): Pair {
  const v = tailAfter(proc, list, k);
  if (v instanceof Pair) return v;
  const length = spineLength(list);
  return indexOutOfRange(proc, k, list, length === 0 ? "none, it is empty" : `0 to ${length - 1}`);
}

/** MIT (list-head list k): a fresh list of the first k elements. */
definePrimitive("list-head", 2, 2, (list: Value, k: Value) => {
  const n = checkNatural("list-head", k, 2);
  const items: Value[] = [];
  let v = list;
  for (let i = 0; i < n; i++) {
    if (!(v instanceof Pair)) return indexOutOfRange("list-head", k, list, `0 to ${spineLength(list)}`);
    items.push(v.car);
    v = v.cdr;
  }
  let result: Value = NIL;
  for (let i = items.length - 1; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
});
definePrimitive("list-tail", 2, 2, (list: Value, k: Value) => tailAfter("list-tail", list, k));
definePrimitive("list-ref", 2, 2, (list: Value, k: Value) => pairAt("list-ref", list, k).car);
definePrimitive("list-set!", 3, 3, (list: Value, k: Value, v: Value) => {
  pairAt("list-set!", list, k).car = v;
  return VOID;
});

definePrimitive("list-copy", 1, 1, (list: Value) => {
  // R7RS: copies the spine; an improper tail (or a non-list) is kept as it is.
  const items: Value[] = [];
  const end = walkSpine(list, (p) => {
    items.push(p.car);
    return false;
  });
  if (end === CIRCULAR) return wrongType("list-copy", "a list that is not circular", list, 1);
  let result = end;
  for (let i = items.length - 1; i >= 0; i--) result = new Pair(items[i]!, result);
  return result;
});

definePrimitive("last-pair", 1, 1, (list: Value) => {
  checkPair("last-pair", list, 1);
  const last = walkSpine(list, (p) => !(p.cdr instanceof Pair));
  if (last === CIRCULAR) return wrongType("last-pair", "a list that is not circular", list, 1);
  return last;
});

/** SRFI-1 (last list): the last element of a non-empty proper list. */
definePrimitive("last", 1, 1, (list: Value) => {
  const items = listToArray("last", checkPair("last", list, 1), 1);
  return items[items.length - 1]!;
});

/** SRFI-1 (append-reverse rev-head tail): (append (reverse rev-head) tail), without the intermediate list. */
definePrimitive("append-reverse", 2, 2, (revHead: Value, tail: Value) => {
  let result = tail;
  for (const item of listToArray("append-reverse", revHead, 1)) result = new Pair(item, result);
  return result;
});

/** SRFI-1 (alist-copy alist): fresh association pairs, so set-cdr! on the copy leaves the original alone. */
definePrimitive("alist-copy", 1, 1, (alist: Value) => {
  const entries = listToArray("alist-copy", alist, 1);
  let result: Value = NIL;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    result = new Pair(entry instanceof Pair ? new Pair(entry.car, entry.cdr) : entry, result);
  }
  return result;
});

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
ORDINALS.forEach((name, index) => {
  definePrimitive(name, 1, 1, (list: Value) => {
    let v = list;
    for (let i = 0; i < index && v instanceof Pair; i++) v = v.cdr;
    if (!(v instanceof Pair)) return wrongType(name, `a list of at least ${index + 1} element${index === 0 ? "" : "s"}`, list, 1);
    return v.car;
  });
});

// memq memv member / assq assv assoc: the first tail (or association) whose key matches, else #f. The three-argument
// member and assoc (a user predicate) are in the prelude, written in Scheme, because they call Scheme code.
function defineMember(name: string, same: (a: Value, b: Value) => boolean): void {
  definePrimitive(name, 2, 2, (x: Value, list: Value) => {
    const found = walkSpine(list, (p) => same(x, p.car));
    if (found instanceof Pair) return found;
    if (found !== CIRCULAR) requireProperEnd(name, found, list, 2); // a circular list has been searched through
    return false;
  });
}

function defineAssoc(name: string, same: (a: Value, b: Value) => boolean): void {
  definePrimitive(name, 2, 2, (key: Value, alist: Value) => {
    const found = walkSpine(alist, (p) => {
      const entry = p.car;
      if (!(entry instanceof Pair)) return wrongType(name, "an association list (a list of pairs)", alist, 2);
      return same(key, entry.car);
    });
    if (found instanceof Pair) return found.car;
    if (found !== CIRCULAR) requireProperEnd(name, found, alist, 2);
    return false;
  });
}

defineMember("memq", (a, b) => a === b);
defineMember("memv", isEqv);
defineMember("member", isEqual);
defineAssoc("assq", (a, b) => a === b);
defineAssoc("assv", isEqv);
defineAssoc("assoc", isEqual);
