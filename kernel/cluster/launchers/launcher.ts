// A Launcher starts a cluster's node processes somewhere and hands back one KernelProcess per rank; the
// KernelManager then talks to each through a KernelConnection, the same way wherever it runs. The local launcher
// forks them here through the Spawner; the others have an existing engine (srun, mpiexec, ssh) start
// `parabook node` elsewhere, and the nodes connect back (remote-launch.ts). Launchers place, start and clean up;
// Parabook builds their command line and watches what they say.

import type { KernelSpec } from "../../language/languages.js";
import type { KernelProcess } from "../spawner.js";

export interface LaunchRequest {
  readonly spec: KernelSpec;
  readonly size: number;
  /** Each node's heap limit; "auto": an equal share of the memory of the machine it runs on. */
  readonly heapLimitMb: number | "auto";
  /** What the launcher has to tell the user while the nodes start (the line to run, a queued job), as lines. */
  readonly announce: (text: string) => void;
}

export interface LaunchedNodes {
  /** One per rank, 0..size-1. */
  readonly processes: readonly KernelProcess[];
  /** How long the nodes may take to become ready: a Slurm queue or a user starting nodes by hand takes longer. */
  readonly startTimeoutMs: number;
  /** End what the launcher started (the srun job, mpiexec, the SSH sessions) and stop listening; the nodes
   * themselves are shut down first, through their connections. */
  release(): Promise<void>;
}

export interface Launcher {
  launch(request: LaunchRequest): Promise<LaunchedNodes>;
}
