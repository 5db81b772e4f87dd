// Parameter objects (make-parameter) and `parameterize`'s run time (the expander lowers the form to a call of it).

import { wrongType } from "../errors.js";
import { named } from "../names.js";
import type { Procedure, Value } from "../values.js";
import { call0, call1 } from "../runtime/call.js";
import { arityError, definePrimitive } from "../runtime/registry.js";

interface ParameterState {
  get(): Value;
  set(v: Value): void;
  readonly converter: Value | undefined;
}
const parameters = new WeakMap<Function, ParameterState>();

export function makeParameter(value: Value, converter?: Value): Procedure {
  let current = converter === undefined ? value : call1(converter, value);
  const p = named("parameter", function (): Value {
    if (arguments.length !== 0) arityError("parameter", 0, 0, arguments.length);
    return current;
  });
  parameters.set(p, { get: () => current, set: (v) => (current = v), converter });
  return p;
}

/** Make an existing zero-argument procedure (e.g. current-output-port) usable with parameterize. */
export function registerParameter(p: Procedure, get: () => Value, set: (v: Value) => void): void {
  parameters.set(p, { get, set, converter: undefined });
}

/** (parameterize ((p v) ...) body): `bindings` alternate parameter, value. */
export function parameterize(body: Procedure, ...bindings: Value[]): Value {
  const states: ParameterState[] = [];
  const newValues: Value[] = [];
  for (let i = 0; i < bindings.length; i += 2) {
    const state = typeof bindings[i] === "function" ? parameters.get(bindings[i] as Function) : undefined;
    if (state === undefined) wrongType("parameterize", "a parameter object", bindings[i]!);
    states.push(state);
    newValues.push(state.converter === undefined ? bindings[i + 1]! : call1(state.converter, bindings[i + 1]!));
  }
  const saved = states.map((s) => s.get());
  states.forEach((s, i) => s.set(newValues[i]!));
  try {
    return call0(body);
  } finally {
    states.forEach((s, i) => s.set(saved[i]!));
  }
}

definePrimitive("make-parameter", 1, 2, makeParameter);
