// eval and interaction-environment: the global environment a datum is evaluated in is the engine's, which installs
// itself while it executes (the library cannot import the engine, which sits above it).

import { SchemeError, signal, wrongType } from "../errors.js";
import { Opaque, type Value } from "../values.js";
import { definePrimitive } from "../runtime/registry.js";

/** The global environment `eval` runs in; the engine installs itself while it executes. */
export class EnvironmentHandle extends Opaque {
  constructor(readonly evaluate: (datum: Value) => Value) {
    super();
  }
  describe(): string {
    return "#<environment>";
  }
}

let currentEnvironment: EnvironmentHandle | null = null;

export function setCurrentEnvironment(env: EnvironmentHandle | null): EnvironmentHandle | null {
  const previous = currentEnvironment;
  currentEnvironment = env;
  return previous;
}

function interactionEnvironment(): Value {
  if (currentEnvironment === null) signal(new SchemeError("Error", "no environment is active"));
  return currentEnvironment;
}

definePrimitive("interaction-environment", 0, 0, interactionEnvironment);
definePrimitive("eval", 1, 2, (datum: Value, env?: Value) => {
  const target = env === undefined ? interactionEnvironment() : env;
  if (!(target instanceof EnvironmentHandle)) wrongType("eval", "an environment", target, 2);
  return target.evaluate(datum);
});
