// The Spawner (kernel/cluster/spawner.ts) on Electron's utilityProcess: kernels run as Chromium-managed Node
// processes, named in the task manager, and their endings arrive with Electron's reason (crashed, out of memory…).

import { app, utilityProcess, type UtilityProcess } from "electron";
import type { KernelExit, KernelProcess, SpawnOptions, Spawner } from "../kernel/cluster/spawner.js";
import { KernelExitReport } from "./kernel-exit.js";
import { outsideAsar } from "./notebook-paths.js";

export class ElectronSpawner implements Spawner {
  /** Live kernels by their unique service name, the only key child-process-gone gives. */
  private readonly live = new Map<string, { child: UtilityProcess; ending: KernelExitReport }>();
  private spawned = 0;

  constructor() {
    app.on("child-process-gone", (_event, details) => {
      if (details.type === "Utility" && details.name !== undefined) {
        this.live.get(details.name)?.ending.gone(details);
      }
    });
  }

  spawn(options: SpawnOptions): KernelProcess {
    // Unique, so a restarted "parabook node 3" is never mistaken for the one that just died.
    const serviceName = `${options.name} #${++this.spawned}`;
    const child = utilityProcess.fork(outsideAsar(options.entry), [...options.args], {
      serviceName,
      // What programs print arrives as stream messages; the process's own stdout would only duplicate it. Its
      // stderr stays visible: a crash there is worth seeing.
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...withoutUndefined(process.env), ...options.env },
    });
    const exitListeners: ((exit: KernelExit) => void)[] = [];
    let exited: KernelExit | undefined;
    const ending = new KernelExitReport((exit) => {
      exited = exit;
      this.live.delete(serviceName);
      for (const listener of exitListeners) listener(exit);
    });
    this.live.set(serviceName, { child, ending });
    child.on("exit", (code) => ending.exited(code));

    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on("message", listener),
      onExit: (listener) => (exited ? listener(exited) : exitListeners.push(listener)),
      kill: (signal = "SIGTERM") => {
        if (exited) return;
        // utilityProcess.kill() only sends SIGTERM; a kernel stuck in native code needs the real SIGKILL.
        if (signal === "SIGKILL" && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
        else child.kill();
      },
    };
  }

  /** Last resort when the app quits: no kernel may outlive it, whatever state its session is in. */
  killAll(): void {
    for (const { child } of this.live.values()) child.kill();
  }
}

function withoutUndefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
