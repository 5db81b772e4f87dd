// What a kernel process needs from a language, beyond the Evaluator seam (kernel/language.ts): how its values
// cross processes (a codec to WireValues), how the notebook shows them, and how to call one of its procedures.
// A kernel process imports the module named on its command line and uses its exported `language`.

import type { Evaluator, EvaluatorIO } from "../language.js";
import type { WireValue } from "./wire-value.js";

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
