// Node selections as users write them: "0,2-4" → [0, 2, 3, 4].

import { UsageError } from "./parser.js";

export function parseRanks(text: string, clusterSize: number): number[] {
  const ranks = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new UsageError(`'${text}' is not a list of node ranks (write them like 0,2-4)`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new UsageError(`the range ${part.trim()} goes backwards`);
    if (to >= clusterSize) {
      throw new UsageError(`node ${to} does not exist: the cluster has ${clusterSize} node${clusterSize === 1 ? "" : "s"} (ranks 0-${clusterSize - 1})`);
    }
    for (let r = from; r <= to; r++) ranks.add(r);
  }
  return [...ranks].sort((a, b) => a - b);
}
