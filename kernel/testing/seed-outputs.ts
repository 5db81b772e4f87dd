// The user's notebook as the acceptance tests compare it: its code cells, and each cell's outputs in the form that
// must match a run's (timings aside). Shared by the local run (kernel/cli/seed-notebook.test.ts) and the runs
// across hosts (multihost/), so "every stored output reproduced" means the same everywhere.

import { parseNotebook, type CodeCell, type Output } from "../../contract/notebook.js";
import { parabookMetadata, pxProgressText } from "../../contract/jupyter/codec.js";

export function codeCells(text: string): CodeCell[] {
  return parseNotebook(text).cells.filter((c): c is CodeCell => c.cell_type === "code");
}

/**
 * What must match, as a front end shows it (consecutive stream outputs of one name as one: Jupyter's output areas
 * and nbconvert join them; nbclient keeps one output per message): timings replaced by a placeholder, node output, the %parallel summary and the px progress display
 * Parabook's Jupyter kernel leaves (allowed in addition) removed, execution counts left out (the user's notebook
 * skipped one).
 */
export function comparable(cell: CodeCell): unknown[] {
  const isParallelCell = cell.source.startsWith("%parallel");
  return coalesceStreams(cell.outputs).flatMap((o: Output): unknown[] => {
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
      case "display_data":
        return isPxProgress(o) ? [] : [o];
      default:
        return [o];
    }
  });
}

/** The display a px command's progress stays as in a notebook a Jupyter front end saved: its display metadata says
 *  so (contract/jupyter/codec.ts), and its text is the count. */
function isPxProgress(o: Output & { output_type: "display_data" }): boolean {
  const progress = parabookMetadata(o.metadata).pxProgress;
  return progress !== undefined && o.data["text/plain"] === pxProgressText(progress.done, progress.total, progress.failed);
}

function coalesceStreams(outputs: readonly Output[]): Output[] {
  const joined: Output[] = [];
  for (const o of outputs) {
    const last = joined[joined.length - 1];
    if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) joined[joined.length - 1] = { ...last, text: last.text + o.text };
    else joined.push(o);
  }
  return joined;
}
