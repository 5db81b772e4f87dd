// The Scheme evaluator behind the Evaluator seam (kernel/language.ts): read → expand → compile → run, one
// top-level form at a time, so a failing form leaves the global environment as the forms before it made it.

import { LanguageError, type Completion, type ErrorReport, type Evaluator, type EvaluatorIO, type SourceOrigin } from "../language.js";
import { generate } from "./compiler/codegen.js";
import { linkRunOnce, schemeFrames } from "./compiler/link.js";
import { UNBOUND, type Position } from "./compiler/ast.js";
import { formatSchemeError, SchemeError } from "./errors.js";
import { Expander, installSpecialForms } from "./expander/expand.js";
import { GlobalEnvironment } from "./expander/scope.js";
import { demangle } from "./names.js";
import { writeStringAtMost } from "./printer.js";
import { readAll } from "./reader/index.js";
import { EnvironmentHandle, recursionTooDeep, registerParameter, setCurrentEnvironment } from "./runtime/control.js";
import { watchInterruptFlag } from "./runtime/interrupt.js";
import { Capture, ContinuationBase, Reentry, resetWinders, settle, settleInPrimitive } from "./runtime/continuations.js";
import {
  flushConsole,
  getCurrentErrorPort,
  getCurrentInputPort,
  getCurrentOutputPort,
  setConsoleSink,
  setCurrentErrorPort,
  setCurrentInputPort,
  setCurrentOutputPort,
} from "./runtime/ports.js";
import { allPrimitives, primitive } from "./runtime/registry.js";
import { prelude } from "./runtime/prelude.js";
import { rv } from "./runtime/trampoline.js";
import { Pair, VOID, type Value } from "./values.js";
import "./runtime/index.js";
import "./runtime/control.js";

// The current ports are parameter objects, so `parameterize` can redirect output.
registerParameter(primitive("current-output-port")!.procedure, getCurrentOutputPort, (p) => setCurrentOutputPort(p as never));
registerParameter(primitive("current-error-port")!.procedure, getCurrentErrorPort, (p) => setCurrentErrorPort(p as never));
registerParameter(primitive("current-input-port")!.procedure, getCurrentInputPort, (p) => setCurrentInputPort(p as never));

const PRELUDE_ORIGIN = "prelude";

/** Enough frames for a readable backtrace of a deep recursion, not so many that raising errors gets slow. */
const STACK_FRAMES = 64;
/** How much of an irritant an error message shows: enough to recognise it, never a whole matrix. */
const IRRITANT_MAX_CHARS = 120;
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
    this.execute(prelude, { name: PRELUDE_ORIGIN });
  }

  execute(code: string, origin: SourceOrigin): Value {
    return this.withEnvironment(() => {
      const offset = origin.lineOffset ?? 0;
      let result: Value = VOID;
      let forms;
      try {
        forms = readAll(code, origin.name);
      } catch (e) {
        throw new LanguageError(this.report(e, origin.name, offset));
      }
      const { datums, positions } = forms;
      const positionOf = (p: Pair) => positions.pairPosition(p);
      const execution = {};
      // A capture or a continuation's invocation that reached the top: the form to settle it in comes next.
      let transfer: Capture | Reentry | null = null;
      for (let i = 0; i < datums.length; i++) {
        try {
          if (transfer === null) {
            resetWinders();
            result = this.runForm(datums[i]!, origin.name, positions.topLevel[i], positionOf);
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
    const v = this.global.cells.get(name)?.v;
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

  // ---- running ----

  private withEnvironment<T>(f: () => T): T {
    watchInterruptFlag(this.io.interruptFlag);
    setConsoleSink(this.io.stdout);
    const previous = setCurrentEnvironment(this.environment);
    try {
      return f();
    } finally {
      setCurrentEnvironment(previous);
      // Output comes before the result or the error it led to.
      flushConsole();
    }
  }

  private runForm(datum: Value, origin: string, pos: Position | undefined, positionOf: (p: Pair) => Position | undefined): Value {
    const node = new Expander(this.global, origin, positionOf).topLevel(datum, pos);
    const entry = linkRunOnce(generate(node), origin, node.k === "gset" && node.define ? node.cell.name : undefined);
    return rv(entry());
  }

  /** `eval`: a datum made at run time has no source positions. */
  private evaluateDatum(datum: Value): Value {
    try {
      return this.runForm(datum, "eval", undefined, () => undefined);
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
    const names = frames
      .filter((f) => f.inGeneratedCode)
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

