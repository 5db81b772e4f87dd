// A test's client of one kernel under a Jupyter Server: the channels WebSocket (/api/kernels/{id}/channels), which
// multiplexes shell, control, iopub and stdin as JSON text messages with a `channel` field (Jupyter Server 1.x's
// only protocol), token in the Authorization header. Deliberately small and written from the protocol's text, not
// shared with Parabook's own Jupyter Server client: the conformance test checks the kernel against what a standard
// front end sends, not against Parabook's other half. The message types are the contract's (one definition).

import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import {
  PROTOCOL_VERSION,
  replyType,
  type Channel,
  type JupyterMessage,
  type MessageContents,
  type MessageType,
  type ReplyType,
  type RequestType,
} from "../../contract/jupyter/messages.js";
import type { JupyterServer } from "./jupyter-server.js";

/** Every message the socket received in answer to one request (its reply, and what iopub said about it). */
export interface Exchange<R extends RequestType> {
  readonly reply: JupyterMessage<ReplyType<R>>;
  /** The iopub messages whose parent is the request, from busy to idle. */
  readonly iopub: readonly JupyterMessage[];
}

export class KernelSocket {
  readonly session = randomUUID();
  /** Every message received, in order. */
  readonly received: JupyterMessage[] = [];
  #waiters = new Set<() => void>();
  #closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data, isBinary) => {
      // Binary frames carry buffers (comms of other kernels); a Parabook kernel sends none, and a test would see one
      // as a message missing from `received`.
      if (isBinary) return;
      this.received.push(JSON.parse(data.toString()) as JupyterMessage);
      for (const wake of this.#waiters) wake();
    });
    this.#closed = new Promise((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens the channels of kernel `kernelId`; rejects with the HTTP status when the server refuses (401, 403, 404). */
  static open(server: JupyterServer, kernelId: string, options: { withToken?: boolean } = {}): Promise<KernelSocket> {
    const url = `${server.wsUrl}api/kernels/${kernelId}/channels`;
    const socket = new WebSocket(url, { headers: options.withToken === false ? {} : server.authHeaders });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new KernelSocket(socket)));
      socket.once("unexpected-response", (_request, response) => {
        reject(new Error(`the server refused the channels WebSocket: HTTP ${response.statusCode}`));
        socket.terminate();
      });
      socket.once("error", reject);
    });
  }

  /** Sends a request on `channel`; resolves to its msg_id. */
  send<T extends MessageType>(channel: Channel, msgType: T, content: MessageContents[T]): string {
    const msgId = randomUUID();
    const message: JupyterMessage<T> & { buffers: [] } = {
      header: { msg_id: msgId, session: this.session, username: "conformance", date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION },
      parent_header: {},
      metadata: {},
      content,
      channel,
      buffers: [],
    };
    this.socket.send(JSON.stringify(message));
    return msgId;
  }

  /** Resolves with the first message received (from the start) that `matches`, or rejects after `timeoutMs`. */
  async waitFor(what: string, matches: (m: JupyterMessage) => boolean, timeoutMs: number): Promise<JupyterMessage> {
    const found = this.received.find(matches);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.received.find(matches);
        if (!hit) return;
        done();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what}: nothing within ${timeoutMs / 1000} s; received: ${this.received.map((m) => m.header.msg_type).join(", ")}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
    });
  }

  /** The messages received so far whose parent is request `msgId`, on `channel`. */
  childrenOf(msgId: string, channel: Channel): JupyterMessage[] {
    return this.received.filter((m) => m.channel === channel && "msg_id" in m.parent_header && m.parent_header.msg_id === msgId);
  }

  /** The reply to request `msgId` and the iopub messages up to its idle status. */
  async exchange<R extends RequestType>(request: R, msgId: string, timeoutMs: number): Promise<Exchange<R>> {
    const isChild = (m: JupyterMessage) => "msg_id" in m.parent_header && m.parent_header.msg_id === msgId;
    const reply = await this.waitFor(`${replyType(request)} to ${msgId}`, (m) => isChild(m) && m.header.msg_type === replyType(request), timeoutMs);
    await this.waitFor(`idle status after ${request} ${msgId}`, (m) => isChild(m) && m.header.msg_type === "status" && (m.content as { execution_state: string }).execution_state === "idle", timeoutMs);
    return { reply: reply as JupyterMessage<ReplyType<R>>, iopub: this.childrenOf(msgId, "iopub") };
  }

  /** Sends a request and waits for its exchange. */
  async request<R extends RequestType>(channel: Channel, request: R, content: MessageContents[R], timeoutMs = 30_000): Promise<Exchange<R>> {
    return this.exchange(request, this.send(channel, request, content), timeoutMs);
  }

  /** Executes `code` as a notebook cell would (stored in the history, stdin not offered). */
  execute(code: string, timeoutMs = 30_000): Promise<Exchange<"execute_request">> {
    return this.request("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, timeoutMs);
  }

  /** Closes the socket; resolves once closed. */
  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.#closed;
  }
}

/** The text/plain of an exchange's execute_result, if it had one. */
export function resultText(exchange: Exchange<"execute_request">): string | undefined {
  const result = exchange.iopub.find((m) => m.header.msg_type === "execute_result");
  const text = result ? (result.content as MessageContents["execute_result"]).data["text/plain"] : undefined;
  return typeof text === "string" ? text : undefined;
}

/** The stdout an exchange's stream messages carried, in order. */
export function stdoutText(exchange: Exchange<"execute_request">): string {
  return exchange.iopub
    .filter((m) => m.header.msg_type === "stream" && (m.content as MessageContents["stream"]).name === "stdout")
    .map((m) => (m.content as MessageContents["stream"]).text)
    .join("");
}
