// The open notebook: its cells, where it lives, whether it has unsaved changes, which cell is selected and in
// which keyboard mode. Edits go through the pure operations of model/cell-ops.ts; this store only holds the
// result, the clipboard and the last deletion.

import type { Cell, JsonObject, Notebook } from "../../../contract/notebook.js";
import { cloneJson, emptyNotebook } from "../../../contract/notebook.js";
import {
  blankCell,
  changeCellType,
  cloneCells,
  deleteCells,
  insertCells,
  mergeWithNext,
  moveCell,
  splitCell,
  undoDeletion,
  type Deletion,
  type EditableCellType,
} from "../model/cell-ops.js";
import type { CommandContext, Mode } from "../../../contract/commands.js";

export class NotebookStore {
  cells = $state<Cell[]>([]);
  path = $state<string | null>(null);
  /** Shown in the title when the notebook has no path yet (a dropped file, a restored backup). */
  untitledName = $state("Untitled.ipynb");
  dirty = $state(false);
  selected = $state(0);
  mode = $state<Mode>("command");
  /** Cells whose output the user collapsed (by id): view state, never saved. */
  collapsedOutputs = $state<Record<string, boolean>>({});
  /** Bumped to ask the selected cell's editor to take focus (edit mode), with the cursor at `cursor` if set. */
  focusRequest = $state<{ id: string; serial: number } | null>(null);

  #metadata: JsonObject = {};
  #nbformatMinor = 5;
  #clipboard: Cell[] = [];
  #lastDeletion: Deletion | null = null;
  #focusSerial = 0;

  readonly title = $derived(this.path ? baseName(this.path) : this.untitledName);
  readonly selectedCell = $derived<Cell | undefined>(this.cells[this.selected]);
  /** What the registry's conditions read (contract/commands.ts `applies`): whether a command would do anything. */
  readonly commandContext = $derived<CommandContext>({
    mode: this.mode,
    selected: this.selected,
    selectedCellType: this.selectedCell?.cell_type,
    cellCount: this.cells.length,
  });

  constructor() {
    this.load(emptyNotebook(), null);
    this.dirty = false;
  }

  load(notebook: Notebook, path: string | null, untitledName = "Untitled.ipynb"): void {
    this.#metadata = notebook.metadata;
    this.#nbformatMinor = notebook.nbformat_minor;
    this.cells = notebook.cells.length > 0 ? notebook.cells : [blankCell("code", [])];
    this.path = path;
    this.untitledName = untitledName;
    this.dirty = false;
    this.selected = 0;
    this.mode = "command";
    this.collapsedOutputs = {};
    this.#lastDeletion = null;
  }

  /** The notebook as it would be saved: the file's own metadata and cell ids, the cells as edited. */
  toNotebook(): Notebook {
    return {
      nbformat: 4,
      nbformat_minor: this.#nbformatMinor,
      metadata: structuredClone(this.#metadata),
      cells: plain(this.cells),
    };
  }

  indexOf(id: string): number {
    return this.cells.findIndex((c) => c.id === id);
  }

  cellById(id: string): Cell | undefined {
    return this.cells.find((c) => c.id === id);
  }

  select(index: number): void {
    this.selected = Math.max(0, Math.min(index, this.cells.length - 1));
  }

  edit(index = this.selected): void {
    this.select(index);
    const cell = this.cells[this.selected];
    if (!cell) return;
    this.mode = "edit";
    this.focusRequest = { id: cell.id, serial: ++this.#focusSerial };
  }

  changed(): void {
    this.dirty = true;
  }

  setSource(id: string, source: string): void {
    const cell = this.cellById(id);
    if (!cell || cell.source === source) return;
    cell.source = source;
    this.changed();
  }

  insert(where: "above" | "below", type: EditableCellType = "code"): void {
    const at = where === "above" ? this.selected : this.selected + 1;
    this.#replace(insertCells(this.cells, at, [blankCell(type, this.cells)]), at);
  }

  deleteSelected(): void {
    const { cells, deletion } = deleteCells(this.cells, this.selected);
    this.#lastDeletion = deletion;
    // A notebook always has a cell to type into.
    this.#replace(cells.length > 0 ? cells : [blankCell("code", [])], Math.min(this.selected, cells.length - 1));
  }

  undoDelete(): void {
    if (!this.#lastDeletion) return;
    const deletion = this.#lastDeletion;
    this.#lastDeletion = null;
    this.#replace(undoDeletion(this.cells, deletion), deletion.index);
  }

  move(delta: -1 | 1): void {
    const { cells, index } = moveCell(this.cells, this.selected, delta);
    this.#replace(cells, index);
  }

  copy(): void {
    const cell = this.selectedCell;
    if (cell) this.#clipboard = [plain(cell)];
  }

  cut(): void {
    this.copy();
    this.deleteSelected();
  }

  paste(where: "above" | "below"): void {
    if (this.#clipboard.length === 0) return;
    const at = where === "above" ? this.selected : this.selected + 1;
    this.#replace(insertCells(this.cells, at, cloneCells(this.#clipboard, this.cells)), at);
  }

  changeType(type: EditableCellType): void {
    const cell = this.selectedCell;
    if (!cell || cell.cell_type === type) return;
    const cells = [...this.cells];
    cells[this.selected] = changeCellType(plain(cell), type);
    this.#replace(cells, this.selected);
  }

  // The pure operations never change the cells they are given, so they can work on the live ones: only the cells
  // they rebuild become new objects, and the rest of a long notebook does not re-render.
  split(offset: number): void {
    this.#replace(splitCell(this.cells, this.selected, offset), this.selected + 1);
  }

  mergeBelow(): void {
    if (this.selected >= this.cells.length - 1) return;
    this.#replace(mergeWithNext(this.cells, this.selected), this.selected);
  }

  toggleOutput(id: string): void {
    this.collapsedOutputs[id] = !this.collapsedOutputs[id];
  }

  #replace(cells: Cell[], select: number): void {
    this.cells = cells;
    this.select(select);
    this.changed();
  }
}

/**
 * A plain copy of reactive state. Not $state.snapshot: it copies by assignment, which turns a metadata key named
 * "__proto__" into the copy's prototype and drops it from the saved notebook.
 */
function plain<T>(value: T): T {
  return cloneJson(value);
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
