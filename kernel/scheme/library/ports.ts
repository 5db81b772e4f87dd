// Ports: the console output port (whose sink the engine connects to the kernel's stdout), string output and input
// ports, and the R7RS character I/O procedures over them. `display` and `write` live in output.ts, beside the
// printer they need.
//
// The current ports are module state with exported getters and setters: the engine turns
// `current-output-port` and its siblings into parameter objects over them, so `parameterize` (and the prelude's
// with-output-to-string, built on it) can redirect output.

import type { InputOutcome, InputRequest } from "../../language/language.js";
import { SchemeError, signal, wrongType } from "../errors.js";
import { IncompleteInputError, Reader } from "../reader/index.js";
import { stopForInterrupt } from "../runtime/interrupt.js";
import { Char, EOF, MString, Opaque, VOID, type Value } from "../values.js";
import { checkChar, checkLength, checkSpan, checkString } from "./checks.js";
import { definePrimitive } from "../runtime/registry.js";
import { checkStringFits, codePointLength, sliceCodePoints } from "./text.js";

export abstract class OutputPort extends Opaque {
  private closed = false;

  /** Adds text to the port; callers check isOpen first (see checkOpenOutput). */
  abstract write(text: string): void;
  /** Delivers anything buffered. */
  flush(): void {}

  get isOpen(): boolean {
    return !this.closed;
  }
  close(): void {
    this.flush();
    this.closed = true;
  }
}

/** A string port's pieces are kept apart and joined once, so writing 10^5 small pieces stays linear. */
export class StringOutputPort extends OutputPort {
  private pieces: string[] = [];

  private length = 0;

  write(text: string): void {
    this.length += text.length;
    checkStringFits("write", this.length); // a port holding more than a string can could never be read back
    this.pieces.push(text);
  }
  contents(): string {
    const text = this.pieces.join("");
    this.pieces = [text];
    return text;
  }
  describe(): string {
    return "#<output-string-port>";
  }
}

/** Bigger writes than this go to the sink without waiting for a newline. */
const CONSOLE_CHUNK = 4096;

/**
 * What `display` writes to at the notebook. Line-buffered: the sink receives whole lines (or 4 KB chunks), never
 * one call per character, which matters for programs that print a picture one character at a time. Whatever is
 * left unflushed when the evaluation returns to the event loop is delivered by a microtask, but the engine should
 * call flushConsole() when a cell finishes or fails, so output always precedes its result or error.
 */
export class ConsolePort extends OutputPort {
  private buffer = "";
  private flushScheduled = false;

  /** The other console port: its buffered text goes first, so stdout and stderr keep the order they were written in. */
  other: ConsolePort | undefined;

  constructor(
    private readonly name: string,
    private sink: (text: string) => void,
  ) {
    super();
  }

  setSink(sink: (text: string) => void): void {
    this.flush();
    this.sink = sink;
  }
  write(text: string): void {
    this.other?.flush();
    this.buffer += text;
    if (this.buffer.length >= CONSOLE_CHUNK) this.flush();
    else if (text.includes("\n")) this.flushLines();
    if (this.buffer !== "" && !this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }
  /** Delivers the complete lines; an unfinished one waits (it may be the prompt of a read: takeUnfinishedLine). */
  private flushLines(): void {
    const cut = this.buffer.lastIndexOf("\n") + 1;
    const lines = this.buffer.slice(0, cut);
    this.buffer = this.buffer.slice(cut);
    this.sink(lines);
  }
  override flush(): void {
    this.flushScheduled = false;
    if (this.buffer === "") return;
    const text = this.buffer;
    this.buffer = "";
    this.sink(text);
  }
  override close(): void {
    this.flush(); // the console stays open: closing it would silence the kernel for good
  }
  /**
   * Delivers the complete lines buffered and takes the unfinished one out: a program that asks for input right
   * after writing "Name: " meant it as the prompt, which the front end shows beside the answer.
   */
  takeUnfinishedLine(): string {
    const cut = this.buffer.lastIndexOf("\n") + 1;
    const unfinished = this.buffer.slice(cut);
    this.buffer = this.buffer.slice(0, cut);
    this.flush();
    return unfinished;
  }
  describe(): string {
    return `#<console-port ${this.name}>`;
  }
}

/** What the input procedures (read-char, read-line, read…) need of a port. */
export abstract class InputPort extends Opaque {
  private closed = false;

  get isOpen(): boolean {
    return !this.closed;
  }
  close(): void {
    this.closed = true;
  }
  abstract peekCode(): number | undefined;
  abstract readCode(): number | undefined;
  /** Up to k characters (fewer at the end of the input). */
  abstract readCodePoints(k: number): string;
  /** The next datum (the reader's syntax), or undefined at the end. */
  abstract readDatum(): Value | undefined;
  /** The rest of the current line without its line ending (\n, \r\n or \r), or undefined at the end. */
  abstract readLine(): string | undefined;
  /** Whether a character can be read without waiting (char-ready?). */
  abstract charReady(): boolean;
}

/** Text and a position in it: the reading itself, for string ports and the console's buffered answers. */
class TextCursor {
  /** The offset, in UTF-16 code units, of the next character to read. */
  position = 0;

  constructor(public text: string) {}

  get atEnd(): boolean {
    return this.position >= this.text.length;
  }
  peekCode(): number | undefined {
    return this.text.codePointAt(this.position);
  }
  readCode(): number | undefined {
    const code = this.text.codePointAt(this.position);
    if (code !== undefined) this.position += code > 0xffff ? 2 : 1;
    return code;
  }
  readCodePoints(k: number): string {
    let end = this.position;
    for (let count = 0; count < k && end < this.text.length; count++) end += this.text.codePointAt(end)! > 0xffff ? 2 : 1;
    const taken = this.text.slice(this.position, end);
    this.position = end;
    return taken;
  }
  readDatum(origin: string): Value | undefined {
    const reader = new Reader(this.text.slice(this.position), origin);
    const datum = reader.next();
    this.position += datum === undefined ? this.text.length - this.position : reader.offset;
    return datum?.value;
  }
  readLine(): string | undefined {
    if (this.atEnd) return undefined;
    const match = /\r\n|\r|\n/g;
    match.lastIndex = this.position;
    const found = match.exec(this.text);
    const end = found === null ? this.text.length : found.index;
    const line = this.text.slice(this.position, end);
    this.position = found === null ? end : end + found[0].length;
    return line;
  }
}

export class StringInputPort extends InputPort {
  private readonly cursor: TextCursor;

  constructor(readonly text: string) {
    super();
    this.cursor = new TextCursor(text);
  }

  peekCode(): number | undefined {
    return this.cursor.peekCode();
  }
  readCode(): number | undefined {
    return this.cursor.readCode();
  }
  readCodePoints(k: number): string {
    return this.cursor.readCodePoints(k);
  }
  readDatum(): Value | undefined {
    return this.cursor.readDatum("string port");
  }
  readLine(): string | undefined {
    return this.cursor.readLine();
  }
  charReady(): boolean {
    return true; // a string port never blocks
  }
  describe(): string {
    return "#<input-string-port>";
  }
}

/** Asks the person at the front end for a line (EvaluatorIO.readInput). */
export type ConsoleSource = (request: InputRequest) => InputOutcome;

const NO_FRONT_END: ConsoleSource = () => ({ kind: "unavailable", reason: "this evaluator has no front end to ask" });

/**
 * The console's input: what the person at the front end types, one line per question, as a terminal gives a
 * program its input and as Python's input() asks Jupyter's front end. A read that finds nothing buffered asks for
 * a line (prompted with the console's unfinished line of output, as a terminal shows it) and waits; the answer is
 * buffered with its newline, so read-char and peek-char see it character by character. char-ready? never asks: it
 * exists to tell whether a read would wait.
 *
 * What a cell's reads leave unread is dropped when the cell ends (forgetUnread): an answer belongs to the cell
 * that asked for it. After `read` takes a datum, the rest of its line is dropped when it is blank, so a `read-line`
 * that follows asks anew instead of returning the empty rest of the line before.
 */
export class ConsoleInputPort extends InputPort {
  private buffered = new TextCursor("");

  constructor(private source: ConsoleSource) {
    super();
  }

  setSource(source: ConsoleSource): void {
    this.source = source;
  }
  forgetUnread(): void {
    this.buffered = new TextCursor("");
  }
  override close(): void {
    // The console stays open, as the console output does: closing it would leave every later cell without input.
  }
  peekCode(): number | undefined {
    return this.ready() ? this.buffered.peekCode() : undefined;
  }
  readCode(): number | undefined {
    return this.ready() ? this.buffered.readCode() : undefined;
  }
  readCodePoints(k: number): string {
    let taken = "";
    while (codePointLength(taken) < k && this.ready()) taken += this.buffered.readCodePoints(k - codePointLength(taken));
    return taken;
  }
  readLine(): string | undefined {
    return this.ready() ? this.buffered.readLine() : undefined;
  }
  readDatum(): Value | undefined {
    for (;;) {
      const rest = this.buffered.text.slice(this.buffered.position);
      const reader = new Reader(rest, CONSOLE_ORIGIN);
      let datum;
      try {
        datum = reader.next();
      } catch (err) {
        // A datum that goes on past the answers so far (an open parenthesis or string) takes the next line too.
        if (err instanceof IncompleteInputError && this.askMore()) continue;
        this.forgetUnread(); // the next read must not stumble on the same text again
        throw err;
      }
      if (datum === undefined) {
        if (this.askMore()) continue;
        this.forgetUnread();
        return undefined;
      }
      this.buffered = new TextCursor(rest);
      this.buffered.position = reader.offset;
      this.dropBlankRestOfLine();
      return datum.value;
    }
  }
  charReady(): boolean {
    return !this.buffered.atEnd;
  }
  describe(): string {
    return "#<console-input-port>";
  }

  /** Whether a character is there to read, asking for a line if none is buffered; false at the end of input. */
  private ready(): boolean {
    return !this.buffered.atEnd || this.askMore();
  }

  /** Asks for a line and adds it (with its newline) to what is unread; false when the input has ended. */
  private askMore(): boolean {
    const prompt = consoleOutput.takeUnfinishedLine();
    const outcome = this.source({ prompt, password: false });
    switch (outcome.kind) {
      case "line":
        this.buffered = new TextCursor(this.buffered.text.slice(this.buffered.position) + outcome.line + "\n");
        return true;
      case "end":
        return false;
      // The front end showed the prompt only with a question that is now gone: it is output again, not lost.
      case "unavailable":
        consoleOutput.write(prompt);
        return signal(new SchemeError("NoInput", `no input is available here: ${outcome.reason}`));
      case "interrupted":
        consoleOutput.write(prompt);
        return stopForInterrupt();
    }
  }

  private dropBlankRestOfLine(): void {
    const { text, position } = this.buffered;
    const newline = text.indexOf("\n", position);
    if (newline >= 0 && text.slice(position, newline).trim() === "") this.buffered.position = newline + 1;
  }
}

const CONSOLE_ORIGIN = "console input";

export type Port = OutputPort | InputPort;

const discard = (): void => {};
const consoleOutput = new ConsolePort("stdout", discard);
const consoleError = new ConsolePort("stderr", discard);
consoleOutput.other = consoleError;
consoleError.other = consoleOutput;
let currentOutput: OutputPort = consoleOutput;
let currentError: OutputPort = consoleError;
const consoleInput = new ConsoleInputPort(NO_FRONT_END);
let currentInput: InputPort = consoleInput;

/** Where console output goes: the engine connects this to the kernel's stdout, and the error port to its stderr
 * (to stdout too when the kernel has no stderr). */
export function setConsoleSink(write: (text: string) => void, writeError: (text: string) => void = write): void {
  consoleOutput.setSink(write);
  consoleError.setSink(writeError);
}

/** Where console input comes from: the engine connects this to the kernel's readInput (none: nobody to ask). */
export function setConsoleSource(source: ConsoleSource | undefined): void {
  consoleInput.setSource(source ?? NO_FRONT_END);
}

/** At the end of every evaluation: what the front end answered and the evaluation did not read is dropped. */
export function forgetUnreadConsoleInput(): void {
  consoleInput.forgetUnread();
}

/** Deliver buffered console output now (at the end of every evaluation, before its result or error). */
export function flushConsole(): void {
  consoleOutput.flush();
  consoleError.flush();
}

export const getCurrentOutputPort = (): OutputPort => currentOutput;
export const getCurrentErrorPort = (): OutputPort => currentError;
export const getCurrentInputPort = (): InputPort => currentInput;
// The setters check their argument: `parameterize` hands them whatever value the user wrote.
export function setCurrentOutputPort(port: Value): void {
  currentOutput = port instanceof OutputPort ? port : wrongType("current-output-port", "an output port", port);
}
export function setCurrentErrorPort(port: Value): void {
  currentError = port instanceof OutputPort ? port : wrongType("current-error-port", "an output port", port);
}
export function setCurrentInputPort(port: Value): void {
  currentInput = port instanceof InputPort ? port : wrongType("current-input-port", "an input port", port);
}

/** Runs `body` with `port` as the current output port, restoring the previous one however body exits. */
export function withOutputPort<T>(port: OutputPort, body: () => T): T {
  const outer = currentOutput;
  currentOutput = port;
  try {
    return body();
  } finally {
    currentOutput = outer;
  }
}

/** The output port argument at argIndex, or the current output port when it is omitted. */
export function outputPortArg(proc: string, port: Value | undefined, argIndex: number): OutputPort {
  if (port === undefined) return currentOutput;
  if (!(port instanceof OutputPort)) return wrongType(proc, "an output port", port, argIndex);
  if (!port.isOpen) signal(new SchemeError("WrongType", `${proc}: the output port is closed:`, [port], proc));
  return port;
}

export function inputPortArg(proc: string, port: Value | undefined, argIndex: number): InputPort {
  if (port === undefined) return currentInput;
  if (!(port instanceof InputPort)) return wrongType(proc, "an input port", port, argIndex);
  if (!port.isOpen) signal(new SchemeError("WrongType", `${proc}: the input port is closed:`, [port], proc));
  return port;
}

// Predicates and the current ports.
definePrimitive("port?", 1, 1, (v: Value) => v instanceof OutputPort || v instanceof InputPort);
definePrimitive("input-port?", 1, 1, (v: Value) => v instanceof InputPort);
definePrimitive("output-port?", 1, 1, (v: Value) => v instanceof OutputPort);
definePrimitive("textual-port?", 1, 1, (v: Value) => v instanceof OutputPort || v instanceof InputPort);
definePrimitive("binary-port?", 1, 1, (_v: Value) => false);
definePrimitive("input-port-open?", 1, 1, (p: Value) =>
  p instanceof InputPort ? p.isOpen : wrongType("input-port-open?", "an input port", p, 1),
);
definePrimitive("output-port-open?", 1, 1, (p: Value) =>
  p instanceof OutputPort ? p.isOpen : wrongType("output-port-open?", "an output port", p, 1),
);
definePrimitive("current-output-port", 0, 0, () => currentOutput);
definePrimitive("current-error-port", 0, 0, () => currentError);
definePrimitive("current-input-port", 0, 0, () => currentInput);
definePrimitive("close-port", 1, 1, (p: Value) => {
  if (p instanceof OutputPort || p instanceof InputPort) p.close();
  else wrongType("close-port", "a port", p, 1);
  return VOID;
});
definePrimitive("close-output-port", 1, 1, (p: Value) => {
  if (!(p instanceof OutputPort)) return wrongType("close-output-port", "an output port", p, 1);
  p.close();
  return VOID;
});
definePrimitive("close-input-port", 1, 1, (p: Value) => {
  if (!(p instanceof InputPort)) return wrongType("close-input-port", "an input port", p, 1);
  p.close();
  return VOID;
});

// String ports.
definePrimitive("open-output-string", 0, 0, () => new StringOutputPort());
definePrimitive("get-output-string", 1, 1, (p: Value) =>
  p instanceof StringOutputPort ? new MString(p.contents()) : wrongType("get-output-string", "a string output port", p, 1),
);
definePrimitive("open-input-string", 1, 1, (s: Value) => new StringInputPort(checkString("open-input-string", s, 1).value));

// Output.
definePrimitive("write-string", 1, 4, (s: Value, port?: Value, start?: Value, end?: Value) => {
  const str = checkString("write-string", s, 1).value;
  const out = outputPortArg("write-string", port, 2);
  if (start === undefined) out.write(str);
  else {
    const [from, to] = checkSpan("write-string", s, codePointLength(str), start, end, 3);
    out.write(sliceCodePoints(str, from, to));
  }
  return VOID;
});
definePrimitive("write-char", 1, 2, (c: Value, port?: Value) => {
  const code = checkChar("write-char", c, 1).code;
  outputPortArg("write-char", port, 2).write(String.fromCodePoint(code));
  return VOID;
});
definePrimitive("newline", 0, 1, (port?: Value) => {
  outputPortArg("newline", port, 1).write("\n");
  return VOID;
});
definePrimitive("flush-output-port", 0, 1, (port?: Value) => {
  outputPortArg("flush-output-port", port, 1).flush();
  return VOID;
});

// Input.
const charOrEof = (code: number | undefined): Value => (code === undefined ? EOF : Char.of(code));
definePrimitive("read-char", 0, 1, (port?: Value) => charOrEof(inputPortArg("read-char", port, 1).readCode()));
definePrimitive("peek-char", 0, 1, (port?: Value) => charOrEof(inputPortArg("peek-char", port, 1).peekCode()));
definePrimitive("char-ready?", 0, 1, (port?: Value) => inputPortArg("char-ready?", port, 1).charReady());
definePrimitive("read-line", 0, 1, (port?: Value) => {
  const line = inputPortArg("read-line", port, 1).readLine();
  return line === undefined ? EOF : new MString(line);
});
definePrimitive("read-string", 1, 2, (k: Value, port?: Value) => {
  const n = checkLength("read-string", k, Number.MAX_SAFE_INTEGER, 1);
  const input = inputPortArg("read-string", port, 2);
  if (n === 0) return new MString("");
  const text = input.readCodePoints(n);
  return text === "" ? EOF : new MString(text);
});
definePrimitive("read", 0, 1, (port?: Value) => inputPortArg("read", port, 1).readDatum() ?? EOF);
definePrimitive("eof-object", 0, 0, () => EOF);
definePrimitive("eof-object?", 1, 1, (v: Value) => v === EOF);
