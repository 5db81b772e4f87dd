// Starts kernel processes through a Spawner and supervises them: the host kernel (rank -1) and clusters of nodes
// (ranks 0..N-1). A node that dies is reported by rank with the reason; the others keep working.

import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { ClusterStatus, NodeStatus } from "../../contract/api.js";
import { KernelConnection } from "./kernel-connection.js";
import { fastLoadingModule } from "../language/language-bundle.js";
import type { KernelSpec } from "../language/languages.js";
import { automaticKernelMemoryMb } from "./memory-budget.js";
import { launchArgs } from "./protocol.js";
import type { Spawner } from "./spawner.js";

const KERNEL_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), "kernel-process.js");

export const HOST_RANK = -1;

/** A node or host kernel failed to come up. */
export class KernelStartError extends Error {
  override readonly name = "KernelStartError";
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
   * Start `size` nodes at once, each with a heap of up to `heapLimitMb` (default: the automatic share when they
   * and a host kernel run); if any fails, none are kept.
   */
  async startCluster(
    spec: KernelSpec,
    size: number,
    name: string,
    onNodeDeath: (rank: number, reason: string) => void,
    heapLimitMb = automaticKernelMemoryMb(size + 1),
  ): Promise<Cluster> {
    const starts = Array.from({ length: size }, (_, rank) => this.startKernel(spec, rank, size, heapLimitMb));
    const settled = await Promise.allSettled(starts);
    const failures = settled.flatMap((s) => (s.status === "rejected" ? [(s.reason as Error).message] : []));
    const nodes = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    if (failures.length > 0) {
      await Promise.all(nodes.map((n) => n.shutdown()));
      throw new KernelStartError(failures.join("\n"));
    }
    const cluster = new Cluster(spec, name, nodes, heapLimitMb);
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
    /** Each node's heap limit in MB; a restart keeps it. */
    readonly heapLimitMb: number,
  ) {
    this.defaultTargets = nodes.map((_, rank) => rank);
  }

  get size(): number {
    return this.nodes.length;
  }

  status(): ClusterStatus {
    const nodes = this.nodes.map((node, rank): NodeStatus => {
      const status: { rank: number; state: NodeStatus["state"]; memoryBytes?: number; reason?: string } = { rank, state: node.state };
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
  }
}
