// The helpers every generated unit destructures from `rt` (link.ts passes them; codegen.ts writes their names):
// the calling convention, the run-time support of compiled code, and the values the inline fast paths refer to.

import { makeCaseLambda, restList } from "../runtime/arguments.js";
import { gset, gv } from "../runtime/globals.js";
import { poll, tick } from "../runtime/interrupt.js";
import { arityError } from "../runtime/registry.js";
import { fn, rv, tail0, tail1, tail2, tail3, tail4, tailN } from "../runtime/trampoline.js";
import { VOID } from "../values.js";
import { fastPathHelpers } from "./fast-paths.js";

export const unitHelpers = {
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
  ...fastPathHelpers,
};

/** In the order of `unitHelpers`: the generated `const { VOID, rv, … } = rt;`. */
export const UNIT_HELPER_NAMES: readonly string[] = Object.keys(unitHelpers);
