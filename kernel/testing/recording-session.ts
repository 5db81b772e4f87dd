// A test double for the Session (kernel/shell-api/session-port.ts): records what the host asked and answers the way the
// real Session does in shape (events through onEvent, then the reply), so host and server tests run without
// kernel processes. Only tests import it.

import type { ClusterStatus, CompletionReply, ExecuteReply, ParabookEvent } from "../../contract/api.js";
import type { SessionPort } from "../shell-api/session-port.js";

export class RecordingSession implements SessionPort {
  readonly calls: string[] = [];
  private readonly listeners = new Set<(event: ParabookEvent) => void>();
  private executionCount = 0;
  status: ClusterStatus = { kernel: null, nodes: [], defaultTargets: [] };

  /** Send an event as if the Session had emitted it. */
  emit(event: ParabookEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  async execute(cellId: string, code: string): Promise<ExecuteReply> {
    this.calls.push(`execute ${cellId} ${code}`);
    const executionCount = ++this.executionCount;
    if (code.startsWith("(error")) {
      this.emit({ type: "error", cellId, ename: "Error", evalue: code, traceback: [code] });
      return { status: "error", executionCount };
    }
    this.emit({ type: "stream", cellId, name: "stdout", text: `ran ${code}\n` });
    this.emit({ type: "result", cellId, executionCount, data: { "text/plain": code } });
    return { status: "ok", executionCount };
  }
  async interrupt(): Promise<void> {
    this.calls.push("interrupt");
  }
  async answerInput(cellId: string, line: string): Promise<void> {
    this.calls.push(`answerInput ${cellId} ${line}`);
  }
  async restart(): Promise<void> {
    this.calls.push("restart");
    this.emit({ type: "kernel", state: "restarting" });
    this.emit({ type: "kernel", state: "idle" });
  }
  async complete(code: string, cursor: number): Promise<CompletionReply> {
    this.calls.push(`complete ${code} ${cursor}`);
    return { matches: [`${code.slice(0, cursor)}-done`], start: 0, end: cursor };
  }
  async removeStickyMagic(name: string): Promise<void> {
    this.calls.push(`removeStickyMagic ${name}`);
    this.emit({ type: "sticky", magics: [] });
  }
  clusterStatus(): ClusterStatus {
    return this.status;
  }
  async startCluster(): Promise<ClusterStatus> {
    this.calls.push("startCluster");
    this.status = { kernel: "scheme", nodes: [{ rank: 0, state: "idle", host: "localhost" }], defaultTargets: [0] };
    this.emit({ type: "cluster", status: this.status });
    return this.status;
  }
  kernels(): { name: string; displayName: string }[] {
    return [{ name: "scheme", displayName: "Scheme" }];
  }
  onEvent(listener: (event: ParabookEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async shutdown(): Promise<void> {
    this.calls.push("shutdown");
  }
}
