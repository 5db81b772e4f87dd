// Starts kernel processes through a Spawner and supervises them: the host kernel (rank -1) and clusters of nodes
// (ranks 0..N-1). A node that dies is reported by rank with the reason; the others keep working.

import { hostname } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { ClusterStatus, NodeStatus } from "../../contract/api.js";
import { KernelConnection } from "./kernel-connection.js";
import { fastLoadingModule } from "../language/language-bundle.js";
import type { KernelSpec } from "../language/languages.js";
import { automaticKernelMemoryMb } from "./memory-budget.js";
import { launchArgs } from "./protocol.js";
import type { Spawner } from "./spawner.js";
import { launcherFor } from "./launchers/choose-launcher.js";
import { LOCAL, type NodePlacement } from "./launchers/placement.js";

const KERNEL_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), "kernel-process.js");

export const HOST_RANK = -1;

/** A node or host kernel failed to come up. */
export class KernelStartError extends Error {
  override readonly name = "KernelStartError";
}

/** How a cluster is started, beyond its kernel and size. */
export interface ClusterStartOptions {
  /** Where the nodes run (default: this computer). */
  readonly placement?: NodePlacement;
  /** Hears what the launcher has to say while the nodes start: the line to run for --listen, a queued Slurm job. */
  readonly announce?: (text: string) => void;
  /** Aborting gives the start up: the nodes started so far are ended, and whatever launched them. */
  readonly signal?: AbortSignal;
  /** Where --listen writes its keys file (default: ~/.parabook/cluster-keys). */
  readonly keysDirectory?: string;
}

/** "Node 3", "Nodes 0-2, 5": ranks as the messages name them. */
function nodesNamed(ranks: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < ranks.length; ) {
    let j = i;
    while (j + 1 < ranks.length && ranks[j + 1] === ranks[j]! + 1) j++;
    runs.push(i === j ? `${ranks[i]}` : `${ranks[i]}-${ranks[j]}`);
    i = j + 1;
  }
  return `${ranks.length === 1 ? "Node" : "Nodes"} ${runs.join(", ")}`;
}

/**
 * One line per distinct failure, naming the ranks that failed that way and, for nodes elsewhere, their host (64
 * nodes without srun: one line).
 */
function startFailures(failures: readonly { rank: number; host: string | undefined; message: string }[], displayName: string): string {
  const byFailure = new Map<string, { host: string | undefined; message: string; ranks: number[] }>();
  for (const { rank, host, message } of failures) {
    const key = JSON.stringify([host, message]);
    const entry = byFailure.get(key) ?? { host, message, ranks: [] };
    entry.ranks.push(rank);
    byFailure.set(key, entry);
  }
  return [...byFailure.values()]
    .map(({ host, message, ranks }) => `${nodesNamed(ranks)}${host === undefined ? "" : ` on ${host}`} (${displayName}) failed to start: ${message}`)
    .join("\n");
}

export class KernelManager {
  constructor(
    private readonly spawner: Spawner,
    private readonly entry: string = KERNEL_ENTRY,
  ) {}

  /**
   * Spawn one kernel process; resolves once its evaluator is ready. Its heap may grow to `heapLimitMb` (default:
   * the automatic share of a kernel running alone); beyond that it dies, saying "out of memory (limit N MB)".
   */
  async startKernel(spec: KernelSpec, rank: number, size: number, heapLimitMb = automaticKernelMemoryMb(1)): Promise<KernelConnection> {
    const name = rank === HOST_RANK ? "parabook host kernel" : `parabook node ${rank}`;
    const languageModule = await fastLoadingModule(spec.module);
    const child = this.spawner.spawn({
      entry: this.entry,
      args: launchArgs({ languageModule, rank, size, hostPid: process.pid, heapLimitMb }),
      env: {},
      name,
    });
    const connection = new KernelConnection(child);
    try {
      await connection.ready;
    } catch (err) {
      const who = rank === HOST_RANK ? "The host kernel" : `Node ${rank}`;
      throw new KernelStartError(`${who} (${spec.displayName}) failed to start: ${(err as Error).message}`);
    }
    return connection;
  }

  /**
   * Start `size` nodes at once, where `options.placement` says, each with a heap of up to `heapLimitMb` (default: the
   * automatic share when they and a host kernel run here); if any fails, none are kept.
   */
  async startCluster(
    spec: KernelSpec,
    size: number,
    name: string,
    onNodeDeath: (rank: number, reason: string) => void,
    heapLimitMb: number | "auto" = automaticKernelMemoryMb(size + 1),
    options: ClusterStartOptions = {},
  ): Promise<Cluster> {
    const placement = options.placement ?? LOCAL;
    const launcher = launcherFor(placement, { spawner: this.spawner, entry: this.entry }, options.keysDirectory);
    const launched = await launcher.launch({ spec, size, heapLimitMb, announce: options.announce ?? (() => undefined) });
    const nodes = launched.processes.map((process) => new KernelConnection(process, undefined, launched.startTimeoutMs));
    const giveUp = (): void => nodes.forEach((node) => node.kill("SIGKILL", "the start was interrupted"));
    options.signal?.addEventListener("abort", giveUp, { once: true });
    const settled = await Promise.allSettled(nodes.map((node) => node.ready));
    options.signal?.removeEventListener("abort", giveUp);
    const failures = settled.flatMap((s, rank) => (s.status === "rejected" ? [{ rank, host: nodes[rank]!.host, message: (s.reason as Error).message }] : []));
    if (failures.length > 0 || options.signal?.aborted) {
      await Promise.all(nodes.map((n) => n.shutdown()));
      await launched.release();
      if (options.signal?.aborted) throw new KernelStartError(`The start of ${size} ${spec.displayName} node${size === 1 ? "" : "s"} was interrupted; none were kept.`);
      throw new KernelStartError(startFailures(failures, spec.displayName));
    }
    const cluster = new Cluster(spec, name, nodes, heapLimitMb, placement, launched.release);
    nodes.forEach((node, rank) => node.onDeath((reason) => cluster.shuttingDown || onNodeDeath(rank, reason)));
    return cluster;
  }
}

/** A running set of node kernels, ranks 0..N-1. */
export class Cluster {
  /** Ranks px commands use when given no -t (from `%parallel -i`). */
  defaultTargets: number[];
  private readonly memory = new Map<number, number>();
  shuttingDown = false;

  constructor(
    readonly spec: KernelSpec,
    /** The name `%parallel -k` gave it ("default"); `%%px -k NAME` must match. */
    readonly name: string,
    readonly nodes: readonly KernelConnection[],
    /** Each node's heap limit in MB ("auto": a share of its machine's memory); a restart keeps it. */
    readonly heapLimitMb: number | "auto",
    /** Where its nodes run; a restart keeps it. */
    readonly placement: NodePlacement = LOCAL,
    /** Ends what launched the nodes (an srun job, SSH sessions), once they are shut down. */
    private readonly release: () => Promise<void> = async () => undefined,
  ) {
    this.defaultTargets = nodes.map((_, rank) => rank);
  }

  get size(): number {
    return this.nodes.length;
  }

  status(): ClusterStatus {
    const nodes = this.nodes.map((node, rank): NodeStatus => {
      const status: { rank: number; state: NodeStatus["state"]; host: string; memoryBytes?: number; reason?: string } = {
        rank,
        state: node.state,
        host: node.host ?? hostname(),
      };
      const memory = this.memory.get(rank);
      if (memory !== undefined && node.state !== "dead") status.memoryBytes = memory;
      if (node.reasonOfDeath !== undefined) status.reason = node.reasonOfDeath;
      return status;
    });
    return { kernel: this.spec.name, nodes, defaultTargets: [...this.defaultTargets] };
  }

  /** Ask every live node for its resident memory (kept for status()). */
  async refreshMemory(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node, rank) => {
        if (node.state === "dead") return;
        try {
          this.memory.set(rank, await node.memoryBytes());
        } catch {
          // It died meanwhile; its death is reported on its own.
        }
      }),
    );
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all(this.nodes.map((n) => n.shutdown()));
    await this.release();
  }
}
