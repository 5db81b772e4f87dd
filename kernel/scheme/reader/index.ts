// The Scheme reader: text → datums (values.ts) with a SourceMap of where each pair starts.
export { readAll, isComplete, Reader, type ReadResult } from "./reader.js";
export { SourceMap, type Position } from "./source-map.js";
export { IncompleteInputError } from "./lexer.js";
