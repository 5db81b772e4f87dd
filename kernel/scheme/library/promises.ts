// Promises: force, make-promise, and the run time of `delay`, `delay-force` and `make-promise-lazy` (the expander
// lowers them to makeLazyPromise).

import { Promise_, type Procedure, type Value } from "../values.js";
import { call0 } from "../runtime/call.js";
import { definePrimitive } from "../runtime/registry.js";

/** delay-force promises: forcing one adopts the promise its thunk returns (iteratively, R7RS). */
const lazyPromises = new WeakSet<Promise_>();

export function makeLazyPromise(thunk: Procedure, adopts: boolean): Promise_ {
  const p = new Promise_(false, thunk);
  if (adopts) lazyPromises.add(p);
  return p;
}

function force(p: Value): Value {
  if (!(p instanceof Promise_)) return p;
  while (!p.done) {
    const adopts = lazyPromises.has(p);
    const v = call0(p.value);
    if (p.done) break; // forced re-entrantly while computing: the first result wins
    if (adopts && v instanceof Promise_) {
      p.done = v.done;
      p.value = v.value;
      if (!lazyPromises.has(v)) lazyPromises.delete(p);
    } else {
      p.done = true;
      p.value = v;
    }
  }
  return p.value;
}

definePrimitive("force", 1, 1, force);
definePrimitive("make-promise", 1, 1, (v: Value) => (v instanceof Promise_ ? v : new Promise_(true, v)));
definePrimitive("promise?", 1, 1, (v: Value) => v instanceof Promise_);
