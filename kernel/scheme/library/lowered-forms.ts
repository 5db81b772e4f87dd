// The run-time helpers the expander's lowered forms call directly (`helper` nodes in compiler/ast.ts): case, guard,
// assert, parameterize, delay, let-values, define-values, define-record-type and quasiquote. Each lives with its
// subject; this module names the whole set once, for the expander and for the compiler's list of the helpers that
// never call Scheme code (compiler/pure-helpers.ts).

export { memberEqv } from "./equivalence.js";
export { assertionFailed, guard, GUARD_NO_MATCH } from "./exceptions.js";
export { arrayItem, valuesToArray } from "./multiple-values.js";
export { parameterize } from "./parameters.js";
export { makeLazyPromise } from "./promises.js";
export { buildQuasiquote } from "./quasiquote.js";
export { makeRecordType, recordAccessor, recordConstructor, recordModifier, recordPredicate } from "./records.js";
