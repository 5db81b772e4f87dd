// Compiling Scheme in tests that look at what a stage of the pipeline (pipeline.ts) made of the code, as the engine
// would compile it: the special forms and every library primitive in place, nothing run.

import { installSpecialForms } from "../expander/expand.js";
import { GlobalEnvironment } from "../expander/scope.js";
import { compileText, Trace } from "../pipeline.js";
import { allPrimitives } from "../runtime/registry.js";
import "../library/index.js";

/** The trace of compiling every form of `code`, in order, in a new global environment. */
export function traceCompilation(code: string): Trace {
  const global = new GlobalEnvironment();
  installSpecialForms(global);
  for (const p of allPrimitives()) global.cell(p.name).v = p.procedure;
  const trace = new Trace();
  compileText(global, code, "test", trace);
  return trace;
}

/** The JavaScript the code generator wrote for the first form of `code`. */
export function generatedSource(code: string): string {
  return traceCompilation(code).outputs("generate")[0]!.source;
}
