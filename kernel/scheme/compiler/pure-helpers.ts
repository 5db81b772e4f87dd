// Which run-time helpers of lowered forms never call Scheme code: a body that uses only these (and primitives that
// take and return data) stays closed (closed-bodies.ts), and a call of one is no point where a continuation can be
// captured (capture-points.ts).

import { arrayItem, assertionFailed, buildQuasiquote, memberEqv, valuesToArray } from "../library/lowered-forms.js";

export const PURE_HELPERS: ReadonlySet<Function> = new Set<Function>([buildQuasiquote, memberEqv, valuesToArray, arrayItem, assertionFailed]);
