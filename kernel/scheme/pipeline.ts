// The compile pipeline, written once: read → expand → analyse → generate → link. The engine runs every top-level
// form through it, the benchmark times it, the tests trace it. As in Chez Scheme's chain of passes ($np-compile),
// each stage is named, has one module that states its rules at its top, and hands the next stage a value that a
// trace can record:
//
//   read      text → datums, with where each pair starts (reader/reader.ts)
//   expand    a datum → the core AST: macros expanded, every derived form lowered to compiler/ast.ts's few nodes
//             (expander/expand.ts)
//   analyse   the AST → facts about each procedure: self-calls, capture points, closed bodies, unboxed loops
//             (compiler/analyse.ts)
//   generate  AST and facts → JavaScript source and the constants it refers to (compiler/codegen.ts)
//   link      source → the form's entry thunk, and the stack map that locates errors in it (compiler/link.ts)
//
// A text is read whole, then its forms are compiled and run one at a time (the engine), so a failing form leaves
// the global environment as the forms before it made it.

import type { Node, Position } from "./compiler/ast.js";
import { analyseForm, type Analysis } from "./compiler/analyse.js";
import { generate } from "./compiler/codegen.js";
import { link, linkRunOnce, type GeneratedUnit } from "./compiler/link.js";
import { Expander, type PositionOf } from "./expander/expand.js";
import type { GlobalEnvironment } from "./expander/scope.js";
import type { DatumShape } from "./expander/shape.js";
import { readAll, type ReadResult } from "./reader/index.js";
import type { Value } from "./values.js";

/** What each stage produces. */
export interface StageOutputs {
  readonly read: ReadResult;
  readonly expand: Node;
  readonly analyse: Analysis;
  readonly generate: GeneratedUnit;
  /** The form's entry thunk (it may return the tail-call sentinel: run it through runtime/trampoline.ts's `rv`). */
  readonly link: () => Value;
}
export type Stage = keyof StageOutputs;
export const STAGES: readonly Stage[] = ["read", "expand", "analyse", "generate", "link"];

export type TraceEntry = { [S in Stage]: { readonly stage: S; readonly output: StageOutputs[S] } }[Stage];

/** A record of what each stage produced, in the order the stages ran (pass one in the options to fill it). */
export class Trace {
  readonly entries: TraceEntry[] = [];

  record<S extends Stage>(stage: S, output: StageOutputs[S]): void {
    this.entries.push({ stage, output } as TraceEntry);
  }

  /** What `stage` produced, once per time it ran. */
  outputs<S extends Stage>(stage: S): StageOutputs[S][] {
    return this.entries.filter((e) => e.stage === stage).map((e) => e.output as StageOutputs[S]);
  }
}

/** Read: a text's datums, the positions of their pairs, and which carry datum labels (may be shared or cyclic). */
export function read(text: string, origin: string, trace?: Trace): ReadResult {
  const result = readAll(text, origin);
  trace?.record("read", result);
  return result;
}

/** Where a datum came from, for error locations and backtraces. */
export interface FormSource {
  /** The name of the text it was read from: a cell's, "prelude", "eval". */
  readonly origin: string;
  /** Where the form starts, when it was read from text. */
  readonly position: Position | undefined;
  readonly positionOf: PositionOf;
  /** "graph" when parts of the datum may be shared or cyclic (datum labels, or a datum made at run time). */
  readonly shape: DatumShape;
}

export interface CompileOptions {
  /**
   * True when the caller runs the entry thunk once, at once (a top-level form): link.ts may then share the script
   * of an identical form compiled before (linkRunOnce). False to compile a script of its own (link).
   */
  readonly runsOnce: boolean;
  readonly trace?: Trace;
}

/** Expand, analyse, generate and link one top-level form in `global`; returns its entry thunk, not yet run. */
export function compileForm(global: GlobalEnvironment, datum: Value, source: FormSource, options: CompileOptions): () => Value {
  const { trace } = options;
  const node = new Expander(global, source.origin, source.positionOf, source.shape).topLevel(datum, source.position);
  trace?.record("expand", node);
  const analysis = analyseForm(node);
  trace?.record("analyse", analysis);
  const unit = generate(node, analysis);
  trace?.record("generate", unit);
  const defines = node.k === "gset" && node.define ? node.cell.name : undefined;
  const entry = options.runsOnce ? linkRunOnce(unit, source.origin, defines) : link(unit, source.origin, defines);
  trace?.record("link", entry);
  return entry;
}

/** Every form of a read text, compiled in order without running any (later forms see only earlier definitions' names). */
export function compileText(global: GlobalEnvironment, text: string, origin: string, trace?: Trace): (() => Value)[] {
  const { datums, positions, labelled } = read(text, origin, trace);
  const positionOf: PositionOf = (p) => positions.pairPosition(p);
  return datums.map((datum, i) =>
    compileForm(global, datum, { origin, position: positions.topLevel[i], positionOf, shape: labelled[i] ? "graph" : "tree" }, { runsOnce: false, trace }),
  );
}
