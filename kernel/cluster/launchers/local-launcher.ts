// Nodes on this computer: one child process per node through the Spawner (child_process.fork under Node,
// utilityProcess under Electron), exactly as the host kernel starts.

import { fastLoadingModule } from "../../language/language-bundle.js";
import { automaticKernelMemoryMb } from "../memory-budget.js";
import { launchArgs } from "../protocol.js";
import type { Spawner } from "../spawner.js";
import type { LaunchedNodes, LaunchRequest, Launcher } from "./launcher.js";

/** How long a local kernel may take from spawn to ready before it counts as failed. */
export const LOCAL_START_TIMEOUT_MS = 30_000;

export class LocalLauncher implements Launcher {
  constructor(
    private readonly spawner: Spawner,
    /** Absolute path of the compiled kernel process entry. */
    private readonly entry: string,
  ) {}

  async launch(request: LaunchRequest): Promise<LaunchedNodes> {
    const languageModule = await fastLoadingModule(request.spec.module);
    const heapLimitMb = request.heapLimitMb === "auto" ? automaticKernelMemoryMb(request.size + 1) : request.heapLimitMb;
    const processes = Array.from({ length: request.size }, (_, rank) =>
      this.spawner.spawn({
        entry: this.entry,
        args: launchArgs({ languageModule, rank, size: request.size, hostPid: process.pid, heapLimitMb }),
        env: {},
        name: `parabook node ${rank}`,
      }),
    );
    return { processes, startTimeoutMs: LOCAL_START_TIMEOUT_MS, release: async () => undefined };
  }
}
