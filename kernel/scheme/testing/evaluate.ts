// Test helpers: a fresh evaluator whose output is captured, and shorthands to run code and print the result.

import { LanguageError, type Completion, type ErrorReport } from "../../language/language.js";
import { createSchemeEvaluator } from "../engine.js";
import { writeString } from "../printer.js";
import type { Value } from "../values.js";

export interface TestEvaluator {
  /** Run code; the value as `write` prints it. */
  run(code: string): string;
  value(code: string): Value;
  /** Run code that must fail; its error report. */
  fail(code: string): ErrorReport;
  /** Everything written to the console so far (then cleared). */
  output(): string;
  complete(code: string, cursor: number): Completion;
  readonly interruptFlag: Int32Array;
}

export function testEvaluator(origin = "test", lineOffset = 0): TestEvaluator {
  let out = "";
  const interruptFlag = new Int32Array(new SharedArrayBuffer(4));
  const ev = createSchemeEvaluator({ stdout: (t) => (out += t), interruptFlag });
  const value = (code: string) => ev.execute(code, { name: origin, lineOffset });
  return {
    value,
    run: (code) => writeString(value(code)),
    fail(code) {
      try {
        value(code);
      } catch (e) {
        if (e instanceof LanguageError) return e.report;
        throw e;
      }
      throw new Error(`expected ${code} to fail`);
    },
    output() {
      const o = out;
      out = "";
      return o;
    },
    complete: (code, cursor) => ev.complete(code, cursor),
    interruptFlag,
  };
}
