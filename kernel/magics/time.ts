// %%time / %time: after the output of what it runs, "Time: S seconds." with the wall time, px round trips included.

import { performance } from "node:perf_hooks";
import type { Magic, RunningCell } from "./magic.js";

async function timed(cell: RunningCell, work: () => Promise<void>): Promise<void> {
  const started = performance.now();
  try {
    await work();
  } finally {
    cell.emit({ type: "timing", seconds: (performance.now() - started) / 1000 });
  }
}

export const timeMagic: Magic = {
  name: "time",
  summary: "Run the cell (or the expression) and then print how long it took: Time: S seconds.",
  line: {
    args: { positionals: [{ name: "EXPR", rest: true }], options: [] },
    run: (args, cell, lineOffset) => timed(cell, () => cell.run(args.positionals.get("EXPR")!, lineOffset)),
  },
  cell: {
    args: { positionals: [], options: [] },
    run: (_args, body, bodyLineOffset, cell) => timed(cell, () => cell.run(body, bodyLineOffset)),
  },
};
