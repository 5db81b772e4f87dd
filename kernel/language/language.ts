// What a language is: the one seam between a language (kernel/scheme/) and everything that runs it
// (kernel/cluster/, kernel/session/, kernel/cli/). Which languages there are is the list in languages.ts.
//
// A kernel process hosts one Evaluator on a worker thread with a large stack. The Session never sees language
// values directly except through the language's codec and printer, so magics stay language-neutral.

import type { WireValue } from "./wire-value.js";

/** Where a piece of code came from, for error messages: "cell 3", "seed.ipynb, cell 12", "fib.scm". */
export interface SourceOrigin {
  readonly name: string;
  /** Added to reported line numbers (e.g. the cell's code starts after two magic lines). 0 when absent. */
  readonly lineOffset?: number;
}

/** A failure of user code, as a notebook shows it (Jupyter's error output fields). */
export interface ErrorReport {
  /** The error kind, e.g. "ValueError", "UnboundVariable", "WrongArity", "Interrupted". */
  readonly ename: string;
  /** One-line message naming the offending value and the procedure. */
  readonly evalue: string;
  /** Lines to show: the message with its location first, then a short backtrace of procedure names. */
  readonly traceback: readonly string[];
  readonly location?: { readonly origin: string; readonly line: number; readonly column: number };
}

/** Marks every LanguageError, from whichever copy of this module made it (see hasInstance below). */
const LANGUAGE_ERROR = Symbol.for("parabook.LanguageError");

/** Thrown by Evaluator methods when user code fails; carries the report, never a half-updated state. */
export class LanguageError extends Error {
  readonly [LANGUAGE_ERROR] = true;

  constructor(readonly report: ErrorReport) {
    super(`${report.ename}: ${report.evalue}`);
    this.name = "LanguageError";
  }

  /**
   * A kernel loads its language as one bundled file (language-bundle.ts), which carries its own copy of
   * this class; `instanceof` must still recognise the errors that copy throws.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [LANGUAGE_ERROR]?: unknown })[LANGUAGE_ERROR] === true;
  }
}

export interface EvaluatorIO {
  /** Text the program writes (display, write, newline, printf…). Called often; the host batches it. */
  stdout(text: string): void;
  /** Text the program writes to its error port ((current-error-port)); without it, that goes to stdout too. */
  stderr?(text: string): void;
  /**
   * A shared flag the evaluator polls (index 0). The kernel process's main thread sets it to 1 to interrupt;
   * the evaluator then throws a LanguageError with ename "Interrupted" and clears the flag.
   */
  readonly interruptFlag: Int32Array;
  /**
   * Ask the person at the front end for one line, as Python's input() does, and wait for it: the evaluation
   * blocks here. Everything written to stdout before it has reached the host first. Without it, the program's
   * console has no input (InputOutcome "unavailable").
   */
  readInput?(request: InputRequest): InputOutcome;
}

/** What a program asks of the person at the front end: one line. */
export interface InputRequest {
  /** Shown in front of the answer ("Name: "); may be "". */
  readonly prompt: string;
  /** The answer is a secret: the front end does not show it or keep it. */
  readonly password: boolean;
}

/**
 * How the front end answered an input request: a line (without its line ending), the end of its input (a pipe or
 * file that ran out, as Ctrl-D at a terminal), or why it cannot answer at all (a headless run, a node).
 */
export type InputAnswer =
  | { readonly kind: "line"; readonly line: string }
  | { readonly kind: "end" }
  | { readonly kind: "unavailable"; readonly reason: string };

/** How a wait for input ended: the front end's answer, or an interrupt, after which the evaluator stops as at a poll. */
export type InputOutcome = InputAnswer | { readonly kind: "interrupted" };

export interface Completion {
  readonly matches: readonly string[];
  /** The range of `code` the matches replace. */
  readonly start: number;
  readonly end: number;
}

/** Whether code is ready to run as it stands (Jupyter's is_complete: a console runs it on Enter, or waits). */
export type Completeness =
  /** More text could complete it (an open parenthesis, string or comment); `indent` starts the next line. */
  | { readonly status: "incomplete"; readonly indent: string }
  /** Ready: it reads as whole expressions. */
  | { readonly status: "complete" }
  /** No text added after it can make it read (a stray closing parenthesis): running it reports the error. */
  | { readonly status: "invalid" };

/** What the language can say about the name at a cursor (Jupyter's inspect): plain text, a few lines. */
export interface Inspection {
  readonly name: string;
  readonly text: string;
}

/** One language instance: a global environment plus the means to run code in it. Synchronous by design. */
export interface Evaluator<V> {
  /** Read and run every form of `code` in order; returns the value of the last form (void when none). */
  execute(code: string, origin: SourceOrigin): V;
  setVariable(name: string, value: V): void;
  /** Throws LanguageError (ename "UnboundVariable") when unbound. */
  getVariable(name: string): V;
  complete(code: string, cursor: number): Completion;
  isComplete(code: string): Completeness;
  /** What the name at `cursor` is (a built-in and how it is called, a definition, syntax), or null: not known. */
  inspect(code: string, cursor: number): Inspection | null;
}

// ----- as a kernel process runs it ---------------------------------------------------------------------------
// Beyond the Evaluator: how the language's values cross processes (a codec to WireValues), how the notebook shows
// them, and how to call one of its procedures. A kernel process imports the module named on its command line
// (a KernelSpec's `module`, languages.ts) and uses its exported `language`.

export interface KernelLanguage<V> {
  createEvaluator(io: EvaluatorIO): Evaluator<V>;
  toWire(value: V): WireValue;
  fromWire(wire: WireValue): V;
  /** The text the notebook shows for a value (Jupyter's text/plain), or null when it shows nothing (void). */
  notebookRepr(value: V): string | null;
  /**
   * Call the procedure `procedure` names (as the user wrote it: a variable, or an expression of the language)
   * with the arguments, through the evaluator so errors and interrupts behave as in any cell; throws LanguageError.
   */
  callProcedure(evaluator: Evaluator<V>, procedure: string, args: readonly V[]): V;
  /**
   * A small program typical of a first cell, run once at build time before V8's code cache is saved
   * (prepare-kernels.ts), so that the cache holds the code a kernel's first cell needs; it must print nothing.
   */
  readonly warmUp?: string;
}

/** The shape of a language module: `export const language: KernelLanguage<...>`. */
export interface KernelLanguageModule {
  readonly language: KernelLanguage<unknown>;
}
