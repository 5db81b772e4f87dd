// %%px / %px: run code on every node (or the targets), gather the results in rank order as one vector.

import type { ParsedArguments, OptionSpec } from "./parser.js";
import type { Magic, RunningCell } from "./magic.js";
import type { WireValue } from "../language/wire-value.js";
import { deadNodeError, deliverVector, optionText, reportNodeFailure, requireCluster, targetRanks } from "./cluster-access.js";

const PX_OPTIONS: readonly OptionSpec[] = [
  { short: "-e", long: "--evaluate", help: "also run the code in the host kernel (the node vector is what is shown)" },
  { short: "-s", long: "--set_variable", value: "VAR", help: "store the vector in the host variable VAR and show nothing" },
  { short: "-k", long: "--kernel_name", value: "NAME", help: "the cluster to use (its %parallel -k name)" },
  { short: "-t", long: "--targets", value: "TARGETS", help: "node ranks to run on, e.g. 0,2-4 (default: %parallel -i, or all)" },
];

async function runPx(code: string, args: ParsedArguments, cell: RunningCell, lineOffset: number): Promise<void> {
  const cluster = requireCluster(cell, "%%px", optionText(args.options.get("kernel_name")));
  const ranks = targetRanks(cluster, args.options.get("targets"));
  // The host kernel shows the gathered vector (and with -e runs the code too). Taken before the nodes start: so
  // that an interrupt that follows reaches it already running, what the nodes gave is shown even when the cell is
  // interrupted while others hang, and a host kernel that dies meanwhile is reported, not silently replaced.
  const hostKernel = await cell.hostKernel();
  let done = 0;
  let failed = 0;
  const progress = (): void => cell.emit({ type: "px-progress", done: done + failed, total: ranks.length, failed });
  progress();

  /** The node's value, or, when it failed, the stand-in for its slot (its error is shown at once). */
  const onNode = async (rank: number): Promise<WireValue> => {
    try {
      const dead = deadNodeError(cluster, rank);
      if (dead) throw dead;
      const value = await cluster.nodes[rank]!.evaluate(code, cell.origin(lineOffset, `node ${rank}`), (name, text) =>
        cell.emit({ type: "stream", name, text, node: rank }),
      );
      done++;
      return value;
    } catch (error) {
      failed++;
      return reportNodeFailure(cell, rank, error);
    } finally {
      progress();
    }
  };

  cell.throwIfInterrupted();
  const onHost = async (): Promise<void> => {
    if (!args.options.has("evaluate")) return;
    await hostKernel.run(code, cell.origin(lineOffset), (name, text) => cell.emit({ type: "stream", name, text }));
  };

  // Nodes and (with -e) the host run at the same time: they are separate processes.
  const nodesDone = Promise.all(ranks.map(onNode));
  const hostDone = onHost().then(() => undefined, (err: unknown) => err);
  // The targets are busy now: let the cluster panel show it.
  cell.cluster.changed();
  const [items, hostOutcome] = await Promise.all([nodesDone, hostDone]);
  if (failed > 0) cell.markFailed();
  // After an interrupt the nodes that had finished are still worth showing; a vector of interruptions is not.
  if (done > 0 || !cell.isInterrupted()) await deliverVector(cell, hostKernel, items, optionText(args.options.get("set_variable")));
  if (hostOutcome !== undefined) throw hostOutcome;
  cell.throwIfInterrupted();
}

export const pxMagic: Magic = {
  name: "px",
  summary: "Run code on every node of the cluster (or the targets) and show their values, in rank order, as one vector.",
  line: {
    args: { positionals: [{ name: "EXPR", rest: true }], options: PX_OPTIONS },
    run: (args, cell, lineOffset) => runPx(args.positionals.get("EXPR")!, args, cell, lineOffset),
  },
  cell: {
    args: { positionals: [], options: PX_OPTIONS },
    run: (args, body, bodyLineOffset, cell) => runPx(body, args, cell, bodyLineOffset),
  },
};
