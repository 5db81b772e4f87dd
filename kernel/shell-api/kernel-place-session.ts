// Where the ShellApi gets its session: the kernel on this computer (the Session) or on a Jupyter Server, as Settings
// ▸ Kernel says. The choice is made when the kernel starts and again at each restart, never under a running cell:
// changing the setting takes effect at the next restart (the page says so). Both kinds are SessionPorts made by the
// shell (which knows how to build them), so this module depends on neither.

import { createHash } from "node:crypto";
import type { ClusterStatus, CompletionReply, ExecuteReply, ParabookEvent } from "../../contract/api.js";
import type { SettingsStore } from "../settings/store.js";
import type { SessionPort } from "./session-port.js";

/** A session that can be started ahead of its first cell (both kinds can). */
export interface StartableSession extends SessionPort {
  start(): Promise<void>;
}

/** The Jupyter Server the settings name, with the token to reach it. */
export interface JupyterServerChoice {
  readonly url: string;
  readonly token: string;
  readonly kernelName: string;
}

export interface SessionMakers {
  local(): StartableSession;
  jupyterServer(server: JupyterServerChoice): StartableSession;
}

/** One choice of session: `key` tells two choices apart (a changed address or token makes a new one). */
interface Choice {
  readonly key: string;
  make(): StartableSession;
}

function choiceFor(settings: SettingsStore, makers: SessionMakers): Choice {
  const current = settings.current();
  if (current.kernelPlace === "this-computer") return { key: "this-computer", make: () => makers.local() };
  if (current.jupyterServerUrl === "") {
    return {
      key: "jupyter-server without an address",
      make: () => new UnusableSession("Settings ▸ Kernel says the kernel runs on a Jupyter Server, but no server address is set."),
    };
  }
  const server: JupyterServerChoice = { url: current.jupyterServerUrl, token: settings.jupyterServerToken(), kernelName: current.jupyterKernelName };
  // The key holds a digest of the token, not the token: it is only compared, but need not hold the secret.
  const tokenDigest = createHash("sha256").update(server.token).digest("hex");
  return { key: `jupyter-server ${server.url} ${server.kernelName} ${tokenDigest}`, make: () => makers.jupyterServer(server) };
}

export class KernelPlaceSession implements StartableSession {
  private readonly listeners = new Set<(event: ParabookEvent) => void>();
  private current: StartableSession;
  private currentKey: string;
  private unsubscribe: () => void;

  constructor(
    private readonly settings: SettingsStore,
    private readonly makers: SessionMakers,
  ) {
    const choice = choiceFor(settings, makers);
    this.currentKey = choice.key;
    this.current = choice.make();
    this.unsubscribe = this.current.onEvent((event) => this.emit(event));
  }

  start(): Promise<void> {
    return this.current.start();
  }

  execute(cellId: string, code: string): Promise<ExecuteReply> {
    return this.current.execute(cellId, code);
  }

  interrupt(): Promise<void> {
    return this.current.interrupt();
  }

  answerInput(cellId: string, line: string): Promise<void> {
    return this.current.answerInput(cellId, line);
  }

  /** A fresh kernel: where the settings now say (the old one ends first), or the same kind restarted. */
  async restart(): Promise<void> {
    const choice = choiceFor(this.settings, this.makers);
    if (choice.key === this.currentKey) return this.current.restart();
    this.emit({ type: "kernel", state: "restarting" });
    const previous = this.current;
    this.unsubscribe();
    this.current = choice.make();
    this.currentKey = choice.key;
    this.unsubscribe = this.current.onEvent((event) => this.emit(event));
    // The new kernel does not wait for the old one to end (a server that cannot be reached must not hold it up).
    void previous.shutdown().catch(() => undefined);
    // No cluster, no sticky magics yet: the page must not go on showing the old kernel's.
    this.emit({ type: "cluster", status: this.current.clusterStatus() });
    this.emit({ type: "sticky", magics: [] });
    // A kernel that cannot start says why in its own kernel event; restart itself has done its part.
    await this.current.start().catch(() => undefined);
  }

  complete(code: string, cursor: number): Promise<CompletionReply> {
    return this.current.complete(code, cursor);
  }

  removeStickyMagic(name: string): Promise<void> {
    return this.current.removeStickyMagic(name);
  }

  clusterStatus(): ClusterStatus {
    return this.current.clusterStatus();
  }

  startCluster(): Promise<ClusterStatus> {
    return this.current.startCluster();
  }

  kernels(): { name: string; displayName: string }[] {
    return this.current.kernels();
  }

  onEvent(listener: (event: ParabookEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  shutdown(): Promise<void> {
    return this.current.shutdown();
  }

  private emit(event: ParabookEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

/** The session when the settings cannot give one: every cell and the kernel state say why. */
class UnusableSession implements StartableSession {
  private readonly listeners = new Set<(event: ParabookEvent) => void>();

  constructor(private readonly reason: string) {}

  async start(): Promise<void> {
    this.emit({ type: "kernel", state: "dead", message: this.reason });
  }

  async execute(cellId: string, _code: string): Promise<ExecuteReply> {
    this.emit({ type: "error", cellId, ename: "SettingsError", evalue: this.reason, traceback: [] });
    return { status: "error", executionCount: 0 };
  }

  async interrupt(): Promise<void> {}

  async answerInput(cellId: string): Promise<void> {
    throw new Error(`Cell ${cellId} is not waiting for input: it has ended, or was interrupted, since it asked.`);
  }

  async restart(): Promise<void> {
    await this.start();
  }

  async complete(_code: string, cursor: number): Promise<CompletionReply> {
    return { matches: [], start: cursor, end: cursor };
  }

  async removeStickyMagic(): Promise<void> {}

  clusterStatus(): ClusterStatus {
    return { kernel: null, nodes: [], defaultTargets: [] };
  }

  async startCluster(): Promise<ClusterStatus> {
    throw new Error(this.reason);
  }

  kernels(): { name: string; displayName: string }[] {
    return [];
  }

  onEvent(listener: (event: ParabookEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async shutdown(): Promise<void> {}

  private emit(event: ParabookEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
