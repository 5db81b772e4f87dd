// What a magic is, and what the Session lends a magic while it runs (RunningCell). Magics are the same for every
// language: they only run code, move values between kernels as WireValues, and emit cell events.

import type { CellEvent, Settings } from "../../contract/api.js";
import type { SourceOrigin } from "../language/language.js";
import type { Cluster } from "../cluster/kernel-manager.js";
import type { KernelConnection } from "../cluster/kernel-connection.js";
import type { KernelSpec } from "../language/languages.js";
import type { NodePlacement } from "../cluster/launchers/placement.js";
import type { PlacementOptions } from "./placement-options.js";
import { describeOption, type ArgumentSpec, type ParsedArguments } from "./parser.js";

type WithoutCellId<E> = E extends CellEvent ? Omit<E, "cellId"> : never;
/** A cell event before the Session stamps it with the cell's id. */
export type CellEventBody = WithoutCellId<CellEvent>;

export interface LineMagic {
  readonly args: ArgumentSpec;
  /** `lineOffset`: how many lines of the cell come before this magic's line. */
  run(args: ParsedArguments, cell: RunningCell, lineOffset: number): Promise<void>;
}

export interface CellMagic {
  readonly args: ArgumentSpec;
  /** `bodyLineOffset`: how many lines of the cell come before the body (for error locations). */
  run(args: ParsedArguments, body: string, bodyLineOffset: number, cell: RunningCell): Promise<void>;
}

export interface Magic {
  /** Without percent signs: "px". */
  readonly name: string;
  /** One line for %lsmagic and %help. */
  readonly summary: string;
  readonly line?: LineMagic;
  readonly cell?: CellMagic;
}

/** A magic failed in a way the user can fix; the message says how. */
export class MagicError extends Error {
  override readonly name = "MagicError";
}

/** Where a cluster's nodes run, and who hears what their launcher has to say while they start. */
export interface ClusterPlacement {
  readonly placement: NodePlacement;
  /** Text for the user while the nodes start (the line to run for --listen; a Slurm job in the queue). */
  readonly announce: (text: string) => void;
}

export interface ClusterControl {
  current(): Cluster | undefined;
  /**
   * Replace any running cluster with `size` fresh nodes; tells the host kernel the new cluster_size. Each node's
   * heap may grow to `heapLimitMb` (default: the settings' memory per kernel); they run where `where` says (default:
   * this computer). An interrupt gives the start up.
   */
  start(spec: KernelSpec, size: number, name: string, heapLimitMb?: number | "auto", where?: ClusterPlacement): Promise<Cluster>;
  kernels(): readonly KernelSpec[];
  /** Where nodes run when a %parallel line does not say (`parabook run --launcher …`); the Settings lie beneath. */
  placementDefaults(): PlacementOptions;
  /** Tell listeners the cluster changed (targets, node states). */
  changed(): void;
}

export interface StickyControl {
  /** The sticky magic lines in force, outermost first: ["%%px -e"]. */
  list(): readonly string[];
  has(name: string): boolean;
  add(name: string, line: string): void;
  remove(name: string): void;
}

/** The cell a magic runs in, as the Session lends it (kernel/session/cell-execution.ts makes one per cell). */
export interface RunningCell {
  readonly executionCount: number;
  emit(event: CellEventBody): void;
  /** Write text to the cell's stdout (what a magic prints). */
  print(text: string): void;
  /** Run `code` as (part of) a cell: its leading magics, then the rest in the host kernel. */
  run(code: string, lineOffset: number): Promise<void>;
  /** The value the cell shows, emitted after everything else the cell prints (as Jupyter orders them). */
  showResult(text: string): void;
  /** The cell goes on but will report failure (some nodes failed). */
  markFailed(): void;
  hostKernel(): Promise<KernelConnection>;
  /** Throws the "Interrupted" LanguageError once the user has interrupted this cell: no further step starts. */
  throwIfInterrupted(): void;
  /** Whether the user has interrupted this cell. */
  isInterrupted(): boolean;
  /** Where code at `lineOffset` in this cell came from, for error messages; `where` adds "node 3". */
  origin(lineOffset: number, where?: string): SourceOrigin;
  readonly cluster: ClusterControl;
  readonly sticky: StickyControl;
  readonly magics: MagicRegistry;
  settings(): Settings;
}

export class MagicRegistry {
  private readonly byName = new Map<string, Magic>();

  constructor(magics: readonly Magic[]) {
    for (const m of magics) this.byName.set(m.name, m);
  }

  get(name: string): Magic | undefined {
    return this.byName.get(name);
  }

  all(): Magic[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

function usageLine(prefix: string, name: string, spec: ArgumentSpec): string {
  const options = spec.options.map((o) => `[${o.short ?? o.long}${o.value ? ` ${o.value}` : ""}]`);
  const positionals = spec.positionals.map((p) => (p.optional ? `[${p.name}]` : p.name));
  return [`${prefix}${name}`, ...positionals, ...options].join(" ");
}

/** The usage text of a magic: its forms, its summary, and its options. */
export function usage(magic: Magic): string {
  const lines: string[] = [];
  if (magic.line) lines.push(usageLine("%", magic.name, magic.line.args));
  if (magic.cell) lines.push(usageLine("%%", magic.name, magic.cell.args));
  lines.push("", magic.summary);
  const options = [...(magic.line?.args.options ?? []), ...(magic.cell?.args.options ?? [])];
  const seen = new Set<string>();
  const unique = options.filter((o) => !seen.has(o.long) && seen.add(o.long));
  if (unique.length > 0) {
    lines.push("", "Options:");
    for (const o of unique) lines.push(`  ${describeOption(o).padEnd(28)} ${o.help}`);
  }
  return lines.join("\n");
}
