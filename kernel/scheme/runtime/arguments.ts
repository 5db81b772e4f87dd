// What compiled procedures do with their arguments beyond the fixed parameters: collect the rest into a list, and
// (case-lambda) choose the clause that accepts their number.

import { SchemeError, signal } from "../errors.js";
import { named } from "../names.js";
import { NIL, Pair, type Procedure, type Value } from "../values.js";

export function restList(args: IArguments, from: number): Value {
  let r: Value = NIL;
  for (let i = args.length - 1; i >= from; i--) r = new Pair(args[i], r);
  return r;
}

export function makeCaseLambda(name: string, clauses: Procedure[], fixed: number[], rest: boolean[]): Procedure {
  return named(name === "" ? "case-lambda" : name, function (...args: Value[]): Value {
    for (let i = 0; i < clauses.length; i++) {
      if (args.length === fixed[i] || (rest[i] && args.length >= fixed[i]!)) return clauses[i]!(...args);
    }
    signal(new SchemeError("WrongArity", `${name || "case-lambda"}: no clause accepts ${args.length} argument${args.length === 1 ? "" : "s"}`));
  });
}
