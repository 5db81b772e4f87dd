// Parabook's Scheme as a kernel language: the engine, the value codec and the notebook printer.

import type { Value } from "../values.js";
import { createSchemeEvaluator } from "../engine.js";
import { notebookRepr, writeString } from "../printer.js";
import { schemeFromWire, schemeToWire } from "./codec.js";
import type { KernelLanguage } from "../../language/language.js";

export const language: KernelLanguage<Value> = {
  createEvaluator: createSchemeEvaluator,
  toWire: (value) => schemeToWire(value, writeString),
  fromWire: schemeFromWire,
  notebookRepr,
  callProcedure(evaluator, procedure, args) {
    // Through the evaluator, so the call gets the same error reports, backtraces and interrupts as a cell.
    const names = args.map((_, i) => `parabook-pmap-argument-${i}`);
    args.forEach((arg, i) => evaluator.setVariable(names[i]!, arg));
    return evaluator.execute(`(${procedure} ${names.join(" ")})`, { name: "%pmap" });
  },
  // Definitions, a named let, closures, quoted data, flonum and complex arithmetic, a vector: the reader, expander
  // and code generator paths nearly every cell takes.
  warmUp: `(define (warm-up n)
             (let loop ((i 0) (acc '()))
               (if (< i n) (loop (+ i 1) (cons (* (+ i 0.5) (complex 1 i)) acc))
                   (list->vector (map (lambda (z) (magnitude z)) (reverse acc))))))
           (vector-length (warm-up 10))`,
};
