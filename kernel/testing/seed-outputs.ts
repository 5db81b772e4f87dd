// The user's notebook as the acceptance tests compare it: its code cells, and each cell's outputs in the form that
// must match a run's (timings aside). Shared by the local run (kernel/cli/seed-notebook.test.ts) and the runs
// across hosts (multihost/), so "every stored output reproduced" means the same everywhere.

import { parseNotebook, type CodeCell, type Output } from "../../contract/notebook.js";

export function codeCells(text: string): CodeCell[] {
  return parseNotebook(text).cells.filter((c): c is CodeCell => c.cell_type === "code");
}

/**
 * What must match: timings replaced by a placeholder, node output and the %parallel summary (allowed in addition)
 * removed, execution counts left out (the user's notebook skipped one).
 */
export function comparable(cell: CodeCell): unknown[] {
  const isParallelCell = cell.source.startsWith("%parallel");
  return cell.outputs.flatMap((o: Output): unknown[] => {
    switch (o.output_type) {
      case "stream": {
        const text = o.text
          .split(/(?<=\n)/)
          .filter((line) => !/^\[node \d+\] /.test(line) && !(isParallelCell && /^Started \d+ Scheme nodes in/.test(line)))
          .join("")
          .replace(/Time: [\d.e+-]+ seconds\./g, "Time: T seconds.");
        return text === "" ? [] : [{ stream: o.name, text }];
      }
      case "execute_result":
        return [{ result: o.data["text/plain"] }];
      default:
        return [o];
    }
  });
}
