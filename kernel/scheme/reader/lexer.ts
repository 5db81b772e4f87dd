// The lexer: turns Scheme source text into tokens, each carrying the line and column where it starts.
//
// Atoms (numbers, symbols, booleans, characters, strings) become finished values here; the reader only deals
// with structure (parentheses, vectors, abbreviations, dots, datum comments and labels).

import { SchemeError } from "../errors.js";
import { parseNumber } from "../numbers/parse.js";
import { Char, MString, Sym, type Value } from "../values.js";
import type { Position } from "./source-map.js";

export type Abbreviation = "quote" | "quasiquote" | "unquote" | "unquote-splicing";

export type TokenBody =
  | { readonly kind: "open"; readonly close: ")" | "]" }
  | { readonly kind: "close"; readonly bracket: ")" | "]" }
  /** `#(` or Calysto's `#N(`, whose N must equal the element count. */
  | { readonly kind: "openVector"; readonly length: number | undefined }
  | { readonly kind: "openBytevector" }
  | { readonly kind: "abbreviation"; readonly symbol: Abbreviation }
  | { readonly kind: "dot" }
  | { readonly kind: "datumComment" }
  /** `#N=`: the next datum is labelled N. */
  | { readonly kind: "label"; readonly label: number }
  /** `#N#`: the datum labelled N. */
  | { readonly kind: "labelReference"; readonly label: number }
  | { readonly kind: "atom"; readonly value: Value }
  | { readonly kind: "end" };

export type Token = TokenBody & { readonly start: Position };

/** A syntax error caused only by the text ending too early: more input could make it complete. */
export class IncompleteInputError extends SchemeError {
  constructor(message: string) {
    super("SyntaxError", message);
  }
}

const CHARACTER_NAMES: ReadonlyMap<string, number> = new Map([
  ["alarm", 7],
  ["backspace", 8],
  ["delete", 127],
  ["escape", 27],
  ["newline", 10],
  ["null", 0],
  ["return", 13],
  ["space", 32],
  ["tab", 9],
  // Older names many programs still use.
  ["nul", 0],
  ["linefeed", 10],
  ["page", 12],
  ["altmode", 27],
  ["rubout", 127],
]);

const STRING_ESCAPES: ReadonlyMap<string, string> = new Map([
  ["a", "\x07"],
  ["b", "\b"],
  ["t", "\t"],
  ["n", "\n"],
  ["r", "\r"],
  ['"', '"'],
  ["\\", "\\"],
  ["|", "|"],
  ["f", "\f"], // not R7RS, but Calysto's reader has it
]);

function isWhitespace(c: string | undefined): boolean {
  return c === " " || c === "\n" || c === "\t" || c === "\r" || c === "\f" || c === "\v";
}

function isDelimiter(c: string | undefined): boolean {
  return (
    c === undefined ||
    isWhitespace(c) ||
    c === "(" ||
    c === ")" ||
    c === "[" ||
    c === "]" ||
    c === '"' ||
    c === ";" ||
    c === "|"
  );
}

/** A rational with a zero denominator: number syntax with no number, so an error rather than a symbol. */
const ZERO_DENOMINATOR = /^[+-]?\d+\/0+$/;

export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  /** Set by the #!fold-case directive (R7RS 2.1): symbols and character names are then case-folded. */
  private foldCase = false;

  constructor(
    private readonly text: string,
    private readonly origin: string,
  ) {
    // A script's "#!/usr/bin/env parabook" line is not Scheme.
    if (text.startsWith("#!/") || text.startsWith("#! ")) this.skipLine();
  }

  /** A SyntaxError located at `at` (the current position by default). */
  error(message: string, at: Position = this.here(), incomplete = false): SchemeError {
    const err = incomplete ? new IncompleteInputError(message) : new SchemeError("SyntaxError", message);
    err.location = { origin: this.origin, line: at.line, column: at.column };
    return err;
  }

  /** How far the lexer has read, in UTF-16 code units from the start of the text. */
  get offset(): number {
    return this.pos;
  }

  here(): Position {
    return { line: this.line, column: this.pos - this.lineStart + 1 };
  }

  next(): Token {
    this.skipAtmosphere();
    const start = this.here();
    const c = this.text[this.pos];
    if (c === undefined) return { start, kind: "end" };
    return this.readToken(c, start);
  }

  private readToken(c: string, start: Position): Token {
    switch (c) {
      case "(":
        this.advance();
        return { start, kind: "open", close: ")" };
      case "[":
        this.advance();
        return { start, kind: "open", close: "]" };
      case ")":
      case "]":
        this.advance();
        return { start, kind: "close", bracket: c };
      case "'":
        this.advance();
        return { start, kind: "abbreviation", symbol: "quote" };
      case "`":
        this.advance();
        return { start, kind: "abbreviation", symbol: "quasiquote" };
      case ",":
        this.advance();
        if (this.text[this.pos] === "@") {
          this.advance();
          return { start, kind: "abbreviation", symbol: "unquote-splicing" };
        }
        return { start, kind: "abbreviation", symbol: "unquote" };
      case '"':
        return { start, kind: "atom", value: new MString(this.readDelimited('"', start, "string")) };
      case "|":
        return { start, kind: "atom", value: Sym.intern(this.readDelimited("|", start, "symbol")) };
      case "#":
        return this.readHashSyntax(start);
      default:
        return this.readAtom(start);
    }
  }

  private advance(): void {
    if (this.text[this.pos] === "\n") {
      this.line++;
      this.lineStart = this.pos + 1;
    }
    this.pos++;
  }

  private skipLine(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos++;
  }

  /** Whitespace, `;` comments, `#| |#` block comments (nested) and #!fold-case directives. */
  private skipAtmosphere(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (isWhitespace(c)) this.advance();
      else if (c === ";") this.skipLine();
      else if (c === "#" && this.text[this.pos + 1] === "|") this.skipBlockComment();
      else if (c === "#" && this.text[this.pos + 1] === "!") this.readDirective();
      else return;
    }
  }

  private skipBlockComment(): void {
    const start = this.here();
    this.advance();
    this.advance();
    let depth = 1;
    while (depth > 0) {
      const c = this.text[this.pos];
      if (c === undefined) {
        throw this.error(`unterminated block comment starting at line ${start.line}, column ${start.column}`, start, true);
      }
      if (c === "|" && this.text[this.pos + 1] === "#") {
        depth--;
        this.advance();
      } else if (c === "#" && this.text[this.pos + 1] === "|") {
        depth++;
        this.advance();
      }
      this.advance();
    }
  }

  private readDirective(): void {
    const start = this.here();
    const name = this.takeUntilDelimiter().slice(2);
    if (name === "fold-case") this.foldCase = true;
    else if (name === "no-fold-case") this.foldCase = false;
    else throw this.error(`#!${name} is not a directive (only #!fold-case and #!no-fold-case are)`, start);
  }

  private takeUntilDelimiter(): string {
    const from = this.pos;
    while (!isDelimiter(this.text[this.pos])) this.advance();
    return this.text.slice(from, this.pos);
  }

  /** The body of a string or |symbol|, with R7RS escapes; the cursor is on the opening quote. */
  private readDelimited(quote: '"' | "|", start: Position, what: "string" | "symbol"): string {
    this.advance();
    let out = "";
    let chunkStart = this.pos;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) {
        throw this.error(`unterminated ${what} starting at line ${start.line}, column ${start.column}`, start, true);
      }
      if (c === quote) {
        out += this.text.slice(chunkStart, this.pos);
        this.advance();
        return out;
      }
      if (c === "\\") {
        out += this.text.slice(chunkStart, this.pos);
        out += this.readEscape(start, what);
        chunkStart = this.pos;
      } else {
        this.advance();
      }
    }
  }

  private readEscape(start: Position, what: string): string {
    const escapeAt = this.here();
    this.advance();
    const c = this.text[this.pos];
    if (c === undefined) {
      throw this.error(`unterminated ${what} starting at line ${start.line}, column ${start.column}`, start, true);
    }
    const simple = STRING_ESCAPES.get(c);
    if (simple !== undefined) {
      this.advance();
      return simple;
    }
    if (c === "x" || c === "X") {
      this.advance();
      const from = this.pos;
      while (/[0-9a-fA-F]/.test(this.text[this.pos] ?? "")) this.advance();
      const hex = this.text.slice(from, this.pos);
      if (hex.length === 0 || this.text[this.pos] !== ";") {
        throw this.error(`\\x escape needs hex digits and a closing ';' (as in \\x41;)`, escapeAt);
      }
      this.advance();
      return String.fromCodePoint(this.scalarValue(parseInt(hex, 16), `\\x${hex};`, escapeAt));
    }
    if (what === "string" && (c === " " || c === "\t" || c === "\n" || c === "\r")) {
      // A line continuation: \ <intraline whitespace>* <newline> <intraline whitespace>*
      while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.advance();
      if (this.text[this.pos] === "\r") this.advance();
      if (this.text[this.pos] !== "\n") {
        throw this.error("a backslash followed by spaces must end the line (a line continuation)", escapeAt);
      }
      this.advance();
      while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.advance();
      return "";
    }
    throw this.error(`unknown escape \\${c} in ${what}`, escapeAt);
  }

  private scalarValue(code: number, written: string, at: Position): number {
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw this.error(`${written} is not a Unicode scalar value`, at);
    }
    return code;
  }

  private readHashSyntax(start: Position): Token {
    const next = this.text[this.pos + 1];
    if (next === "(") {
      this.advance();
      this.advance();
      return { start, kind: "openVector", length: undefined };
    }
    if (next === ";") {
      this.advance();
      this.advance();
      return { start, kind: "datumComment" };
    }
    if (next === "\\") return { start, kind: "atom", value: this.readCharacter(start) };
    if (next !== undefined && next >= "0" && next <= "9") return this.readNumberedHashSyntax(start);
    if ((next === "u" || next === "U") && this.text[this.pos + 2] === "8" && this.text[this.pos + 3] === "(") {
      for (let i = 0; i < 4; i++) this.advance();
      return { start, kind: "openBytevector" };
    }
    const text = this.takeUntilDelimiter();
    const lower = text.toLowerCase();
    if (lower === "#t" || lower === "#true") return { start, kind: "atom", value: true };
    if (lower === "#f" || lower === "#false") return { start, kind: "atom", value: false };
    const n = parseNumber(text);
    if (n !== null) return { start, kind: "atom", value: n };
    if (text === "#") throw this.error("a lone '#' is not valid syntax", start);
    throw this.error(`${text} is not valid syntax`, start);
  }

  /** `#3(` (a Calysto vector of length 3), `#0=` (a datum label) or `#0#` (a reference to one). */
  private readNumberedHashSyntax(start: Position): Token {
    this.advance();
    const from = this.pos;
    while (/[0-9]/.test(this.text[this.pos] ?? "")) this.advance();
    const n = Number(this.text.slice(from, this.pos));
    const after = this.text[this.pos];
    this.advance();
    if (after === "(") return { start, kind: "openVector", length: n };
    if (after === "=") return { start, kind: "label", label: n };
    if (after === "#") return { start, kind: "labelReference", label: n };
    throw this.error(`#${n} must be followed by '(' (a vector), '=' or '#' (a datum label)`, start, after === undefined);
  }

  private readCharacter(start: Position): Char {
    this.advance();
    this.advance();
    const first = this.text.codePointAt(this.pos);
    if (first === undefined) throw this.error("#\\ must be followed by a character", start, true);
    const firstChar = String.fromCodePoint(first);
    for (let i = 0; i < firstChar.length; i++) this.advance();
    if (isDelimiter(this.text[this.pos])) return Char.of(first);
    const written = firstChar + this.takeUntilDelimiter();
    const name = this.foldCase ? written.toLowerCase() : written;
    const named = CHARACTER_NAMES.get(name);
    if (named !== undefined) return Char.of(named);
    if ((name[0] === "x" || name[0] === "X") && /^[0-9a-fA-F]+$/.test(name.slice(1))) {
      return Char.of(this.scalarValue(parseInt(name.slice(1), 16), `#\\${written}`, start));
    }
    throw this.error(`#\\${written} is not a character name`, start);
  }

  private readAtom(start: Position): Token {
    const text = this.takeUntilDelimiter();
    if (text === ".") return { start, kind: "dot" };
    const n = parseNumber(text);
    if (n !== null) return { start, kind: "atom", value: n };
    if (ZERO_DENOMINATOR.test(text)) throw this.error(`${text} is not a valid number: its denominator is zero`, start);
    // Anything else is a symbol, even when it starts like a number (1+, 2x): Calysto's reader reads those as
    // identifiers, and `write` puts bars around them so they read back the same.
    return { start, kind: "atom", value: Sym.intern(this.foldCase ? text.toLowerCase() : text) };
  }
}
