// What a notebook front end asks about code without running it: whether it is complete (a console runs it on Enter
// or waits for the next line) and what the name at the cursor is (Jupyter's inspect, Shift+Tab in JupyterLab).

import type { Completeness } from "../language/language.js";
import { IncompleteInputError, readAll } from "./reader/index.js";
import { SchemeError } from "./errors.js";

/** Characters that end a name, as the completer splits words. */
export const NAME_DELIMITER = /[\s()[\]'`,";]/;

/** How many parentheses are open at the end of `code`, and whether it ends inside a string or a block comment. */
function openAtEnd(code: string): { depth: number; inText: boolean } {
  let depth = 0;
  let i = 0;
  while (i < code.length) {
    const ch = code[i]!;
    if (ch === ";") {
      const nl = code.indexOf("\n", i);
      if (nl < 0) break;
      i = nl + 1;
    } else if (ch === '"') {
      i++;
      while (i < code.length && code[i] !== '"') i += code[i] === "\\" ? 2 : 1;
      if (i >= code.length) return { depth, inText: true };
      i++;
    } else if (ch === "#" && code[i + 1] === "|") {
      const close = code.indexOf("|#", i + 2);
      if (close < 0) return { depth, inText: true };
      i = close + 2;
    } else if (ch === "#" && code[i + 1] === "\\") {
      i += 3; // #\( and #\) are characters, not parentheses
    } else {
      if (ch === "(" || ch === "[") depth++;
      else if (ch === ")" || ch === "]") depth = Math.max(0, depth - 1);
      i++;
    }
  }
  return { depth, inText: false };
}

/** Complete, incomplete (with two spaces of indent per open parenthesis), or invalid (a syntax error). */
export function schemeCompleteness(code: string): Completeness {
  try {
    readAll(code, "input");
    return { status: "complete" };
  } catch (err) {
    if (err instanceof IncompleteInputError) {
      const { depth, inText } = openAtEnd(code);
      return { status: "incomplete", indent: inText ? "" : "  ".repeat(depth) };
    }
    if (err instanceof SchemeError) return { status: "invalid" };
    throw err;
  }
}

/** The name around `cursor` (the word it is in or just after), or "" when there is none. */
export function nameAt(code: string, cursor: number): string {
  let start = Math.min(cursor, code.length);
  while (start > 0 && !NAME_DELIMITER.test(code[start - 1]!)) start--;
  let end = Math.min(cursor, code.length);
  while (end < code.length && !NAME_DELIMITER.test(code[end]!)) end++;
  return code.slice(start, end);
}

/** "1 argument", "2 or more arguments", "0 to 2 arguments". */
export function arityText(min: number, max: number): string {
  const plural = (n: number | string): string => `${n} argument${n === 1 ? "" : "s"}`;
  if (min === max) return plural(min);
  if (max === Infinity) return plural(`${min} or more`);
  return plural(`${min} to ${max}`);
}
