// The element accessors every indexed sequence kind shares: (KIND-ref seq k) and (KIND-set! seq k value).

import { VOID, type Value } from "../values.js";
import { checkIndex } from "./checks.js";
import { definePrimitive } from "../runtime/registry.js";

interface Indexed<E> {
  readonly length: number;
  [index: number]: E;
}

/**
 * Registers `refName` and `setName`. `check` accepts the sequence (argument 1); `checkElement` accepts what may be
 * stored in it (argument 3). Index errors name the index and the valid range.
 */
export function defineIndexedAccess<E extends Value>(
  refName: string,
  setName: string,
  check: (proc: string, v: Value, argIndex: number) => Indexed<E>,
  checkElement: (proc: string, v: Value, argIndex: number) => E,
): void {
  definePrimitive(refName, 2, 2, (seq: Value, k: Value) => {
    const items = check(refName, seq, 1);
    return items[checkIndex(refName, k, seq, items.length, 2)]!;
  });
  definePrimitive(setName, 3, 3, (seq: Value, k: Value, value: Value) => {
    const items = check(setName, seq, 1);
    items[checkIndex(setName, k, seq, items.length, 2)] = checkElement(setName, value, 3);
    return VOID;
  });
}
