// A node's end of the link to its host on another machine: a ZeroMQ DEALER whose routing id is the node's rank,
// with the cluster's CURVE keys. It says hello, waits to be welcomed, then carries the kernel protocol for the
// switchboard (as its ParentChannel) and keeps heartbeats going both ways. A host not heard from within the bound is
// gone (killed, its machine lost, the network cut): the node then leaves by itself, so none is left behind.

import { Dealer } from "zeromq";
import { hostname } from "node:os";
import { linkFrames, readHostMessage, type NodeToHost, type Welcome } from "./link-protocol.js";
import type { NodeKeys } from "./curve-keys.js";
import type { ParentChannel } from "../switchboard.js";
import type { KernelMessage } from "../protocol.js";
import { PARABOOK_VERSION } from "./version.js";

export interface NodeLinkOptions {
  /** The host's address: "tcp://10.0.0.1:41000". */
  readonly connect: string;
  readonly rank: number;
  readonly size: number;
  readonly keys: NodeKeys;
  /** How long to wait for the host's welcome before giving up. */
  readonly welcomeTimeoutMs: number;
  /** The version this node says it runs (tests pretend another); default: this installation's. */
  readonly version?: string;
}

/** The node could not join its cluster; the message says why, for the node's stderr (which the launcher shows). */
export class NodeLinkError extends Error {
  override readonly name = "NodeLinkError";
}

const HEARTBEATS_PER_BOUND = 5;
/** Handshakes that break (rather than being refused) before the keys count as wrong. */
const BROKEN_HANDSHAKES_TOLERATED = 3;
const HIGH_WATER_MARK = 100_000;
/** How long a leaving node's last messages (a reply, goodbye) may take to leave. */
const LEAVING_LINGER_MS = 500;

export class HostLink {
  private readonly listeners: ((message: unknown) => void)[] = [];
  private lastHeard = Date.now();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private leaving = false;

  private constructor(
    private readonly socket: Dealer,
    readonly welcome: Welcome,
    private readonly connect: string,
    private readonly onHostGone: (why: string) => void,
  ) {}

  /**
   * Connect, say hello and wait for the welcome. Rejects with NodeLinkError when the host refuses this node (saying
   * why), does not accept its keys, or does not answer in time. `onHostGone` is told when the host goes silent or
   * tells this node to leave, after the link has been closed.
   */
  static async open(options: NodeLinkOptions, onHostGone: (why: string) => void): Promise<HostLink> {
    const socket = new Dealer({
      routingId: String(options.rank),
      curveServerKey: options.keys.serverPublicKey,
      curvePublicKey: options.keys.nodePublicKey,
      curveSecretKey: options.keys.nodeSecretKey,
      sendTimeout: 0,
      sendHighWaterMark: HIGH_WATER_MARK,
      linger: LEAVING_LINGER_MS,
    });
    const where = options.connect;
    // A handshake that fails for want of the right keys fails the same way every time: say so rather than wait. The
    // host's refusal arrives as an authentication error, or (when it closes first) as a broken connection, and a
    // wrong server key as a broken one too; a broken handshake is retried a few times before it counts.
    let refuse!: (err: NodeLinkError) => void;
    const refused = new Promise<never>((_, reject) => (refuse = reject));
    refused.catch(() => undefined);
    const notAccepted = (why: string): NodeLinkError =>
      new NodeLinkError(`the host at ${where} did not accept this node's keys (${why}): they are not this cluster's keys, or ${where} is not this cluster's host`);
    const events = socket.events;
    void (async () => {
      let brokenHandshakes = 0;
      try {
        for await (const event of events) {
          if (event.type === "handshake:error:auth") refuse(notAccepted("authentication failed"));
          if (event.type === "handshake:error:protocol" || event.type === "handshake:error:other") {
            if (++brokenHandshakes >= BROKEN_HANDSHAKES_TOLERATED) refuse(notAccepted(`the encrypted handshake failed ${brokenHandshakes} times: ${event.error.message}`));
          }
          if (event.type === "handshake") brokenHandshakes = 0;
        }
      } catch {
        // Closed.
      }
    })();
    try {
      socket.connect(where);
    } catch (err) {
      socket.close();
      throw new NodeLinkError(`cannot connect to ${where}: ${(err as Error).message}`);
    }
    const hello: NodeToHost["hello"] = { version: options.version ?? PARABOOK_VERSION, rank: options.rank, size: options.size, host: hostname(), pid: process.pid };
    await socket.send(linkFrames<NodeToHost, "hello">("hello", hello));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new NodeLinkError(
            `no answer from the host at ${where} within ${options.welcomeTimeoutMs / 1000} s (is the address right, the port open to this machine, and the host still waiting?)`,
          ),
        );
      }, options.welcomeTimeoutMs);
    });
    try {
      for (;;) {
        const frames = await Promise.race([socket.receive(), late, refused]);
        const message = readHostMessage(frames);
        if (message.kind === "refused") throw new NodeLinkError(`the host at ${where} refused this node: ${message.payload.reason}`);
        if (message.kind === "welcome") {
          const link = new HostLink(socket, message.payload, where, onHostGone);
          link.start();
          return link;
        }
      }
    } catch (err) {
      socket.linger = 0;
      socket.close();
      throw err instanceof NodeLinkError ? err : new NodeLinkError(`joining the cluster at ${where} failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The channel the switchboard talks to the host through. */
  get channel(): ParentChannel {
    return {
      send: (message: KernelMessage) => this.send("kernel", message),
      onMessage: (listener) => void this.listeners.push(listener),
      leave: (code) => this.leave(code),
    };
  }

  /** Tell the host this node cannot start, and why; then leave. */
  fail(reason: string): void {
    this.send("failed", { reason });
    this.close();
  }

  /** Say goodbye and end the process. */
  leave(code: number): void {
    if (this.leaving) return;
    this.send("goodbye", { code });
    this.close();
    process.exit(code);
  }

  private start(): void {
    const timeoutMs = this.welcome.heartbeatTimeoutMs;
    this.heartbeatTimer = setInterval(() => {
      const silentMs = Date.now() - this.lastHeard;
      if (silentMs > timeoutMs) {
        this.hostGone(`the host at ${this.connect} has not been heard from for ${(silentMs / 1000).toFixed(1)} s`);
        return;
      }
      this.send("heartbeat", null);
    }, Math.max(20, timeoutMs / HEARTBEATS_PER_BOUND));
    void this.receive();
  }

  private async receive(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        let message;
        try {
          message = readHostMessage(frames);
        } catch {
          continue; // Not ours to understand; the heartbeat bound decides whether the host is still there.
        }
        this.lastHeard = Date.now();
        if (message.kind === "kernel") for (const listener of this.listeners) listener(message.payload);
        else if (message.kind === "terminate") this.hostGone("the host ended this node");
      }
    } catch {
      // Closed.
    }
  }

  private send<K extends keyof NodeToHost & string>(kind: K, payload: NodeToHost[K]): void {
    if (this.leaving) return;
    // sendTimeout 0: taken at once or failed at once (a full queue means the host is not reading; the heartbeat
    // bound will tell).
    this.socket.send(linkFrames<NodeToHost, K>(kind, payload)).catch(() => undefined);
  }

  private hostGone(why: string): void {
    if (this.leaving) return;
    this.socket.linger = 0;
    this.close();
    this.onHostGone(why);
  }

  private close(): void {
    if (this.leaving) return;
    this.leaving = true;
    clearInterval(this.heartbeatTimer);
    this.socket.close();
  }
}
