// The helpers every generated unit destructures from `rt` (codegen.ts HELPERS names them).

import { SchemeError, signal } from "../errors.js";
import { named } from "../names.js";
import { poll, tick } from "../runtime/interrupt.js";
import { arityError } from "../runtime/registry.js";
import { fn, rv, tail0, tail1, tail2, tail3, tail4, tailN } from "../runtime/trampoline.js";
import { NIL, Pair, VOID, type Procedure, type Value } from "../values.js";
import { UNBOUND, type GlobalCell } from "./ast.js";
import type { HELPERS } from "./codegen.js";
import { fastPathHelpers } from "./fast-paths.js";

export function unboundVariable(name: string): never {
  signal(new SchemeError("UnboundVariable", `unbound variable ${name}`, [], undefined));
}

function gv(cell: GlobalCell): Value {
  const v = cell.v;
  if (v === UNBOUND) unboundVariable(cell.name);
  return v;
}

function gset(cell: GlobalCell, v: Value): Value {
  if (cell.v === UNBOUND) signal(new SchemeError("UnboundVariable", `set!: unbound variable ${cell.name}`));
  cell.v = v;
  return VOID;
}

function restList(args: IArguments, from: number): Value {
  let r: Value = NIL;
  for (let i = args.length - 1; i >= from; i--) r = new Pair(args[i], r);
  return r;
}

function makeCaseLambda(name: string, clauses: Procedure[], fixed: number[], rest: boolean[]): Procedure {
  return named(name === "" ? "case-lambda" : name, function (...args: Value[]): Value {
    for (let i = 0; i < clauses.length; i++) {
      if (args.length === fixed[i] || (rest[i] && args.length >= fixed[i]!)) return clauses[i]!(...args);
    }
    signal(new SchemeError("WrongArity", `${name || "case-lambda"}: no clause accepts ${args.length} argument${args.length === 1 ? "" : "s"}`));
  });
}

const baseHelpers: Record<(typeof HELPERS)[number], unknown> = {
  VOID,
  rv,
  fn,
  tail0,
  tail1,
  tail2,
  tail3,
  tail4,
  tailN,
  arityError,
  restList,
  gv,
  gset,
  tick,
  poll,
  makeCaseLambda,
};

export const runtimeHelpers = { ...baseHelpers, ...fastPathHelpers };
