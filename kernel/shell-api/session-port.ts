// What the ShellApi needs of the Session (kernel/session/session.ts). Declared here so the shell API can be built
// and tested on its own; the real Session satisfies it structurally.

import type { ClusterStatus, CompletionReply, ExecuteReply, ParabookEvent } from "../../contract/api.js";

export interface SessionPort {
  execute(cellId: string, code: string): Promise<ExecuteReply>;
  interrupt(): Promise<void>;
  answerInput(cellId: string, line: string): Promise<void>;
  restart(): Promise<void>;
  complete(code: string, cursor: number): Promise<CompletionReply>;
  removeStickyMagic(name: string): Promise<void>;
  clusterStatus(): ClusterStatus;
  startCluster(): Promise<ClusterStatus>;
  kernels(): { name: string; displayName: string }[];
  onEvent(listener: (event: ParabookEvent) => void): () => void;
  shutdown(): Promise<void>;
}
