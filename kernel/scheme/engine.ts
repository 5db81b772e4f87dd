// The Scheme evaluator behind the Evaluator seam (kernel/language/language.ts): each top-level form goes through the compile
// pipeline (pipeline.ts) and runs, one at a time, so a failing form leaves the global environment as the forms
// before it made it.

import {
  LanguageError,
  type Completeness,
  type Completion,
  type ErrorReport,
  type Evaluator,
  type EvaluatorIO,
  type Inspection,
  type SourceOrigin,
} from "../language/language.js";
import { arityText, nameAt, schemeCompleteness } from "./inspection.js";
import { schemeFrames } from "./compiler/link.js";
import type { Position } from "./compiler/ast.js";
import { UNBOUND } from "./runtime/globals.js";
import { formatSchemeError, SchemeError } from "./errors.js";
import { installSpecialForms } from "./expander/expand.js";
import type { DatumShape } from "./expander/shape.js";
import { GlobalEnvironment } from "./expander/scope.js";
import { demangle } from "./names.js";
import { writeStringAtMost } from "./printer.js";
import { compileForm, read } from "./pipeline.js";
import { EnvironmentHandle, setCurrentEnvironment } from "./library/eval.js";
import { recursionTooDeep } from "./library/exceptions.js";
import { registerParameter } from "./library/parameters.js";
import { watchInterruptFlag } from "./runtime/interrupt.js";
import { Capture, ContinuationBase, Reentry, resetWinders, settle, settleInPrimitive } from "./runtime/continuations.js";
import {
  flushConsole,
  forgetUnreadConsoleInput,
  getCurrentErrorPort,
  getCurrentInputPort,
  getCurrentOutputPort,
  setConsoleSink,
  setConsoleSource,
  setCurrentErrorPort,
  setCurrentInputPort,
  setCurrentOutputPort,
} from "./library/ports.js";
import { allPrimitives, primitive } from "./runtime/registry.js";
import { prelude } from "./library/prelude.js";
import { rv } from "./runtime/trampoline.js";
import { Pair, VOID, type Value } from "./values.js";
import "./library/index.js";

// The current ports are parameter objects, so `parameterize` can redirect output.
registerParameter(primitive("current-output-port")!.procedure, getCurrentOutputPort, (p) => setCurrentOutputPort(p as never));
registerParameter(primitive("current-error-port")!.procedure, getCurrentErrorPort, (p) => setCurrentErrorPort(p as never));
registerParameter(primitive("current-input-port")!.procedure, getCurrentInputPort, (p) => setCurrentInputPort(p as never));

const PRELUDE_ORIGIN = "prelude";

/** Enough frames for a readable backtrace of a deep recursion, not so many that raising errors gets slow. */
const STACK_FRAMES = 64;
/** How much of an irritant an error message shows: enough to recognise it, never a whole matrix. */
const IRRITANT_MAX_CHARS = 120;
/** How much of a variable's value inspecting it shows. */
const INSPECT_MAX_CHARS = 1_000;
/** How many distinct procedure names a backtrace shows. */
const BACKTRACE_LINES = 8;

export function createSchemeEvaluator(io: EvaluatorIO): Evaluator<Value> {
  return new SchemeEvaluator(io);
}

class SchemeEvaluator implements Evaluator<Value> {
  private readonly global = new GlobalEnvironment();
  private readonly environment = new EnvironmentHandle((datum) => this.evaluateDatum(datum));

  constructor(private readonly io: EvaluatorIO) {
    if (Error.stackTraceLimit < STACK_FRAMES) Error.stackTraceLimit = STACK_FRAMES;
    installSpecialForms(this.global);
    for (const p of allPrimitives()) this.global.cell(p.name).v = p.procedure;
    this.loadPrelude();
  }

  /**
   * The prelude's procedure definitions are read and compiled when a program first uses their names
   * (GlobalEnvironment defers them); its other forms run now, in order. Reading and compiling all of it was most of
   * a kernel's start-up, and the reader's hot loops got V8's optimizing compiler running in every node before any
   * cell arrived; most cells use a few procedures of the library.
   */
  private loadPrelude(): void {
    let loading = true;
    for (const form of preludeForms()) {
      const run = (): Value => {
        // Blank lines in front keep the form's line numbers those of the whole prelude.
        const { datums, positions } = read("\n".repeat(form.line - 1) + form.source, PRELUDE_ORIGIN);
        if (datums.length !== 1) throw new Error(`prelude, line ${form.line}: expected one form, read ${datums.length}`);
        return this.runForm(datums[0]!, PRELUDE_ORIGIN, positions.topLevel[0], (p) => positions.pairPosition(p), "tree");
      };
      if (form.procedure === undefined) {
        run();
        continue;
      }
      this.global.defer(form.procedure, () => {
        // Compiled now, a procedure would take the cells of the names deferred after it while they are still
        // unbound, and nothing would load them before it calls them.
        if (loading) throw new Error(`prelude: ${form.procedure} is used by a form before it; move that form after the definitions it uses`);
        run();
      });
    }
    loading = false;
  }

  execute(code: string, origin: SourceOrigin): Value {
    return this.withEnvironment(() => {
      const offset = origin.lineOffset ?? 0;
      let result: Value = VOID;
      let forms;
      try {
        forms = read(code, origin.name);
      } catch (e) {
        throw new LanguageError(this.report(e, origin.name, offset));
      }
      const { datums, positions, labelled } = forms;
      const positionOf = (p: Pair) => positions.pairPosition(p);
      const execution = {};
      // A capture or a continuation's invocation that reached the top: the form to settle it in comes next.
      let transfer: Capture | Reentry | null = null;
      for (let i = 0; i < datums.length; i++) {
        try {
          if (transfer === null) {
            resetWinders();
            result = this.runForm(datums[i]!, origin.name, positions.topLevel[i], positionOf, labelled[i] ? "graph" : "tree");
          } else {
            const t: Capture | Reentry = transfer;
            transfer = null;
            result = settle(t, t instanceof Reentry ? t.continuation.base : new FormBase(execution, i));
          }
        } catch (e) {
          if (e instanceof Capture) {
            transfer = e;
            i--;
            continue;
          }
          if (e instanceof Reentry && e.continuation.base instanceof FormBase) {
            // The rest of the form the continuation was captured in, then the forms after it in its cell; or,
            // for a form of an earlier execution, that form's value is this execution's value.
            transfer = e;
            const target = e.continuation.base;
            i = target.execution === execution ? target.formIndex - 1 : datums.length - 2;
            continue;
          }
          throw new LanguageError(this.report(e, origin.name, offset));
        }
      }
      return result;
    });
  }

  setVariable(name: string, value: Value): void {
    this.global.keywords.delete(name);
    this.global.cell(name).v = value;
  }

  getVariable(name: string): Value {
    const v = this.global.cell(name).v;
    if (v === undefined || v === UNBOUND) {
      throw new LanguageError({ ename: "UnboundVariable", evalue: `unbound variable ${name}`, traceback: [`unbound variable ${name}`] });
    }
    return v;
  }

  complete(code: string, cursor: number): Completion {
    let start = cursor;
    while (start > 0 && !/[\s()[\]'`,";]/.test(code[start - 1]!)) start--;
    const prefix = code.slice(start, cursor);
    const names = new Set<string>([...this.global.boundNames(), ...this.global.keywords.keys()]);
    // The prelude's %helpers are offered only to someone who types the %.
    const matches = [...names].filter((n) => n.startsWith(prefix) && (prefix.startsWith("%") || !n.startsWith("%"))).sort();
    return { matches, start, end: cursor };
  }

  isComplete(code: string): Completeness {
    return schemeCompleteness(code);
  }

  inspect(code: string, cursor: number): Inspection | null {
    const name = nameAt(code, cursor);
    if (name === "") return null;
    if (this.global.keywords.has(name)) return { name, text: `${name}: syntax (a special form or a macro)` };
    // Only bound names are looked up: asking about a name must not make a cell for it.
    if (![...this.global.boundNames()].includes(name)) return null;
    const value = this.global.cell(name).v;
    const builtin = primitive(name);
    if (builtin && builtin.procedure === value) {
      return { name, text: `${name}: built-in procedure, takes ${arityText(builtin.minArgs, builtin.maxArgs)}` };
    }
    if (typeof value === "function") return { name, text: `${name}: procedure ${writeStringAtMost(value, INSPECT_MAX_CHARS)}` };
    return { name, text: `${name} = ${writeStringAtMost(value as Value, INSPECT_MAX_CHARS)}` };
  }

  // ---- running ----

  private withEnvironment<T>(f: () => T): T {
    watchInterruptFlag(this.io.interruptFlag);
    setConsoleSink(this.io.stdout, this.io.stderr);
    setConsoleSource(this.io.readInput?.bind(this.io));
    const previous = setCurrentEnvironment(this.environment);
    try {
      return f();
    } finally {
      setCurrentEnvironment(previous);
      // Output comes before the result or the error it led to.
      flushConsole();
      forgetUnreadConsoleInput();
    }
  }

  private runForm(datum: Value, origin: string, pos: Position | undefined, positionOf: (p: Pair) => Position | undefined, shape: DatumShape): Value {
    const entry = compileForm(this.global, datum, { origin, position: pos, positionOf, shape }, { runsOnce: true });
    return rv(entry());
  }

  /** `eval`: a datum made at run time has no source positions, and its parts may be shared or cyclic. */
  private evaluateDatum(datum: Value): Value {
    try {
      return this.runForm(datum, "eval", undefined, () => undefined, "graph");
    } catch (e) {
      return settleInPrimitive(e);
    }
  }

  // ---- errors ----

  private report(e: unknown, originName: string, lineOffset: number): ErrorReport {
    const err = asSchemeError(e);
    const frames = e instanceof Error && e.stack !== undefined ? schemeFrames(e.stack) : [];
    let location = err.location;
    if (location === undefined) {
      // A failure inside the prelude (e.g. in map) is reported at the user's call that led there.
      const located = frames.filter((f) => f.position !== undefined);
      const innermost = located.find((f) => f.origin !== PRELUDE_ORIGIN) ?? located[0];
      if (innermost !== undefined) location = { origin: innermost.origin ?? originName, ...innermost.position! };
    }
    if (location !== undefined && location.origin === originName) location = { ...location, line: location.line + lineOffset };
    const evalue = formatSchemeError(err, (irritant) => writeStringAtMost(irritant, IRRITANT_MAX_CHARS));
    // Library code written in Scheme shows as the procedure the user called ("map"), not its inner loops.
    // A library procedure's frames next to each other (its body and the loop it enters) are one call to the user.
    const names = frames
      .filter((f) => f.inGeneratedCode)
      .filter((f, i, all) => !(f.origin === PRELUDE_ORIGIN && i > 0 && all[i - 1]!.origin === PRELUDE_ORIGIN && all[i - 1]!.definedBy === f.definedBy))
      .map((f) => (f.origin === PRELUDE_ORIGIN && f.definedBy !== undefined ? f.definedBy : (demangle(f.functionName) ?? "")));
    const traceback = [location === undefined ? evalue : `${location.origin}, line ${location.line}, column ${location.column}: ${evalue}`];
    traceback.push(...collapseBacktrace(names.filter((n) => n !== "")).map((line) => `  in ${line}`));
    return { ename: err.kind, evalue, traceback, ...(location === undefined ? {} : { location }) };
  }
}

/** A top-level form: a continuation captured in it goes on, after the form, with the forms after it. */
class FormBase extends ContinuationBase {
  constructor(
    readonly execution: object,
    readonly formIndex: number,
  ) {
    super();
  }
  isLive(): boolean {
    return true;
  }
  describe(): string {
    return "a top-level form";
  }
}

function asSchemeError(e: unknown): SchemeError {
  if (e instanceof SchemeError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    const err = recursionTooDeep();
    err.stack = e.stack;
    return err;
  }
  const err = new SchemeError("Error", `internal error: ${e instanceof Error ? e.message : String(e)}`);
  if (e instanceof Error) err.stack = e.stack;
  return err;
}

/** A top-level form of the prelude, as text. */
export interface PreludeForm {
  /** Where it starts in the prelude (1-based). */
  readonly line: number;
  readonly source: string;
  /** The procedure it defines, for `(define (name . formals) ...)` and `(define name (lambda ...))`. */
  readonly procedure: string | undefined;
}

/**
 * The prelude cut into its top-level forms without reading it: by the prelude's layout, every top-level form, and
 * nothing else, opens with a parenthesis in the first column (prelude.test.ts checks that each piece reads as one
 * form defining the name found here).
 */
export function preludeForms(): PreludeForm[] {
  const forms: PreludeForm[] = [];
  let line = 1;
  let at = prelude.indexOf("\n(") + 1;
  if (at === 0) return forms;
  line += countLines(prelude, 0, at);
  while (at < prelude.length) {
    const next = prelude.indexOf("\n(", at);
    const end = next < 0 ? prelude.length : next + 1;
    const source = prelude.slice(at, end);
    const procedure = PROCEDURE_DEFINITION.exec(source)?.[1] ?? LAMBDA_DEFINITION.exec(source)?.[1];
    forms.push({ line, source, procedure });
    line += countLines(prelude, at, end);
    at = end;
  }
  return forms;
}

const PROCEDURE_DEFINITION = /^\(define \(([^\s()]+)/;
const LAMBDA_DEFINITION = /^\(define ([^\s()]+)\s+\(lambda[\s(]/;

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** "fib", "fib", "fib", "main" → "fib (×3)", "main"; at most BACKTRACE_LINES lines. */
function collapseBacktrace(names: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < names.length && lines.length < BACKTRACE_LINES; ) {
    let j = i;
    while (j < names.length && names[j] === names[i]) j++;
    lines.push(j - i > 1 ? `${names[i]} (×${j - i})` : names[i]!);
    i = j;
  }
  return lines;
}

