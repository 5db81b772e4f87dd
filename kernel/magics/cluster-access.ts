// What px-style magics share: finding the running cluster, choosing its target nodes, turning a node's failure
// into an error event, and showing (or storing) the gathered vector in the host.

import { LanguageError } from "../language/language.js";
import { KernelDiedError, KernelUnresponsiveError, type KernelConnection } from "../cluster/kernel-connection.js";
import type { Cluster } from "../cluster/kernel-manager.js";
import { isWireVoid, wireOpaque, wireVector, type WireValue } from "../language/wire-value.js";
import { MagicError, type RunningCell } from "./magic.js";
import { parseRanks } from "./ranks.js";

export function requireCluster(cell: RunningCell, magic: string, clusterName?: string): Cluster {
  const cluster = cell.cluster.current();
  if (!cluster) {
    throw new MagicError(`${magic}: no cluster is running. Start one first with %parallel, e.g. %parallel scheme (or %parallel calysto_scheme CalystoScheme).`);
  }
  if (clusterName !== undefined && clusterName !== cluster.name) {
    throw new MagicError(`${magic}: there is no cluster named '${clusterName}'; the running cluster is '${cluster.name}' (see %parallel -k).`);
  }
  return cluster;
}

export function targetRanks(cluster: Cluster, targets: string | true | undefined): number[] {
  return typeof targets === "string" ? parseRanks(targets, cluster.size) : [...cluster.defaultTargets];
}

/** Report a node's failure as an error event attributed to it; returns the stand-in for its vector slot. */
export function reportNodeFailure(cell: RunningCell, rank: number, err: unknown): WireValue {
  if (err instanceof LanguageError) {
    const { ename, evalue, traceback } = err.report;
    cell.emit({ type: "error", ename, evalue, traceback: [...traceback], node: rank });
  } else if (err instanceof KernelUnresponsiveError) {
    const evalue =
      `node ${rank} is unresponsive (${err.failure}); its slot is failed; run %parallel to replace it`;
    cell.emit({ type: "error", ename: "NodeUnresponsive", evalue, traceback: [evalue], node: rank });
  } else if (err instanceof KernelDiedError) {
    const evalue = `node ${rank} died: ${err.reason}. Run %parallel again to replace it.`;
    cell.emit({ type: "error", ename: "NodeDied", evalue, traceback: [evalue], node: rank });
  } else {
    throw err;
  }
  return wireOpaque("failed-node", `#<error on node ${rank}>`);
}

/** A dead node cannot run anything: fail at once, saying which and why. */
export function deadNodeError(cluster: Cluster, rank: number): KernelDiedError | undefined {
  const reason = cluster.nodes[rank]!.reasonOfDeath;
  return reason === undefined ? undefined : new KernelDiedError(reason);
}

/**
 * Show the gathered values as one vector (bound to `_` in the host kernel `kernel`), or store it in `variable` and
 * show nothing. A vector of nothing but void (every node ran a define) shows nothing either. The caller takes the
 * host kernel before the nodes start: a host kernel that died while they ran fails here (KernelDiedError) rather
 * than being quietly replaced by a fresh one that never saw the cell.
 */
export async function deliverVector(cell: RunningCell, kernel: KernelConnection, items: WireValue[], variable: string | undefined): Promise<void> {
  const vector = wireVector(items);
  if (variable !== undefined) {
    await kernel.setVariable(variable, vector);
    return;
  }
  if (items.length > 0 && items.every(isWireVoid)) return;
  const { shown } = await kernel.setVariable("_", vector, true);
  if (shown !== null) cell.showResult(shown);
}

export function optionText(value: string | true | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
