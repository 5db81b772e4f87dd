// Notebook edit operations, as pure functions over the cell list: each returns a new list (or new cells) and
// never touches its input, so the UI store can apply them and the tests can check them without a DOM.

import { newCellId, type Cell, type CodeCell, type MarkdownCell } from "../../../contract/notebook.js";

export type EditableCellType = "code" | "markdown";

function idsOf(cells: readonly Cell[]): Set<string> {
  return new Set(cells.map((c) => c.id));
}

export function blankCell(type: EditableCellType, existing: readonly Cell[]): Cell {
  const id = newCellId(idsOf(existing));
  return type === "code"
    ? { cell_type: "code", id, source: "", metadata: {}, execution_count: null, outputs: [] }
    : { cell_type: "markdown", id, source: "", metadata: {} };
}

/** Insert `inserted` so that the first of them ends up at `index` (clamped to the list). */
export function insertCells(cells: readonly Cell[], index: number, inserted: readonly Cell[]): Cell[] {
  const at = Math.max(0, Math.min(index, cells.length));
  return [...cells.slice(0, at), ...inserted, ...cells.slice(at)];
}

/** What a deletion removed, enough to put it back exactly where it was. */
export interface Deletion {
  readonly index: number;
  readonly cells: readonly Cell[];
}

export function deleteCells(cells: readonly Cell[], index: number, count = 1): { cells: Cell[]; deletion: Deletion } {
  const removed = cells.slice(index, index + count);
  return { cells: [...cells.slice(0, index), ...cells.slice(index + count)], deletion: { index, cells: removed } };
}

/** Undo a deletion. Ids that were reused meanwhile (a paste of the same cells) are renewed so ids stay unique. */
export function undoDeletion(cells: readonly Cell[], deletion: Deletion): Cell[] {
  const taken = idsOf(cells);
  const restored = deletion.cells.map((c) => {
    if (!taken.has(c.id)) {
      taken.add(c.id);
      return c;
    }
    const id = newCellId(taken);
    taken.add(id);
    return { ...c, id };
  });
  return insertCells(cells, deletion.index, restored);
}

/** Move the cell at `index` by `delta` places; returns the list unchanged (a copy) when it cannot move. */
export function moveCell(cells: readonly Cell[], index: number, delta: -1 | 1): { cells: Cell[]; index: number } {
  const target = index + delta;
  if (index < 0 || index >= cells.length || target < 0 || target >= cells.length) return { cells: [...cells], index };
  const out = [...cells];
  [out[index], out[target]] = [out[target]!, out[index]!];
  return { cells: out, index: target };
}

/** Copies for the clipboard or a paste: deep-cloned, each with an id unique in `existing`. */
export function cloneCells(source: readonly Cell[], existing: readonly Cell[]): Cell[] {
  const taken = idsOf(existing);
  return source.map((c) => {
    const id = newCellId(taken);
    taken.add(id);
    return { ...(structuredClone(c) as Cell), id };
  });
}

/** Code ↔ markdown keeps id, source and metadata; a markdown cell has no outputs, a new code cell none yet. */
export function changeCellType(cell: Cell, type: EditableCellType): Cell {
  if (cell.cell_type === type) return cell;
  const { id, source, metadata } = cell;
  if (type === "code") return { cell_type: "code", id, source, metadata, execution_count: null, outputs: [] } satisfies CodeCell;
  return { cell_type: "markdown", id, source, metadata } satisfies MarkdownCell;
}

/**
 * Split a cell at a character offset of its source: the first part keeps the cell's id and outputs, the second
 * is a new cell of the same type. Like Jupyter, the whitespace at the cut is dropped from both halves' edges.
 */
export function splitCell(cells: readonly Cell[], index: number, offset: number): Cell[] {
  const cell = cells[index];
  if (!cell) return [...cells];
  const head = cell.source.slice(0, offset).replace(/\s+$/, "");
  const tail = cell.source.slice(offset).replace(/^\s*\n/, "");
  const second: Cell =
    cell.cell_type === "code"
      ? { cell_type: "code", id: newCellId(idsOf(cells)), source: tail, metadata: {}, execution_count: null, outputs: [] }
      : { cell_type: cell.cell_type, id: newCellId(idsOf(cells)), source: tail, metadata: {} };
  return [...cells.slice(0, index), { ...cell, source: head }, second, ...cells.slice(index + 1)];
}

/** Merge the cell at `index` with the one after it: sources joined by a blank line; the first cell's id stays. */
export function mergeWithNext(cells: readonly Cell[], index: number): Cell[] {
  const first = cells[index];
  const second = cells[index + 1];
  if (!first || !second) return [...cells];
  const source = [first.source, second.source].filter((s) => s !== "").join("\n\n");
  const merged: Cell = first.cell_type === "code" ? { ...first, source, outputs: [], execution_count: null } : { ...first, source };
  return [...cells.slice(0, index), merged, ...cells.slice(index + 2)];
}

/** Which cells "Run above" / "Run below" / "Run all" run, as indexes; only code cells run. */
export function cellsToRun(cells: readonly Cell[], scope: "all" | "above" | "below", index: number): number[] {
  const [from, to] = scope === "all" ? [0, cells.length] : scope === "above" ? [0, index] : [index, cells.length];
  const out: number[] = [];
  for (let i = from; i < to; i++) if (cells[i]?.cell_type === "code") out.push(i);
  return out;
}
