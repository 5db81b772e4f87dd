// %pmap FUNCTION LIST-EXPR [-s VAR]: apply a procedure defined on the nodes to each item of a host list, handing
// items to whichever node is free (load balancing); results come back in input order as one vector.

import { LanguageError } from "../language/language.js";
import { KernelDiedError } from "../cluster/kernel-connection.js";
import { wireSequenceItems, type WireValue } from "../language/wire-value.js";
import { deadNodeError, deliverVector, optionText, reportNodeFailure, requireCluster, targetRanks } from "./cluster-access.js";
import { MagicError, type Magic } from "./magic.js";

export const pmapMagic: Magic = {
  name: "pmap",
  summary: "Map a procedure defined on the nodes over a list computed in the host, one item at a time to whichever node is free.",
  line: {
    args: {
      positionals: [{ name: "FUNCTION" }, { name: "LIST-EXPR", rest: true }],
      options: [
        { short: "-s", long: "--set_variable", value: "VAR", help: "store the vector in the host variable VAR and show nothing" },
        { short: "-t", long: "--targets", value: "TARGETS", help: "node ranks to use, e.g. 0,2-4 (default: %parallel -i, or all)" },
      ],
    },
    async run(args, cell, lineOffset) {
      const cluster = requireCluster(cell, "%pmap");
      const ranks = targetRanks(cluster, args.options.get("targets")).filter((r) => deadNodeError(cluster, r) === undefined);
      if (ranks.length === 0) throw new MagicError("%pmap: every target node is dead. Run %parallel again to replace them.");
      const procedure = args.positionals.get("FUNCTION")!;
      const listExpr = args.positionals.get("LIST-EXPR")!;
      const hostKernel = await cell.hostKernel();
      const value = await hostKernel.evaluate(listExpr, cell.origin(lineOffset));
      const sequence = wireSequenceItems(value);
      if ("reason" in sequence) throw new MagicError(`%pmap: ${listExpr} must give a list or a vector, but ${sequence.reason}.`);
      const items = sequence.items;

      const results: WireValue[] = new Array(items.length);
      const queue = items.map((_, i) => i);
      let done = 0;
      let failed = 0;
      const progress = (): void => cell.emit({ type: "px-progress", done: done + failed, total: items.length, failed });
      progress();

      const worker = async (rank: number): Promise<void> => {
        const node = cluster.nodes[rank]!;
        // After an interrupt no node takes another item.
        for (let i = queue.shift(); i !== undefined; i = cell.isInterrupted() ? undefined : queue.shift()) {
          try {
            const reply = await node.call(procedure, [items[i]!], (name, text) => cell.emit({ type: "stream", name, text, node: rank }));
            results[i] = reply.value;
            done++;
          } catch (err) {
            if (err instanceof KernelDiedError) {
              // Another node takes this item over; this node's failure is reported once.
              queue.unshift(i);
              reportNodeFailure(cell, rank, err);
              return;
            }
            if (!(err instanceof LanguageError)) throw err;
            results[i] = reportNodeFailure(cell, rank, err);
            failed++;
          }
          progress();
        }
      };
      await Promise.all(ranks.map(worker));
      cell.throwIfInterrupted();
      if (queue.length > 0) throw new MagicError(`%pmap: every node died before the work was done (${queue.length} items left).`);
      if (failed > 0) cell.markFailed();
      await deliverVector(cell, hostKernel, results, optionText(args.options.get("set_variable")));
    },
  },
};
