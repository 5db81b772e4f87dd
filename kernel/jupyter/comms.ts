// The "parabook" comm (contract/jupyter/codec.ts, rule 3): what a Parabook front end needs beyond the standard
// messages. A front end opens it; the kernel then sends the current kernel, cluster and sticky-magic state and
// every later change as comm_msg `{ event }`, and answers `{ request }` with `{ reply }`. A comm_open for any
// other target is closed at once, as ipykernel does.

import {
  decodeCommToKernel,
  JupyterCodecError,
  PARABOOK_COMM_TARGET,
  type CommFromKernel,
  type CommReply,
  type CommRequest,
  type SessionEvent,
} from "../../contract/jupyter/codec.js";
import type { ClusterStatus } from "../../contract/api.js";
import type { CommInfoReply, JsonObject } from "../../contract/jupyter/messages.js";
import type { IncomingMessage } from "./wire.js";

/** What the comm's requests reach: the Session. */
export interface CommSession {
  removeStickyMagic(name: string): Promise<void>;
  startCluster(): Promise<ClusterStatus>;
  clusterStatus(): ClusterStatus;
  kernels(): { name: string; displayName: string }[];
}

export type CommPublisher = (msgType: "comm_msg" | "comm_close", content: { comm_id: string; data: JsonObject }, parent: IncomingMessage) => void;

export class ParabookComms {
  /** Open comms by id, with the comm_open that opened them (the parent of what the kernel sends on its own). */
  private readonly open = new Map<string, IncomingMessage>();
  /** The latest state events, sent to a comm when it opens so it starts from the truth. */
  private readonly latest = new Map<SessionEvent["type"], SessionEvent>();

  constructor(
    private readonly session: CommSession,
    private readonly publish: CommPublisher,
    private readonly report: (problem: string) => void,
  ) {}

  /** A session-wide event, to every open comm; `parent` is the request that caused it, when there is one. */
  sessionEvent(event: SessionEvent, parent: IncomingMessage | undefined): void {
    this.latest.set(event.type, event);
    for (const [commId, opened] of this.open) this.send(commId, { event }, parent ?? opened);
  }

  handleOpen(message: IncomingMessage): void {
    const { comm_id: commId, target_name: target } = message.content as { comm_id?: unknown; target_name?: unknown };
    if (typeof commId !== "string") return this.report("comm_open without a comm_id: ignored");
    if (target !== PARABOOK_COMM_TARGET) {
      this.report(`comm_open for target ${JSON.stringify(target)}: this kernel has only "${PARABOOK_COMM_TARGET}"; closing it`);
      this.publish("comm_close", { comm_id: commId, data: {} }, message);
      return;
    }
    this.open.set(commId, message);
    for (const event of this.latest.values()) this.send(commId, { event }, message);
  }

  async handleMessage(message: IncomingMessage): Promise<void> {
    const { comm_id: commId, data } = message.content as { comm_id?: unknown; data?: unknown };
    if (typeof commId !== "string" || !this.open.has(commId)) {
      return this.report(`comm_msg for a comm that is not open (${JSON.stringify(commId)}): ignored`);
    }
    let request: CommRequest;
    try {
      request = decodeCommToKernel(data).request;
    } catch (err) {
      if (!(err instanceof JupyterCodecError)) throw err;
      const id = (data as { request?: { id?: unknown } } | undefined)?.request?.id;
      if (typeof id === "number") this.send(commId, { reply: { id, ok: false, error: err.message } }, message);
      return this.report(`comm_msg refused: ${err.message}`);
    }
    this.send(commId, { reply: await this.answer(request) }, message);
  }

  handleClose(message: IncomingMessage): void {
    const commId = (message.content as { comm_id?: unknown }).comm_id;
    if (typeof commId === "string") this.open.delete(commId);
  }

  info(targetName: string | undefined): CommInfoReply {
    const comms: Record<string, { target_name: string }> = {};
    if (targetName === undefined || targetName === PARABOOK_COMM_TARGET) {
      for (const commId of this.open.keys()) comms[commId] = { target_name: PARABOOK_COMM_TARGET };
    }
    return { status: "ok", comms };
  }

  private async answer(request: CommRequest): Promise<CommReply> {
    try {
      switch (request.method) {
        case "removeStickyMagic":
          await this.session.removeStickyMagic(request.args[0]);
          return { id: request.id, ok: true, value: null };
        case "startCluster":
          return { id: request.id, ok: true, value: await this.session.startCluster() };
        case "clusterStatus":
          return { id: request.id, ok: true, value: this.session.clusterStatus() };
        case "kernels":
          return { id: request.id, ok: true, value: this.session.kernels() };
      }
    } catch (err) {
      return { id: request.id, ok: false, error: (err as Error).message };
    }
  }

  private send(commId: string, data: CommFromKernel, parent: IncomingMessage): void {
    this.publish("comm_msg", { comm_id: commId, data: data as unknown as JsonObject }, parent);
  }
}
