// A kernel's channels through a Jupyter Server: one WebSocket (/api/kernels/{id}/channels) carrying shell, control,
// iopub and stdin as JSON text, each message naming its `channel` (the server's default format). Requests get
// their reply by the reply's parent msg_id; everything else goes to the listeners.
//
// The token travels in the Authorization header of the upgrade request, as in REST calls, never in the address.

import { randomUUID } from "node:crypto";
import { WebSocket } from "ws";
import {
  PROTOCOL_VERSION,
  type Channel,
  type JupyterMessage,
  type MessageHeader,
  type MessageContents,
  type MessageType,
  type ReplyType,
  type RequestType,
} from "../../contract/jupyter/messages.js";
import { JupyterServerError, networkReason, type JupyterServerRest } from "./server-rest.js";

/** How long opening the WebSocket may take before the server counts as unreachable. */
const OPEN_TIMEOUT_MS = 30_000;

/** A WebSocket ping goes out this often; a server that has not answered the previous one by then is gone (a machine
 *  that vanished or a network that broke closes no connection by itself). */
const PING_INTERVAL_MS = 15_000;

/** The largest message accepted from the server (a notebook's outputs can be large; a runaway is refused). */
const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

/** The reason close listeners hear when this client closed the channels itself. */
export const CLOSED_BY_CLIENT = "closed by Parabook";

export type MessageListener = (message: JupyterMessage) => void;

interface PendingReply {
  resolve(message: JupyterMessage): void;
  reject(err: Error): void;
}

export class KernelChannels {
  private readonly listeners = new Set<MessageListener>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  private readonly pending = new Map<string, PendingReply>();
  private closedReason: string | undefined;
  private readonly pinger: NodeJS.Timeout;
  private pongMissing = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly serverUrl: string,
    /** This client's session id: every message it sends carries it, and the server tells its connections apart by it. */
    readonly session: string,
  ) {
    socket.on("message", (data, isBinary) => this.receive(data.toString(), isBinary));
    socket.on("close", (code, reason) => this.closed(describeClose(code, reason.toString())));
    socket.on("error", (err) => this.closed(networkReason(err)));
    socket.on("pong", () => (this.pongMissing = false));
    this.pinger = setInterval(() => {
      if (this.pongMissing) {
        this.closed(`no answer from the server for ${(2 * PING_INTERVAL_MS) / 1000} s`);
        socket.terminate();
        return;
      }
      this.pongMissing = true;
      socket.ping();
    }, PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /** Opens the channels of kernel `kernelId`; fails saying why (unreachable, refused token, no such kernel). */
  static open(rest: JupyterServerRest, kernelId: string): Promise<KernelChannels> {
    const session = randomUUID();
    const url = rest.channelsUrl(kernelId, session);
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, {
        headers: rest.authHeaders(),
        handshakeTimeout: OPEN_TIMEOUT_MS,
        maxPayload: MAX_MESSAGE_BYTES,
        // A redirect could carry the token elsewhere.
        followRedirects: false,
      });
      const failed = (reason: string) => {
        socket.removeAllListeners();
        socket.on("error", () => undefined);
        socket.terminate();
        reject(new JupyterServerError(`Cannot open the kernel's channels on the Jupyter Server at ${rest.url}: ${reason}`));
      };
      socket.once("unexpected-response", (_request, response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        failed(
          status === 401 || status === 403
            ? `${status} Forbidden — the token was not accepted`
            : status === 404
              ? "404 Not Found — the kernel is gone"
              : `the server answered ${status} ${response.statusMessage ?? ""}`.trim(),
        );
      });
      socket.once("error", (err) => failed(networkReason(err)));
      socket.once("open", () => {
        socket.removeAllListeners();
        resolve(new KernelChannels(socket, rest.url, session));
      });
    });
  }

  /** Every message the kernel sends that is not the reply to one of this client's requests (iopub above all). */
  onMessage(listener: MessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears once why the channels closed (the server went away, the kernel was deleted, close() was called). */
  onClose(listener: (reason: string) => void): () => void {
    if (this.closedReason !== undefined) {
      listener(this.closedReason);
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  get isOpen(): boolean {
    return this.closedReason === undefined;
  }

  /** Sends a message (an answer names its `parent`) and returns its msg_id. Throws when the channels are closed. */
  send<T extends MessageType>(channel: Channel, msgType: T, content: MessageContents[T], parent?: MessageHeader<string>): string {
    if (this.closedReason !== undefined) throw this.closedError();
    const msgId = randomUUID();
    const message: JupyterMessage<T> = {
      header: { msg_id: msgId, session: this.session, username: "parabook", date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION },
      parent_header: parent ?? {},
      metadata: {},
      content,
      buffers: [],
      channel,
    };
    this.socket.send(JSON.stringify(message));
    return msgId;
  }

  /**
   * Sends a request and resolves with its reply. `sent` hears the request's msg_id before any message about it can
   * arrive (iopub output of an execute request comes before its reply). Rejects when the channels close first.
   */
  request<T extends RequestType>(
    channel: "shell" | "control",
    msgType: T,
    content: MessageContents[T],
    sent?: (msgId: string) => void,
  ): Promise<JupyterMessage<ReplyType<T>>> {
    return new Promise((resolve, reject) => {
      let msgId: string;
      try {
        msgId = this.send(channel, msgType, content);
      } catch (err) {
        reject(err as Error);
        return;
      }
      this.pending.set(msgId, { resolve: resolve as (m: JupyterMessage) => void, reject });
      sent?.(msgId);
    });
  }

  close(): void {
    if (this.closedReason === undefined) this.socket.close(1000);
    this.closed(CLOSED_BY_CLIENT);
  }

  private receive(text: string, isBinary: boolean): void {
    if (isBinary) return; // Binary frames carry buffers of other kernels' comms; Parabook's messages have none.
    let message: JupyterMessage;
    try {
      message = JSON.parse(text) as JupyterMessage;
    } catch {
      return; // Not a message: nothing here can be attributed to a cell.
    }
    if (typeof message?.header?.msg_type !== "string") return;
    const parent = (message.parent_header as { msg_id?: string }).msg_id;
    if ((message.channel === "shell" || message.channel === "control") && parent !== undefined) {
      const waiting = this.pending.get(parent);
      if (waiting && message.header.msg_type.endsWith("_reply")) {
        this.pending.delete(parent);
        waiting.resolve(message);
        return;
      }
    }
    for (const listener of [...this.listeners]) listener(message);
  }

  private closed(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    clearInterval(this.pinger);
    const error = this.closedError();
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    for (const listener of [...this.closeListeners]) listener(reason);
    this.closeListeners.clear();
    this.socket.removeAllListeners("message");
    this.socket.on("error", () => undefined);
  }

  private closedError(): JupyterServerError {
    return new JupyterServerError(`The connection to the Jupyter Server at ${this.serverUrl} is closed (${this.closedReason})`);
  }
}

function describeClose(code: number, reason: string): string {
  if (code === 1000 && reason === "") return "the server closed the connection";
  if (code === 1006) return "the connection was lost";
  return `the server closed the connection (${code}${reason ? `: ${reason}` : ""})`;
}
