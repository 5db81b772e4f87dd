// The reader: builds datums from the lexer's tokens and records where each pair starts.
//
// It keeps its own stack of open structures instead of recursing, so a list nested a million levels deep reads
// as easily as a flat one and never overflows the JavaScript stack.

import { SchemeError } from "../errors.js";
import { NIL, Pair, Sym, type Value } from "../values.js";
import { IncompleteInputError, Lexer, type Token } from "./lexer.js";
import { SourceMap, type Position } from "./source-map.js";
import { IdentitySet } from "../cycles.js";

export interface ReadResult {
  datums: Value[];
  positions: SourceMap;
  /**
   * Parallel to `datums`: whether the datum used datum labels (#0=, #0#), the only way text read gives shared or
   * cyclic structure. The expander checks the others as trees, at no cost.
   */
  labelled: boolean[];
}

/** A top-level datum as the reader hands it out. */
export interface ReadDatum {
  readonly value: Value;
  readonly position: Position;
  readonly labelled: boolean;
}

type Frame = { readonly start: Position } &
  (
    | {
        readonly kind: "list";
        readonly close: ")" | "]";
        readonly items: Value[];
        readonly itemPositions: Position[];
        /** "expectTail" after a '.', "haveTail" once the datum after it is read. */
        dot: "none" | "expectTail" | "haveTail";
        tail: Value;
      }
    | { readonly kind: "vector"; readonly length: number | undefined; readonly items: Value[] }
    | { readonly kind: "bytevector"; readonly items: number[] }
    | { readonly kind: "abbreviation"; readonly symbol: Sym; readonly written: string }
    | { readonly kind: "datumComment" }
    | { readonly kind: "label"; readonly label: number }
  );

const ABBREVIATION_TEXT = { quote: "'", quasiquote: "`", unquote: ",", "unquote-splicing": ",@" } as const;

/** Stands in for `#N#` inside the datum labelled N until that datum is finished. */
class LabelPlaceholder {
  constructor(readonly state: LabelState) {}
}

interface LabelState {
  value: Value | undefined;
  placeholder: LabelPlaceholder | undefined;
}

/** Reads one top-level datum at a time; readAll drives it to the end. */
export class Reader {
  private readonly lexer: Lexer;
  private readonly stack: Frame[] = [];
  /** The labels of the top-level datum being read: R7RS scopes a label to the outermost datum it appears in. */
  private readonly labels = new Map<number, LabelState>();
  /** Whether a #N# came inside its own #N= datum: the datum's placeholders are replaced once it is finished. */
  private labelReferencedEarly = false;
  private finished: ReadDatum | undefined;

  constructor(
    text: string,
    origin: string,
    readonly positions: SourceMap = new SourceMap(),
  ) {
    this.lexer = new Lexer(text, origin);
  }

  /** Just after the last datum next() returned (UTF-16 code units): `read` on a string port resumes there. */
  get offset(): number {
    return this.lexer.offset;
  }

  /** The next top-level datum and where it starts, or undefined at the end of the text. */
  next(): ReadDatum | undefined {
    this.finished = undefined;
    for (;;) {
      const token = this.lexer.next();
      this.handle(token);
      const done = this.takeFinished();
      if (done !== undefined) {
        this.positions.topLevel.push(done.position);
        return done;
      }
      if (token.kind === "end") return undefined;
    }
  }

  private takeFinished(): ReadDatum | undefined {
    const done = this.finished;
    this.finished = undefined;
    return done;
  }

  private handle(token: Token): void {
    switch (token.kind) {
      case "atom":
        return this.complete(token.value, token.start);
      case "open":
        this.stack.push({ kind: "list", close: token.close, items: [], itemPositions: [], dot: "none", tail: NIL, start: token.start });
        return;
      case "openVector":
        this.stack.push({ kind: "vector", length: token.length, items: [], start: token.start });
        return;
      case "openBytevector":
        this.stack.push({ kind: "bytevector", items: [], start: token.start });
        return;
      case "abbreviation":
        this.stack.push({ kind: "abbreviation", symbol: Sym.intern(token.symbol), written: ABBREVIATION_TEXT[token.symbol], start: token.start });
        return;
      case "datumComment":
        this.stack.push({ kind: "datumComment", start: token.start });
        return;
      case "label":
        if (this.labels.has(token.label)) throw this.lexer.error(`datum label #${token.label}= is defined twice`, token.start);
        this.labels.set(token.label, { value: undefined, placeholder: undefined });
        this.stack.push({ kind: "label", label: token.label, start: token.start });
        return;
      case "labelReference":
        return this.complete(this.labelReference(token.label, token.start), token.start);
      case "dot":
        return this.dot(token);
      case "close":
        return this.close(token);
      case "end":
        return this.end();
    }
  }

  private labelReference(label: number, at: Position): Value {
    const state = this.labels.get(label);
    if (state === undefined) throw this.lexer.error(`#${label}# refers to a label not defined before it`, at);
    if (state.value !== undefined) return state.value;
    state.placeholder ??= new LabelPlaceholder(state);
    this.labelReferencedEarly = true;
    return state.placeholder as unknown as Value;
  }

  private dot(token: Token): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.kind !== "list") {
      throw this.lexer.error(top === undefined ? "unexpected '.' outside a list" : `'.' is not allowed here`, token.start);
    }
    if (top.items.length === 0) throw this.lexer.error("'.' must follow at least one datum in a list", token.start);
    if (top.dot !== "none") throw this.lexer.error("a list may have only one '.'", token.start);
    top.dot = "expectTail";
  }

  private close(token: Token & { kind: "close" }): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) throw this.lexer.error(`unexpected '${token.bracket}'`, token.start);
    switch (top.kind) {
      case "list": {
        if (token.bracket !== top.close) throw this.mismatch(token, top.start, top.close === ")" ? "(" : "[");
        if (top.dot === "expectTail") throw this.lexer.error("a datum must follow '.' before the list closes", token.start);
        this.stack.pop();
        let list: Value = top.tail;
        for (let i = top.items.length - 1; i >= 0; i--) {
          const pair = new Pair(top.items[i]!, list);
          this.positions.record(pair, i === 0 ? top.start : top.itemPositions[i]!);
          list = pair;
        }
        return this.complete(list, top.start);
      }
      case "vector": {
        if (token.bracket !== ")") throw this.mismatch(token, top.start, "#(");
        this.stack.pop();
        if (top.length !== undefined && top.length !== top.items.length) {
          throw this.lexer.error(`#${top.length}( declares ${top.length} elements but has ${top.items.length}`, top.start);
        }
        return this.complete(top.items, top.start);
      }
      case "bytevector":
        if (token.bracket !== ")") throw this.mismatch(token, top.start, "#u8(");
        this.stack.pop();
        return this.complete(Uint8Array.from(top.items), top.start);
      case "abbreviation":
        throw this.lexer.error(`${top.written} must be followed by a datum, not '${token.bracket}'`, token.start);
      case "datumComment":
        throw this.lexer.error(`#; must be followed by a datum to comment out, not '${token.bracket}'`, token.start);
      case "label":
        throw this.lexer.error(`#${top.label}= must be followed by a datum, not '${token.bracket}'`, token.start);
    }
  }

  private mismatch(token: Token & { kind: "close" }, open: Position, opener: string): SchemeError {
    return this.lexer.error(
      `'${token.bracket}' does not match the '${opener}' at line ${open.line}, column ${open.column}`,
      token.start,
    );
  }

  private end(): void {
    const outermost = this.stack[0];
    if (outermost === undefined) return;
    const where = `starting at line ${outermost.start.line}, column ${outermost.start.column}`;
    const opener =
      outermost.kind === "abbreviation"
        ? outermost.written
        : outermost.kind === "label"
          ? `#${outermost.label}=`
          : "#;";
    const message =
      outermost.kind === "list" || outermost.kind === "vector" || outermost.kind === "bytevector"
        ? `unterminated ${outermost.kind} ${where}`
        : `${opener} ${where} has no datum after it`;
    throw this.lexer.error(message, outermost.start, true);
  }

  /** A datum is finished: give it to the structure around it, or make it the next top-level datum. */
  private complete(value: Value, position: Position): void {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) {
        const labelled = this.labels.size > 0;
        if (labelled) {
          if (this.labelReferencedEarly) value = replacePlaceholders(value);
          this.labels.clear();
          this.labelReferencedEarly = false;
        }
        this.finished = { value, position, labelled };
        return;
      }
      switch (top.kind) {
        case "list":
          if (top.dot === "expectTail") {
            top.tail = value;
            top.dot = "haveTail";
          } else if (top.dot === "haveTail") {
            throw this.lexer.error("only one datum may follow '.' in a list", position);
          } else {
            top.items.push(value);
            top.itemPositions.push(position);
          }
          return;
        case "vector":
          top.items.push(value);
          return;
        case "bytevector":
          if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 255) {
            throw this.lexer.error("a #u8( bytevector may hold only exact integers from 0 to 255", position);
          }
          top.items.push(value);
          return;
        case "abbreviation": {
          this.stack.pop();
          const inner = new Pair(value, NIL);
          this.positions.record(inner, position);
          const outer = new Pair(top.symbol, inner);
          this.positions.record(outer, top.start);
          value = outer;
          position = top.start;
          continue;
        }
        case "datumComment":
          this.stack.pop();
          return;
        case "label":
          this.stack.pop();
          value = this.defineLabel(top.label, value, top.start);
          // A labelled list starts at its label: an error in it points there, where the user sees it begin.
          if (value instanceof Pair) this.positions.record(value, top.start);
          position = top.start;
          continue;
      }
    }
  }

  private defineLabel(label: number, value: Value, at: Position): Value {
    const state = this.labels.get(label)!;
    if (value === (state.placeholder as unknown)) throw this.lexer.error(`#${label}= cannot label only itself`, at);
    state.value = value;

    return value;
  }
}

/**
 * Replace every placeholder inside `root` (pairs and vectors, cycles allowed) with its label's value: once per
 * top-level datum, in one walk. (Patching each label's datum when the label was defined made a datum with thousands
 * of nested labels take the square of that: 8 000 labels, 9 s.)
 */
function replacePlaceholders(root: Value): Value {
  const seen = new IdentitySet<object>();
  const fix = (v: Value): Value => {
    let fixed = v;
    // A label's value may itself be another label's placeholder (#1=(#0=#1#)); each step resolves one label.
    while (fixed instanceof LabelPlaceholder) fixed = fixed.state.value!;
    return fixed;
  };
  const pending: Value[] = [root];
  while (pending.length > 0) {
    const v = pending.pop()!;
    if (v instanceof Pair) {
      if (seen.has(v)) continue;
      seen.add(v);
      v.car = fix(v.car);
      v.cdr = fix(v.cdr);
      pending.push(v.car, v.cdr);
    } else if (Array.isArray(v)) {
      if (seen.has(v)) continue;
      seen.add(v);
      for (let i = 0; i < v.length; i++) {
        v[i] = fix(v[i]!);
        pending.push(v[i]!);
      }
    }
  }
  return fix(root);
}

/** Read every datum of `text`. Syntax errors throw SchemeError("SyntaxError") with `location` set. */
export function readAll(text: string, origin: string): ReadResult {
  const reader = new Reader(text, origin);
  const datums: Value[] = [];
  const labelled: boolean[] = [];
  for (let d = reader.next(); d !== undefined; d = reader.next()) {
    datums.push(d.value);
    labelled.push(d.labelled);
  }
  return { datums, positions: reader.positions, labelled };
}

/**
 * Whether `text` is a complete sequence of expressions: false only when more text could complete it (an open
 * parenthesis, string or block comment). Text with any other syntax error counts as complete, so running it
 * reports the error instead of waiting for more input.
 */
export function isComplete(text: string): boolean {
  try {
    readAll(text, "input");
    return true;
  } catch (err) {
    if (err instanceof IncompleteInputError) return false;
    return true;
  }
}
