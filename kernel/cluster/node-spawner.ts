// Kernel processes under plain Node (`parabook run`, `parabook serve`, tests): child_process.fork with an IPC
// channel. Electron's equivalent (utilityProcess.fork) lives in electron/.

import { fork, type ChildProcess } from "node:child_process";
import type { KernelExit, KernelProcess, SpawnOptions, Spawner } from "./spawner.js";

class ForkedKernel implements KernelProcess {
  private exited: KernelExit | undefined;
  private readonly exitListeners: ((exit: KernelExit) => void)[] = [];

  constructor(private readonly child: ChildProcess) {
    child.on("exit", (code, signal) => this.reportExit({ code, signal }));
    // A process that could not start at all (ENOENT, EAGAIN) emits "error" and may never emit "exit".
    child.on("error", () => this.reportExit({ code: child.exitCode ?? 1, signal: null }));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: object): void {
    if (this.exited || !this.child.connected) return;
    this.child.send(message);
  }

  onMessage(listener: (message: object) => void): void {
    this.child.on("message", (m) => listener(m as object));
  }

  onExit(listener: (exit: KernelExit) => void): void {
    if (this.exited) listener(this.exited);
    else this.exitListeners.push(listener);
  }

  kill(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): void {
    if (!this.exited) this.child.kill(signal);
  }

  private reportExit(exit: KernelExit): void {
    if (this.exited) return;
    this.exited = exit;
    for (const listener of this.exitListeners) listener(exit);
  }
}

export class NodeSpawner implements Spawner {
  spawn(options: SpawnOptions): KernelProcess {
    const child = fork(options.entry, [...options.args], {
      env: { ...process.env, ...options.env },
      // The kernel's own stdout would mix with `parabook run`'s output; what programs print arrives as stream
      // messages instead. Its stderr stays visible: a crash there is worth seeing.
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      // Test runners and debuggers pass flags to the host that a kernel must not inherit.
      execArgv: [],
      serialization: "json",
    });
    return new ForkedKernel(child);
  }
}
