// Booleans: not, boolean?, boolean=?. Everything but #f is true.

import type { Value } from "../values.js";
import { wrongType } from "../errors.js";
import { definePrimitive } from "../runtime/registry.js";

definePrimitive("not", 1, 1, (v: Value) => v === false);
definePrimitive("boolean?", 1, 1, (v: Value) => typeof v === "boolean");
definePrimitive("boolean=?", 1, Infinity, (...values: Value[]) => {
  values.forEach((v, i) => typeof v === "boolean" || wrongType("boolean=?", "a boolean", v, i + 1));
  return values.every((v) => v === values[0]);
});
