// Turning generated source into a running procedure, and mapping a JS stack position in generated code back
// to the Scheme source position of the call that was executing there.

import type { CaptureSites } from "../runtime/capture-sites.js";
import type { Value } from "../values.js";
import type { Position } from "./ast.js";
import { unitHelpers } from "./unit-helpers.js";

/** What the code generator (codegen.ts) produces for a form, and this module loads. */
export interface GeneratedUnit {
  /** The body of `new Function("rt", "K", "U", source)`, which returns the unit's entry thunk. */
  readonly source: string;
  /** Values the code refers to as K[i]: global cells, quoted data, primitives, run-time helpers. */
  readonly constants: readonly unknown[];
  /** Marker N's Scheme position is positions[N] (undefined: the start of a procedure, no call). */
  readonly positions: readonly (Position | undefined)[];
  /** The unit's procedures that can be resumed after a capture; `link` tells them where they came from. */
  readonly captureSites: readonly CaptureSites[];
}

/** `new Function` puts two lines ("function anonymous(rt,K,U", ") {") before the body. */
const HEADER_LINES = 2;
const UNIT_PREFIX = "scheme-unit-";

interface Marker {
  readonly line: number;
  readonly column: number;
  readonly position: Position | undefined;
}

interface UnitRecord {
  /** Mutable only for a shared script (see `linkRunOnce`): the origin of the instance that last ran it. */
  origin: string;
  /** The global the unit's form defines, if it is a definition: backtraces name library code by it. */
  readonly defines: string | undefined;
  /** Sorted by (line, column). */
  readonly markers: readonly Marker[];
}

/** `unit` is an object the unit's code keeps (codegen.ts): it is collected when nothing of the unit can run. */
type UnitFactory = (rt: unknown, k: readonly unknown[], unit: object) => () => Value;

interface CompiledScript {
  readonly id: number;
  readonly make: UnitFactory;
  readonly record: UnitRecord;
}

/** Stack maps of the units whose code can still run, by the number in their sourceURL. */
const units = new Map<number, UnitRecord>();
let nextUnit = 0;
/** A unit's stack map goes when its code can no longer run: no frame of it can appear in a stack after that. */
const unitCollected = new FinalizationRegistry<number>((id) => units.delete(id));

/** How many units' stack maps are kept (for tests). */
export function liveUnitCount(): number {
  return units.size;
}

/**
 * Compiled scripts of closure-free units, by everything their code and stack mapping depend on. A cell run again
 * (every `%%px` re-sends its cell to each node) then skips `new Function`, about half of a trivial cell's cost.
 */
const reusable = new Map<string, CompiledScript>();
/** Enough for the cells of a session's loops; past it the oldest script is compiled again when next needed. */
const REUSABLE_LIMIT = 512;

/** Load a generated unit; returns its entry thunk (which may return the tail-call sentinel). */
export function link(unit: GeneratedUnit, origin: string, defines?: string): () => Value {
  placeCaptureSites(unit, origin, defines);
  const script = compile(unit, origin, defines);
  const token = {};
  unitCollected.register(token, script.id);
  return script.make(unitHelpers, unit.constants, token);
}

/**
 * `link` for a unit whose entry thunk the caller runs once, at once (a top-level form). If that thunk is the unit's
 * only function, nothing of the unit runs after it returns, so a stack frame in its script belongs to the instance
 * that ran last: such a script is shared, and its record takes each new instance's origin. A unit that makes
 * procedures gets a script of its own, so a procedure's backtrace always names where it was defined.
 */
export function linkRunOnce(unit: GeneratedUnit, origin: string, defines?: string): () => Value {
  if (!isClosureFree(unit.source)) return link(unit, origin, defines);
  placeCaptureSites(unit, origin, defines);
  const key = `${defines ?? ""}\0${JSON.stringify(unit.positions)}\0${unit.source}`;
  let script = reusable.get(key);
  if (script === undefined) {
    script = compile(unit, origin, defines);
    if (reusable.size >= REUSABLE_LIMIT) {
      const [oldestKey, oldest] = reusable.entries().next().value!;
      reusable.delete(oldestKey);
      // Its instances ran at once and made no procedures: once it is out of the cache, nothing of it runs again.
      units.delete(oldest.id);
    }
    reusable.set(key, script);
  }
  script.record.origin = origin;
  // Shared by every instance, the stack map goes with the script (above), not with an instance.
  return script.make(unitHelpers, unit.constants, {});
}

function placeCaptureSites(unit: GeneratedUnit, origin: string, defines: string | undefined): void {
  for (const sites of unit.captureSites) {
    sites.origin = origin;
    sites.defines = defines;
  }
}

function compile(unit: GeneratedUnit, origin: string, defines: string | undefined): CompiledScript {
  const id = nextUnit++;
  const record: UnitRecord = { origin, defines, markers: scanMarkers(unit.source, unit.positions) };
  units.set(id, record);
  const make = new Function("rt", "K", "U", `${unit.source}\n//# sourceURL=${UNIT_PREFIX}${id}`) as UnitFactory;
  return { id, make, record };
}

/** Every function the generator writes uses the keyword, so one occurrence is the entry thunk alone. (A name or
 * message that happens to contain the word only makes a unit look bigger: it is then not shared, never wrongly.) */
function isClosureFree(source: string): boolean {
  const functions = source.match(/\bfunction\b/g);
  return functions !== null && functions.length === 1;
}

function scanMarkers(source: string, positions: readonly (Position | undefined)[]): Marker[] {
  const markers: Marker[] = [];
  const re = /\/\*@(\d+)\*\//g;
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    for (let i = source.indexOf("\n", scanned); i >= 0 && i < m.index; i = source.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = m.index;
    const end = m.index + m[0].length;
    markers.push({ line: line + HEADER_LINES, column: end - lineStart + 1, position: positions[Number(m[1])] });
  }
  return markers;
}

export interface StackFrame {
  readonly functionName: string;
  /** Where in Scheme source, when the frame is in generated code with a marker before it. */
  readonly origin?: string;
  /** The global defined by the top-level form this frame's code came from. */
  readonly definedBy?: string;
  readonly position?: Position;
  readonly inGeneratedCode: boolean;
}

const FRAME = /^\s*at (?:(\S+) )?\(?(.*?):(\d+):(\d+)\)?$/;

/** Parse a V8 stack into frames, mapping generated-code positions back to Scheme positions. */
export function schemeFrames(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const text of stack.split("\n")) {
    const m = FRAME.exec(text);
    if (m === null) continue;
    const functionName = m[1] ?? "";
    const file = m[2]!;
    if (!file.startsWith(UNIT_PREFIX)) {
      frames.push({ functionName, inGeneratedCode: false });
      continue;
    }
    const unit = units.get(Number(file.slice(UNIT_PREFIX.length)));
    const line = Number(m[3]);
    const column = Number(m[4]);
    let found: Marker | undefined;
    for (const marker of unit?.markers ?? []) {
      if (marker.line < line || (marker.line === line && marker.column <= column)) found = marker;
      else break;
    }
    frames.push({ functionName, inGeneratedCode: true, origin: unit?.origin, definedBy: unit?.defines, position: found?.position });
  }
  return frames;
}
