// The launcher for a placement.

import * as os from "node:os";
import * as path from "node:path";
import type { Spawner } from "../spawner.js";
import type { Launcher } from "./launcher.js";
import { listenLauncher } from "./listen.js";
import { LocalLauncher } from "./local-launcher.js";
import { mpiLauncher } from "./mpi.js";
import type { NodePlacement } from "./placement.js";
import { slurmLauncher } from "./slurm.js";
import { sshLauncher } from "./ssh.js";

/** Where --listen keeps a cluster's keys file while it runs: the user's own, and shared with the cluster's machines
 * on most HPC systems (the home directory). */
export function defaultKeysDirectory(): string {
  return path.join(os.homedir(), ".parabook", "cluster-keys");
}

export function launcherFor(placement: NodePlacement, local: { spawner: Spawner; entry: string }, keysDirectory = defaultKeysDirectory()): Launcher {
  switch (placement.launcher) {
    case "local":
      return new LocalLauncher(local.spawner, local.entry);
    case "slurm":
      return slurmLauncher(placement);
    case "mpi":
      return mpiLauncher(placement);
    case "ssh":
      return sshLauncher(placement);
    case "listen":
      return listenLauncher(placement, keysDirectory);
  }
}
