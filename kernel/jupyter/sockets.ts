// The five sockets of a Jupyter kernel, bound where the connection file says (zeromq v6):
//   shell, control, stdin   ROUTER: requests from front ends, replies routed back to the sender
//   iopub                   PUB: what the kernel publishes to every front end
//   hb                      REP: the heartbeat, echoing every ping at once, whatever the kernel is doing
// Messages are checked (signature, frames) as they arrive; one that fails is dropped and reported, never handled.

import { Publisher, Reply, Router } from "zeromq";
import type { JupyterMessage } from "../../contract/jupyter/messages.js";
import { endpoint, type ConnectionInfo, type SocketName } from "./connection-file.js";
import { MessageFactory, parseFrames, WireError, type Received } from "./wire.js";

/** Messages a slow subscriber may fall behind by before iopub drops for it (the stream batcher bounds the rate). */
const HIGH_WATER_MARK = 100_000;

export type RequestChannel = "shell" | "control" | "stdin";

/** Sends on one socket one message at a time: zeromq's send refuses to start while another is under way. */
class Sender {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Router | Publisher,
    private readonly name: string,
    private readonly report: (problem: string) => void,
  ) {}

  send(frames: (Buffer | string)[]): Promise<void> {
    const sent = this.tail.then(() => this.socket.send(frames));
    this.tail = sent.catch((err: Error) => {
      if (!this.socket.closed) this.report(`could not send on ${this.name}: ${err.message}`);
    });
    return this.tail;
  }
}

export class KernelSockets {
  private readonly senders: Record<RequestChannel | "iopub", Sender>;
  private closed = false;

  private constructor(
    private readonly routers: Record<RequestChannel, Router>,
    private readonly iopub: Publisher,
    private readonly heartbeat: Reply,
    readonly factory: MessageFactory,
    private readonly report: (problem: string) => void,
  ) {
    this.senders = {
      shell: new Sender(routers.shell, "shell", report),
      control: new Sender(routers.control, "control", report),
      stdin: new Sender(routers.stdin, "stdin", report),
      iopub: new Sender(iopub, "iopub", report),
    };
    void this.echoHeartbeats();
  }

  /** Bind every socket; rejects naming the socket and address that could not be bound. */
  static async bind(info: ConnectionInfo, factory: MessageFactory, report: (problem: string) => void): Promise<KernelSockets> {
    const options = { linger: 1000, sendHighWaterMark: HIGH_WATER_MARK };
    const routers = { shell: new Router(options), control: new Router(options), stdin: new Router(options) };
    const iopub = new Publisher(options);
    const heartbeat = new Reply({ linger: 0 });
    const all: [SocketName, Router | Publisher | Reply][] = [
      ["shell", routers.shell],
      ["control", routers.control],
      ["stdin", routers.stdin],
      ["iopub", iopub],
      ["hb", heartbeat],
    ];
    try {
      for (const [name, socket] of all) {
        const address = endpoint(info, name);
        await socket.bind(address).catch((err: Error) => {
          throw new Error(`cannot bind the ${name} socket to ${address}: ${err.message}`);
        });
      }
    } catch (err) {
      for (const [, socket] of all) socket.close();
      throw err;
    }
    return new KernelSockets(routers, iopub, heartbeat, factory, report);
  }

  /** Calls `handle` with each well-formed message on `channel`, in order of arrival; drops and reports the rest. */
  listen(channel: RequestChannel, handle: (received: Received) => void): void {
    void (async () => {
      try {
        for await (const frames of this.routers[channel]) {
          let received: Received;
          try {
            received = parseFrames(frames, this.factory.signer);
          } catch (err) {
            if (!(err instanceof WireError)) throw err;
            this.report(`dropped a message on ${channel}: ${err.message}`);
            continue;
          }
          handle(received);
        }
      } catch (err) {
        if (!this.closed) this.report(`the ${channel} socket failed: ${(err as Error).message}`);
      }
    })();
  }

  /** Send a message to the front end behind `identities` on a ROUTER channel. */
  reply(channel: RequestChannel, identities: readonly Buffer[], message: JupyterMessage): Promise<void> {
    return this.senders[channel].send(this.factory.frames(identities, message));
  }

  /** Publish on iopub; the topic is the message type, as ipykernel's "kernel.<id>.<type>" is only advisory. */
  publish(message: JupyterMessage): Promise<void> {
    return this.senders.iopub.send(this.factory.frames([`kernel.${this.factory.session}.${message.header.msg_type}`], message));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const socket of [...Object.values(this.routers), this.iopub, this.heartbeat]) socket.close();
  }

  private async echoHeartbeats(): Promise<void> {
    try {
      for await (const ping of this.heartbeat) await this.heartbeat.send(ping);
    } catch (err) {
      if (!this.closed) this.report(`the heartbeat socket failed: ${(err as Error).message}`);
    }
  }
}
