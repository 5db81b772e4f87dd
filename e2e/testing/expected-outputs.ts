// What the seed notebook's stored outputs say each cell must show, as text to find in the page (timings aside:
// "Time: S seconds." lines differ from run to run and machine to machine).

import { readFileSync } from "node:fs";
import { parseNotebook, serializeNotebook } from "../../contract/notebook.js";
import { seedNotebookPath } from "../../kernel/testing/paths.js";

export interface ExpectedCellOutput {
  /** 1-based position among all cells (as "Code cell N" counts). */
  readonly position: number;
  readonly source: string;
  /** Lines of text the cell's Output region must contain, in order. */
  readonly lines: readonly string[];
}

export function seedText(): string {
  return readFileSync(seedNotebookPath, "utf8");
}

/**
 * The seed notebook as it would be before anyone ran it: no outputs, no execution counts. Tests run this one, so
 * that every output they find was made now, never one left over from the file.
 */
export function seedWithoutOutputs(): string {
  const nb = parseNotebook(seedText(), "seed.ipynb");
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  return serializeNotebook(nb);
}

export function expectedSeedOutputs(): ExpectedCellOutput[] {
  const nb = parseNotebook(seedText(), "seed.ipynb");
  const expected: ExpectedCellOutput[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code" || cell.outputs.length === 0) return;
    const lines: string[] = [];
    for (const output of cell.outputs) {
      const text =
        output.output_type === "stream"
          ? output.text
          : output.output_type === "execute_result"
            ? String(output.data["text/plain"] ?? "")
            : "";
      for (const line of text.split("\n")) if (line.trim() !== "" && !/^Time: [\d.]+ seconds\.$/.test(line)) lines.push(line);
    }
    expected.push({ position: i + 1, source: cell.source, lines });
  });
  return expected;
}
