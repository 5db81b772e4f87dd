// Ports: the console output port (whose sink the engine connects to the kernel's stdout), string output and input
// ports, and the R7RS character I/O procedures over them. `display` and `write` live in output.ts, beside the
// printer they need.
//
// The current ports are module state with exported getters and setters: the engine turns
// `current-output-port` and its siblings into parameter objects over them, so `parameterize` (and the prelude's
// with-output-to-string, built on it) can redirect output.

import { SchemeError, signal, wrongType } from "../errors.js";
import { Reader } from "../reader/index.js";
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
    if (this.buffer.length >= CONSOLE_CHUNK || text.includes("\n")) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
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
  describe(): string {
    return `#<console-port ${this.name}>`;
  }
}

export class StringInputPort extends Opaque {
  /** The offset, in UTF-16 code units, of the next character to read. */
  position = 0;
  private closed = false;

  constructor(readonly text: string) {
    super();
  }

  get isOpen(): boolean {
    return !this.closed;
  }
  close(): void {
    this.closed = true;
  }
  peekCode(): number | undefined {
    return this.text.codePointAt(this.position);
  }
  readCode(): number | undefined {
    const code = this.text.codePointAt(this.position);
    if (code !== undefined) this.position += code > 0xffff ? 2 : 1;
    return code;
  }
  /** Up to k characters (fewer at the end of the text). */
  readCodePoints(k: number): string {
    let end = this.position;
    for (let count = 0; count < k && end < this.text.length; count++) end += this.text.codePointAt(end)! > 0xffff ? 2 : 1;
    const taken = this.text.slice(this.position, end);
    this.position = end;
    return taken;
  }
  /** The next datum written in the rest of the text (the reader's syntax), or undefined at the end. */
  readDatum(): Value | undefined {
    const reader = new Reader(this.text.slice(this.position), "string port");
    const datum = reader.next();
    this.position += datum === undefined ? this.text.length - this.position : reader.offset;
    return datum?.value;
  }
  /** The rest of the current line without its line ending (\n, \r\n or \r), or undefined at the end. */
  readLine(): string | undefined {
    if (this.position >= this.text.length) return undefined;
    const match = /\r\n|\r|\n/g;
    match.lastIndex = this.position;
    const found = match.exec(this.text);
    const end = found === null ? this.text.length : found.index;
    const line = this.text.slice(this.position, end);
    this.position = found === null ? end : end + found[0].length;
    return line;
  }
  describe(): string {
    return "#<input-string-port>";
  }
}

export type Port = OutputPort | StringInputPort;

const discard = (): void => {};
const consoleOutput = new ConsolePort("stdout", discard);
const consoleError = new ConsolePort("stderr", discard);
consoleOutput.other = consoleError;
consoleError.other = consoleOutput;
let currentOutput: OutputPort = consoleOutput;
let currentError: OutputPort = consoleError;
/** There is no console input in a notebook: reading from the default input port gives the end of file. */
let currentInput: StringInputPort = new StringInputPort("");

/** Where console output goes: the engine connects this to the kernel's stdout, and the error port to its stderr
 * (to stdout too when the kernel has no stderr). */
export function setConsoleSink(write: (text: string) => void, writeError: (text: string) => void = write): void {
  consoleOutput.setSink(write);
  consoleError.setSink(writeError);
}

/** Deliver buffered console output now (at the end of every evaluation, before its result or error). */
export function flushConsole(): void {
  consoleOutput.flush();
  consoleError.flush();
}

export const getCurrentOutputPort = (): OutputPort => currentOutput;
export const getCurrentErrorPort = (): OutputPort => currentError;
export const getCurrentInputPort = (): StringInputPort => currentInput;
// The setters check their argument: `parameterize` hands them whatever value the user wrote.
export function setCurrentOutputPort(port: Value): void {
  currentOutput = port instanceof OutputPort ? port : wrongType("current-output-port", "an output port", port);
}
export function setCurrentErrorPort(port: Value): void {
  currentError = port instanceof OutputPort ? port : wrongType("current-error-port", "an output port", port);
}
export function setCurrentInputPort(port: Value): void {
  currentInput = port instanceof StringInputPort ? port : wrongType("current-input-port", "an input port", port);
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

export function inputPortArg(proc: string, port: Value | undefined, argIndex: number): StringInputPort {
  if (port === undefined) return currentInput;
  if (!(port instanceof StringInputPort)) return wrongType(proc, "an input port", port, argIndex);
  if (!port.isOpen) signal(new SchemeError("WrongType", `${proc}: the input port is closed:`, [port], proc));
  return port;
}

// Predicates and the current ports.
definePrimitive("port?", 1, 1, (v: Value) => v instanceof OutputPort || v instanceof StringInputPort);
definePrimitive("input-port?", 1, 1, (v: Value) => v instanceof StringInputPort);
definePrimitive("output-port?", 1, 1, (v: Value) => v instanceof OutputPort);
definePrimitive("textual-port?", 1, 1, (v: Value) => v instanceof OutputPort || v instanceof StringInputPort);
definePrimitive("binary-port?", 1, 1, (_v: Value) => false);
definePrimitive("input-port-open?", 1, 1, (p: Value) =>
  p instanceof StringInputPort ? p.isOpen : wrongType("input-port-open?", "an input port", p, 1),
);
definePrimitive("output-port-open?", 1, 1, (p: Value) =>
  p instanceof OutputPort ? p.isOpen : wrongType("output-port-open?", "an output port", p, 1),
);
definePrimitive("current-output-port", 0, 0, () => currentOutput);
definePrimitive("current-error-port", 0, 0, () => currentError);
definePrimitive("current-input-port", 0, 0, () => currentInput);
definePrimitive("close-port", 1, 1, (p: Value) => {
  if (p instanceof OutputPort || p instanceof StringInputPort) p.close();
  else wrongType("close-port", "a port", p, 1);
  return VOID;
});
definePrimitive("close-output-port", 1, 1, (p: Value) => {
  if (!(p instanceof OutputPort)) return wrongType("close-output-port", "an output port", p, 1);
  p.close();
  return VOID;
});
definePrimitive("close-input-port", 1, 1, (p: Value) => {
  if (!(p instanceof StringInputPort)) return wrongType("close-input-port", "an input port", p, 1);
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
definePrimitive("char-ready?", 0, 1, (port?: Value) => {
  inputPortArg("char-ready?", port, 1);
  return true; // a string port never blocks
});
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
