// Values as text: R7RS `write` and `display`, and what a notebook shows for a cell's value.
//
// The printer walks with its own stack, so a list of a million elements or a list nested a million deep prints
// without touching the JavaScript stack's limit. Cyclic structure is written with datum labels (#0=(1 . #0#)),
// which R7RS requires of `write` and `display` so that they always terminate; structure that is merely shared
// prints plainly. Printing a whole value answers the interrupt, since a value can be big enough to take minutes;
// a printout cut short after a few characters (an error message's irritant) is bounded work and does not.

import { findCycleTargets, GAVE_UP, isCompound, type Compound, type WalkLimit, WHOLE_VALUE } from "./cycles.js";
import { numberToString } from "./numbers/number-text.js";
import { parseNumber } from "./numbers/parse.js";
import { procedureName } from "./names.js";
import { tick } from "./runtime/interrupt.js";
import {
  Char,
  Compnum,
  EOF,
  Flonum,
  MString,
  MultipleValues,
  NIL,
  Opaque,
  Pair,
  Promise_,
  Ratnum,
  Record,
  RecordType,
  Sym,
  VOID,
  type Value,
} from "./values.js";

/** "write": strings quoted, chars as #\a. "display": both raw. "notebook": like write, vectors as #N(…). */
type Mode = "write" | "display" | "notebook";

const CHAR_NAMES: ReadonlyMap<number, string> = new Map([
  [0, "null"],
  [7, "alarm"],
  [8, "backspace"],
  [9, "tab"],
  [10, "newline"],
  [13, "return"],
  [27, "escape"],
  [32, "space"],
  // 127 (delete) is written #\x7f like the other control characters, as Parabook's printer spec asks; the reader
  // reads #\delete too.
]);

const STRING_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '\\"'],
  ["\\", "\\\\"],
  ["\n", "\\n"],
  ["\t", "\\t"],
  ["\r", "\\r"],
  ["\x07", "\\a"],
  ["\b", "\\b"],
]);

const ABBREVIATIONS: ReadonlyMap<Sym, string> = new Map([
  [Sym.intern("quote"), "'"],
  [Sym.intern("quasiquote"), "`"],
  [Sym.intern("unquote"), ","],
  [Sym.intern("unquote-splicing"), ",@"],
]);

function isControl(code: number): boolean {
  return code < 32 || (code >= 127 && code < 160);
}

function hexEscape(code: number): string {
  return `\\x${code.toString(16)};`;
}

function writeStringLiteral(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    out += STRING_ESCAPES.get(ch) ?? (isControl(code) ? hexEscape(code) : ch);
  }
  return out + '"';
}

function writeChar(c: Char): string {
  const name = CHAR_NAMES.get(c.code);
  if (name !== undefined) return `#\\${name}`;
  if (isControl(c.code) || (c.code >= 0xd800 && c.code <= 0xdfff)) return `#\\x${c.code.toString(16)}`;
  return `#\\${String.fromCodePoint(c.code)}`;
}

const SYMBOL_NEEDS_BARS = /[\s()[\]{}"';`,|]|^#|[\x00-\x1f\x7f]/;

/** A symbol as `write` shows it: bare when the reader would read it back as the same symbol, else in bars. */
function writeSymbol(s: Sym): string {
  const name = s.name;
  const bare = name !== "" && name !== "." && !SYMBOL_NEEDS_BARS.test(name) && parseNumber(name) === null && !/^[+-]?\.?\d/.test(name);
  if (bare) return name;
  let out = "|";
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    out += ch === "|" ? "\\|" : ch === "\\" ? "\\\\" : isControl(code) ? hexEscape(code) : ch;
  }
  return out + "|";
}

function recordTypeName(type: RecordType): string {
  const name = type.name;
  return name.startsWith("<") && name.endsWith(">") && name.length > 2 ? name.slice(1, -1) : name;
}

/** Text for a value that has no parts to walk into. */
function atomText(v: Value, mode: Mode): string {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof Flonum || v instanceof Ratnum || v instanceof Compnum) {
    return numberToString(v);
  }
  if (typeof v === "boolean") return v ? "#t" : "#f";
  if (v instanceof MString) return mode === "display" ? v.value : writeStringLiteral(v.value);
  if (v instanceof Sym) return mode === "display" ? v.name : writeSymbol(v);
  if (v instanceof Char) return mode === "display" ? String.fromCodePoint(v.code) : writeChar(v);
  if (v === NIL) return "()";
  if (typeof v === "function") return `#<procedure ${procedureName(v)}>`;
  if (v instanceof Uint8Array) return `#u8(${v.join(" ")})`;
  if (v === VOID) return "#<void>";
  if (v === EOF) return "#<eof>";
  if (v instanceof Promise_) return "#<promise>";
  if (v instanceof RecordType) return `#<record-type ${recordTypeName(v)}>`;
  if (v instanceof Opaque) return v.describe();
  return `#<unknown ${String(v)}>`;
}

/** The rest of a list still to print after an element (a marker on the task stack). */
class ListRest {
  constructor(readonly rest: Value) {}
}

/** What is left to print: text to emit, a value to print, or the rest of a list. */
type Task = string | Value | ListRest;

/** What a printout cut short ends with. */
const ELLIPSIS = "…";

function cutShort(text: string, maxChars: number): string {
  return text.length > maxChars ? text.slice(0, maxChars) + ELLIPSIS : text;
}

/**
 * How many compound values the search for cycles may visit per character of a cut-short printout. Past it, the
 * printout goes without labels: it stops after `maxChars` anyway, and an irritant's few characters must not cost a
 * walk over all of a 20-million-element list.
 */
const CYCLE_SEARCH_NODES_PER_CHAR = 64;

const NO_TARGETS: ReadonlySet<Compound> = new Set();

/** `maxChars`: stop once the text is longer and end it with "…" (Infinity: the whole value, interruptibly). */
function print(root: Value, mode: Mode, maxChars = Infinity): string {
  if (!isCompound(root)) return cutShort(atomText(root, mode), maxChars);
  const interruptible = maxChars === Infinity;
  const limit: WalkLimit = interruptible ? WHOLE_VALUE : { maxNodes: maxChars * CYCLE_SEARCH_NODES_PER_CHAR, interruptible: false };
  const found = findCycleTargets(root, limit);
  const cycleTargets = found === GAVE_UP ? NO_TARGETS : found;
  const labels = new Map<Compound, number>();
  let out = "";
  const tasks: Task[] = [root];
  const pushSeparated = (items: readonly Value[], separator: string): void => {
    for (let i = items.length - 1; i >= 0; i--) {
      tasks.push(items[i]!);
      if (i > 0) tasks.push(separator);
    }
  };
  while (tasks.length > 0) {
    if (out.length > maxChars) return cutShort(out, maxChars);
    if (interruptible) tick();
    const task = tasks.pop()!;
    if (typeof task === "string") {
      out += task;
      continue;
    }
    if (task instanceof ListRest) {
      // Atoms along the list print in this loop; only a compound element needs the task stack.
      let rest = task.rest;
      while (rest instanceof Pair && !cycleTargets.has(rest) && out.length <= maxChars) {
        if (interruptible) tick();
        out += " ";
        if (isCompound(rest.car)) {
          tasks.push(new ListRest(rest.cdr), rest.car);
          break;
        }
        out += atomText(rest.car, mode);
        rest = rest.cdr;
      }
      if (out.length > maxChars) return cutShort(out, maxChars);
      if (rest === NIL) out += ")";
      else if (!(rest instanceof Pair) || cycleTargets.has(rest)) tasks.push(")", rest, " . ");
      continue;
    }
    const v = task;
    if (!isCompound(v)) {
      out += atomText(v, mode);
      continue;
    }
    if (cycleTargets.has(v)) {
      const label = labels.get(v);
      if (label !== undefined) {
        out += `#${label}#`;
        continue;
      }
      labels.set(v, labels.size);
      out += `#${labels.size - 1}=`;
    }
    if (v instanceof Pair) {
      const abbreviation = v.car instanceof Sym ? ABBREVIATIONS.get(v.car) : undefined;
      const rest = v.cdr;
      if (abbreviation !== undefined && rest instanceof Pair && rest.cdr === NIL && !cycleTargets.has(rest)) {
        out += abbreviation;
        tasks.push(rest.car);
      } else {
        out += "(";
        tasks.push(new ListRest(v.cdr), v.car);
      }
    } else if (Array.isArray(v)) {
      out += mode === "notebook" ? `#${v.length}(` : "#(";
      tasks.push(")");
      pushSeparated(v, " ");
    } else if (v instanceof Record) {
      out += `#<${recordTypeName(v.type)}`;
      tasks.push(">");
      for (let i = v.fields.length - 1; i >= 0; i--) tasks.push(v.fields[i]!, ` ${v.type.fields[i]?.name ?? i}: `);
    } else {
      pushSeparated(v.items, mode === "notebook" ? "\n" : " ");
    }
  }
  return cutShort(out, maxChars);
}

/** R7RS `write`: strings quoted with escapes, chars as #\a, symbols in bars when they need them, cycles labelled. */
export function writeString(v: Value): string {
  return print(v, "write");
}

/**
 * `write`'s text cut after `maxChars` characters, ending in "…" when cut: an error message names its irritants
 * without printing a whole matrix, and the printer stops walking once it has enough.
 */
export function writeStringAtMost(v: Value, maxChars: number): string {
  return print(v, "write", maxChars);
}

/** R7RS `display`: strings and chars as their raw text, everything else as `write` shows it. */
export function displayString(v: Value): string {
  return print(v, "display");
}

/**
 * What a notebook shows as a cell's value (Calysto's style): nothing for void (define, set!…) or (values),
 * vectors as #N(a b c) with N their length, otherwise as `write`; several values one per line.
 */
export function notebookRepr(v: Value): string | null {
  if (v === VOID || (v instanceof MultipleValues && v.items.length === 0)) return null;
  return print(v, "notebook");
}
