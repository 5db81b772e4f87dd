// Where the reader found each datum, so the compiler and error messages can name a line and column.

import type { Pair } from "../values.js";

/** 1-based line and column (columns count UTF-16 code units, as editors such as CodeMirror do). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export class SourceMap {
  // A plain Map, not a WeakMap: it holds only the source's own pairs (as small as the text), and WeakMap inserts
  // cost three times as much in reading time, mostly in the garbage collector's ephemeron work.
  private readonly pairs = new Map<Pair, Position>();
  /** The start of each top-level datum, parallel to ReadResult.datums. */
  readonly topLevel: Position[] = [];

  /** For a list, where its opening parenthesis is; for a later pair of a list, where its element starts. */
  pairPosition(p: Pair): Position | undefined {
    return this.pairs.get(p);
  }

  /** Also used by the expander to give the pairs it builds the position of the form they came from. */
  record(p: Pair, position: Position): void {
    this.pairs.set(p, position);
  }
}
