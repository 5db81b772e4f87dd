// The Scheme language as the rest of Parabook sees it.
export { createSchemeEvaluator } from "./engine.js";
export { isComplete } from "./reader/index.js";
export { notebookRepr, writeString, displayString } from "./printer.js";
export { SchemeError, ERROR_KINDS, type ErrorKind } from "./errors.js";
