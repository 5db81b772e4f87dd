// A compiled procedure's calls that a capture can pass (continuations.ts records its frame at one of them), and
// the code that resumes the frame from each: compiled by the compiler (compiler/resume.ts) the first time a
// continuation through that call runs, and kept.

import type { Value } from "../values.js";
import type { ResumableCode, VariableAccess } from "./continuations.js";
import { rv } from "./trampoline.js";

/** A resumed frame's code: given the variables the frame recorded, the procedure that runs the rest of its body. */
export type Resumer = (values: readonly Value[], references: VariableAccess | null) => (v: Value) => Value;

/** Compiles the resumer of call site `site`; `origin` and `defines` are where the procedure's code came from. */
export type ResumerCompiler = (site: number, origin: string, defines: string | undefined) => Resumer;

export class CaptureSites implements ResumableCode {
  /** Set by compiler/link.ts: where the code came from, for error locations and backtraces in resumed code. */
  origin = "";
  defines: string | undefined;
  private readonly resumers = new Map<number, Resumer>();
  constructor(private readonly compileResumer: ResumerCompiler) {}

  resume(site: number, values: readonly Value[], references: VariableAccess | null, v: Value): Value {
    let make = this.resumers.get(site);
    if (make === undefined) {
      make = this.compileResumer(site, this.origin, this.defines);
      this.resumers.set(site, make);
    }
    return rv(make(values, references)(v));
  }
}
