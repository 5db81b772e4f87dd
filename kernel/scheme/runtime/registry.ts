// The table of primitive procedures the global environment starts with.
//
// Each runtime module registers its primitives here with their arity; the registry wraps each in a small
// function that checks the argument count (with `arguments.length`, which V8 optimises, so no rest array is
// allocated) and gives it its mangled Scheme name, so printing shows `#<procedure car>` and backtraces name it.

import { SchemeError, signal } from "../errors.js";
import { mangle } from "../names.js";
import type { Procedure, Value } from "../values.js";

export interface Primitive {
  readonly name: string;
  readonly minArgs: number;
  /** Infinity for variadic primitives. */
  readonly maxArgs: number;
  readonly procedure: Procedure;
  /** The unwrapped implementation, for the compiler to call directly once it has checked the arity itself. */
  readonly implementation: Procedure;
}

const table = new Map<string, Primitive>();

export function arityError(name: string, min: number, max: number, given: number): never {
  const expected =
    min === max ? `${min}` : max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
  signal(new SchemeError(
    "WrongArity",
    `${name}: expected ${expected} argument${expected === "1" ? "" : "s"}, got ${given}`,
    [],
    name,
  ));
}

function wrap(name: string, min: number, max: number, impl: Procedure): Procedure {
  const jsName = mangle(name);
  const params = max !== Infinity && max <= 4 ? Array.from({ length: max }, (_, i) => `a${i}`) : [];
  const check =
    min === max
      ? `if (arguments.length !== ${min}) arityError(${JSON.stringify(name)}, ${min}, ${max}, arguments.length);`
      : `if (arguments.length < ${min}${max === Infinity ? "" : ` || arguments.length > ${max}`}) arityError(${JSON.stringify(name)}, ${min}, ${max}, arguments.length);`;
  const call = params.length === max ? `impl(${params.join(", ")})` : "impl.apply(null, arguments)";
  // new Function gives the wrapper its Scheme name (JS function names cannot be set cheaply otherwise).
  const make = new Function("impl", "arityError", `return function ${jsName}(${params.join(", ")}) { ${check} return ${call}; };`);
  return make(impl, arityError) as Procedure;
}

/** Register a primitive. `impl` receives its arguments positionally and may trust their count. */
export function definePrimitive(name: string, minArgs: number, maxArgs: number, impl: (...args: any[]) => Value): Procedure {
  if (table.has(name)) throw new Error(`primitive ${name} is defined twice`);
  const procedure = wrap(name, minArgs, maxArgs, impl as Procedure);
  table.set(name, { name, minArgs, maxArgs, procedure, implementation: impl as Procedure });
  return procedure;
}

export function primitive(name: string): Primitive | undefined {
  return table.get(name);
}

export function allPrimitives(): Iterable<Primitive> {
  return table.values();
}
