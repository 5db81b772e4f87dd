// How the KernelManager starts kernel processes, independent of the host: under Node a child_process.fork
// (NodeSpawner, kernel/cluster), under Electron a utilityProcess.fork (ElectronSpawner, electron/). Messages are
// JSON-safe objects of the kernel protocol (kernel/cluster/protocol.ts); the spawner only carries them.

export interface KernelExit {
  /** Exit code, when the process exited by itself. */
  readonly code: number | null;
  /** Signal name, when it was killed ("SIGKILL"). */
  readonly signal: string | null;
  /** Why, in words, when the host knows more than code and signal: "out of memory", "crashed (SIGSEGV)". */
  readonly reason?: string;
}

export interface KernelProcess {
  /** Its process id, on the machine it runs on. */
  readonly pid: number | undefined;
  /** The machine it runs on, when that is not this one (a node started by a launcher elsewhere). */
  readonly host?: string | undefined;
  send(message: object): void;
  onMessage(listener: (message: object) => void): void;
  /** Called once, when the process is gone for whatever reason. */
  onExit(listener: (exit: KernelExit) => void): void;
  /** Ends the process (SIGTERM by default; SIGKILL when it does not listen). */
  kill(signal?: "SIGTERM" | "SIGKILL"): void;
}

export interface SpawnOptions {
  /** Absolute path of the compiled kernel process entry (dist/kernel/cluster/kernel-process.js). */
  readonly entry: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Shown in process lists and Electron's task manager: "parabook host kernel", "parabook node 3". */
  readonly name: string;
}

export interface Spawner {
  spawn(options: SpawnOptions): KernelProcess;
}
