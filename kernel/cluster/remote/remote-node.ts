// One node of a cluster on another machine, seen from the host: a KernelProcess like a local child, so the
// KernelConnection (and above it the Session and the magics) cannot tell the difference. Its messages travel
// through the cluster's NodeListener; its "exit" is whatever ended it as far as the host can know: it said goodbye,
// its connection closed, its heartbeats stopped, the launcher reported it dead, or the host gave up on it.

import type { KernelExit, KernelProcess } from "../spawner.js";

/** What the listener does for a node: send it kernel requests, and tell it to leave. */
export interface NodeLine {
  sendKernel(rank: number, message: object): void;
  terminate(rank: number): void;
}

export class RemoteNode implements KernelProcess {
  private where: { host: string; pid: number } | undefined;
  /** Requests sent before the node connected; they go out once it has. */
  private readonly waiting: object[] = [];
  private exited: KernelExit | undefined;
  private readonly messageListeners: ((message: object) => void)[] = [];
  private readonly exitListeners: ((exit: KernelExit) => void)[] = [];

  constructor(
    readonly rank: number,
    private readonly line: NodeLine,
  ) {}

  /** The node's process id on its own machine, once it has said hello. */
  get pid(): number | undefined {
    return this.where?.pid;
  }

  /** The machine it runs on, once it has said hello. */
  get host(): string | undefined {
    return this.where?.host;
  }

  get connected(): boolean {
    return this.where !== undefined && this.exited === undefined;
  }

  get hasExited(): boolean {
    return this.exited !== undefined;
  }

  /** "node 3 on h2", or "node 3" before it said where it runs. */
  describe(): string {
    return this.where ? `node ${this.rank} on ${this.where.host}` : `node ${this.rank}`;
  }

  send(message: object): void {
    if (this.exited) return;
    if (this.where) this.line.sendKernel(this.rank, message);
    else this.waiting.push(message);
  }

  onMessage(listener: (message: object) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (exit: KernelExit) => void): void {
    if (this.exited) listener(this.exited);
    else this.exitListeners.push(listener);
  }

  /**
   * A remote process cannot be signalled from here: the node is told to leave, and the host stops counting on it
   * at once. One that cannot hear (stopped, cut off) leaves by itself when the host's heartbeats stop reaching it.
   */
  kill(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): void {
    if (this.exited) return;
    if (this.where) this.line.terminate(this.rank);
    this.exit({ code: null, signal });
  }

  // ----- what the listener and the launcher tell it ----------------------------------------------------------

  connectedFrom(host: string, pid: number): void {
    if (this.exited || this.where) return;
    this.where = { host, pid };
    for (const message of this.waiting.splice(0)) this.line.sendKernel(this.rank, message);
  }

  received(message: object): void {
    if (this.exited) return;
    for (const listener of this.messageListeners) listener(message);
  }

  /** It is gone, for the reason given; the first report wins. */
  exit(exit: KernelExit): void {
    if (this.exited) return;
    this.exited = exit;
    for (const listener of this.exitListeners) listener(exit);
  }
}
