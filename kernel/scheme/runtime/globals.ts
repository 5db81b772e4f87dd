// Global variables as compiled code sees them: a cell per name, which the code captures itself, so a redefinition
// is seen everywhere; reading or assigning one that was never defined is an error.

import { SchemeError, signal } from "../errors.js";
import { VOID, type Value } from "../values.js";

/** A global variable: the generated code captures the cell itself, so redefinition is seen everywhere. */
export class GlobalCell {
  constructor(
    readonly name: string,
    public v: Value | typeof UNBOUND,
  ) {}
}
export const UNBOUND: unique symbol = Symbol("unbound");

export function unboundVariable(name: string): never {
  signal(new SchemeError("UnboundVariable", `unbound variable ${name}`, [], undefined));
}

/** A global's value, where the compiler could not see it bound. */
export function gv(cell: GlobalCell): Value {
  const v = cell.v;
  if (v === UNBOUND) unboundVariable(cell.name);
  return v;
}

/** `set!` of a global (a definition assigns the cell directly). */
export function gset(cell: GlobalCell, v: Value): Value {
  if (cell.v === UNBOUND) signal(new SchemeError("UnboundVariable", `set!: unbound variable ${cell.name}`));
  cell.v = v;
  return VOID;
}
