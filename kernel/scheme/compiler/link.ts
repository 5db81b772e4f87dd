// Turning generated source into a running procedure, and mapping a JS stack position in generated code back
// to the Scheme source position of the call that was executing there.

import type { Value } from "../values.js";
import type { Position } from "./ast.js";
import type { GeneratedUnit } from "./codegen.js";
import { runtimeHelpers } from "./runtime.js";

/** `new Function` puts two lines ("function anonymous(rt,K", ") {") before the body. */
const HEADER_LINES = 2;
const UNIT_PREFIX = "scheme-unit-";

interface Marker {
  readonly line: number;
  readonly column: number;
  readonly position: Position | undefined;
}

interface UnitRecord {
  readonly origin: string;
  /** The global the unit's form defines, if it is a definition: backtraces name library code by it. */
  readonly defines: string | undefined;
  /** Sorted by (line, column). */
  readonly markers: readonly Marker[];
}

const units = new Map<number, UnitRecord>();
let nextUnit = 0;

/** Load a generated unit; returns its entry thunk (which may return the tail-call sentinel). */
export function link(unit: GeneratedUnit, origin: string, defines?: string): () => Value {
  const id = nextUnit++;
  const source = `${unit.source}\n//# sourceURL=${UNIT_PREFIX}${id}`;
  units.set(id, { origin, defines, markers: scanMarkers(unit.source, unit.positions) });
  for (const sites of unit.captureSites) {
    sites.origin = origin;
    sites.defines = defines;
  }
  const make = new Function("rt", "K", source) as (rt: unknown, k: readonly unknown[]) => () => Value;
  return make(runtimeHelpers, unit.constants);
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
