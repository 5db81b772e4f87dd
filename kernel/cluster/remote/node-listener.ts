// The host's end of a cluster on other machines: one ZeroMQ ROUTER socket, bound on the interface and port the user
// chose, that the cluster's nodes connect to (each a DEALER whose routing id is its rank), encrypted and
// authenticated with the cluster's CURVE keys. It hands out one RemoteNode per rank and keeps them honest:
//
// - a node's hello is checked (version, rank, size) before the node is welcomed, and refused with the reason;
// - heartbeats go both ways; a node not heard from within the bound is gone (its machine vanished, it was stopped,
//   or the network between was lost), and is reported so at once;
// - when a connection closes (the node's process ended, whatever killed it), the socket says so within
//   milliseconds and the rank whose route vanished is gone too.

import { Context, Router } from "zeromq";
import { hostname } from "node:os";
import { linkFrames, LinkProtocolError, checkHello, readNodeMessage, type HostToNode, type Hello } from "./link-protocol.js";
import { RemoteNode, type NodeLine } from "./remote-node.js";
import { ZapAuthenticator } from "./zap-authenticator.js";
import type { ClusterKeys } from "./curve-keys.js";
import { PARABOOK_VERSION } from "./version.js";

export interface ListenerOptions {
  /** Where to listen: "tcp://0.0.0.0:0" (every interface, any free port), "tcp://10.0.0.1:41000". */
  readonly bind: string;
  readonly size: number;
  readonly keys: ClusterKeys;
  /** The language the nodes run, by canonical name. */
  readonly language: string;
  readonly heapLimitMb: number | "auto";
  /** A node silent for longer than this is gone; nodes hear the same bound for the host. */
  readonly heartbeatTimeoutMs: number;
  /** The version nodes must run (tests pretend another); default: this installation's. */
  readonly version?: string;
}

/** How many heartbeats fit in the bound: a few lost ones must not count as death. */
const HEARTBEATS_PER_BOUND = 5;

/** The socket queues this many messages for one node before it counts as unreachable. */
const HIGH_WATER_MARK = 100_000;

/** Why a peer's hello was refused, in the words the node prints. */
function refusal(hello: Hello, size: number, version: string): string | undefined {
  if (hello.version !== version) {
    return `version mismatch: this node (${hello.host}) runs Parabook ${hello.version}, the host (${hostname()}) runs Parabook ${version}; install the same version on both`;
  }
  if (hello.size !== size) return `this node was started for a cluster of ${hello.size} nodes; this cluster has ${size}`;
  if (hello.rank < 0 || hello.rank >= size) return `rank ${hello.rank} is not in this cluster of ${size} nodes (ranks 0 to ${size - 1})`;
  return undefined;
}

export class NodeListener implements NodeLine {
  private readonly nodes: RemoteNode[];
  private readonly lastHeard = new Map<number, number>();
  private readonly heartbeatTimer: NodeJS.Timeout;
  private readonly refusedListeners: ((who: string, why: string) => void)[] = [];
  private closed = false;

  private constructor(
    private readonly socket: Router,
    private readonly authenticator: ZapAuthenticator,
    private readonly options: ListenerOptions,
    /** The endpoint bound, with the port chosen: "tcp://0.0.0.0:41234". */
    readonly endpoint: string,
  ) {
    this.nodes = Array.from({ length: options.size }, (_, rank) => new RemoteNode(rank, this));
    this.heartbeatTimer = setInterval(() => this.beat(), Math.max(20, options.heartbeatTimeoutMs / HEARTBEATS_PER_BOUND));
    this.heartbeatTimer.unref();
    void this.receive();
    void this.watchConnections();
  }

  /** Bind the socket; rejects (saying where) when the address cannot be used. */
  static async open(options: ListenerOptions): Promise<NodeListener> {
    // A context of its own: the ZAP handler answers for every socket of its context, and each cluster has its keys.
    const context = new Context({ blocky: false });
    const refusals: string[] = [];
    let listener: NodeListener | undefined;
    const authenticator = await ZapAuthenticator.start(context, options.keys.node.publicKey, (address) => {
      if (listener) listener.tellRefused(address, "not this cluster's key");
      else refusals.push(address);
    });
    const socket = new Router({
      context,
      curveServer: true,
      curveSecretKey: options.keys.server.secretKey,
      // Without a domain libzmq may skip ZAP for some mechanisms; with it, every peer is asked about.
      zapDomain: "parabook",
      // A send to a rank that is not connected fails (EHOSTUNREACH) instead of vanishing: that is how a closed
      // connection is told apart from an open one (watchConnections). A full queue fails at once (EAGAIN) instead of
      // blocking every other node's messages behind one stopped node.
      mandatory: true,
      sendTimeout: 0,
      sendHighWaterMark: HIGH_WATER_MARK,
      linger: 0,
    });
    try {
      await socket.bind(options.bind);
    } catch (err) {
      socket.close();
      authenticator.close();
      throw new Error(`cannot listen for nodes on ${options.bind}: ${(err as Error).message}`);
    }
    listener = new NodeListener(socket, authenticator, options, socket.lastEndpoint ?? options.bind);
    for (const address of refusals) listener.tellRefused(address, "not this cluster's key");
    return listener;
  }

  /** The port the socket listens on. */
  get port(): number {
    return Number(/:(\d+)$/.exec(this.endpoint)?.[1]);
  }

  node(rank: number): RemoteNode {
    const node = this.nodes[rank];
    if (!node) throw new RangeError(`no rank ${rank} in a cluster of ${this.nodes.length}`);
    return node;
  }

  /** Hears about every peer turned away: a wrong key, a wrong version, a rank that is not ours. */
  onRefused(listener: (who: string, why: string) => void): void {
    this.refusedListeners.push(listener);
  }

  /** Tell every node still there to leave, and stop listening. */
  close(): void {
    if (this.closed) return;
    for (const node of this.nodes) if (node.connected) this.send(node.rank, "terminate", null);
    for (const node of this.nodes) node.exit({ code: null, signal: null, reason: "the cluster was closed" });
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    // Give the terminate messages a moment to leave before the socket goes (linger 0 would drop them).
    this.socket.linger = 200;
    this.socket.close();
    this.authenticator.close();
  }

  // ----- NodeLine ----------------------------------------------------------------------------------------------

  sendKernel(rank: number, message: object): void {
    this.send(rank, "kernel", message as HostToNode["kernel"]);
  }

  terminate(rank: number): void {
    this.send(rank, "terminate", null);
  }

  // ----- inside ------------------------------------------------------------------------------------------------

  private send<K extends keyof HostToNode & string>(rank: number, kind: K, payload: HostToNode[K]): void {
    if (this.closed) return;
    // With sendTimeout 0 the socket takes the message at once or fails at once; it never blocks.
    this.socket.send([String(rank), ...linkFrames<HostToNode, K>(kind, payload)]).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "EHOSTUNREACH") this.connectionClosed(rank);
      // EAGAIN: its queue is full; if it stays silent, the heartbeat bound ends it.
    });
  }

  private tellRefused(who: string, why: string): void {
    for (const listener of this.refusedListeners) listener(who, why);
  }

  private async receive(): Promise<void> {
    try {
      for await (const [identity, ...frames] of this.socket) {
        if (identity) this.handle(identity.toString("utf8"), frames);
      }
    } catch {
      // The socket was closed.
    }
  }

  private handle(identity: string, frames: Buffer[]): void {
    const rank = /^\d+$/.test(identity) ? Number(identity) : -1;
    const node = this.nodes[rank];
    let message;
    try {
      message = readNodeMessage(frames);
    } catch (err) {
      if (err instanceof LinkProtocolError) return this.tellRefused(`peer ${JSON.stringify(identity)}`, err.message);
      throw err;
    }
    if (message.kind === "hello") return this.hello(identity, node, message.payload);
    if (!node || !node.connected) return;
    this.lastHeard.set(rank, Date.now());
    switch (message.kind) {
      case "heartbeat":
        return;
      case "kernel":
        return node.received(message.payload);
      case "failed":
        return node.exit({ code: 1, signal: null, reason: `${node.describe()} could not start: ${String((message.payload as { reason?: unknown }).reason)}` });
      case "goodbye":
        return node.exit({ code: Number((message.payload as { code?: unknown }).code) || 0, signal: null });
    }
  }

  private hello(identity: string, node: RemoteNode | undefined, payload: unknown): void {
    let hello: Hello;
    try {
      hello = checkHello(payload);
    } catch (err) {
      return this.tellRefused(`peer ${JSON.stringify(identity)}`, (err as Error).message);
    }
    const why = String(hello.rank) !== identity ? `its routing id ${JSON.stringify(identity)} is not its rank ${hello.rank}` : refusal(hello, this.options.size, this.options.version ?? PARABOOK_VERSION);
    if (why !== undefined || !node || node.hasExited || node.connected) {
      const reason = why ?? (node?.connected ? `rank ${hello.rank} is already connected` : `rank ${hello.rank} is no longer wanted`);
      this.socket.send([identity, ...linkFrames<HostToNode, "refused">("refused", { reason })]).catch(() => undefined);
      this.tellRefused(`node ${hello.rank} on ${hello.host}`, reason);
      // A node of the wrong version holds a rank this cluster waits for: it will never come, and saying why now
      // beats a start-up timeout.
      if (why !== undefined && node && !node.connected) node.exit({ code: 1, signal: null, reason: `node ${hello.rank} on ${hello.host} was refused: ${why}` });
      return;
    }
    this.lastHeard.set(node.rank, Date.now());
    const welcome = { language: this.options.language, heapLimitMb: this.options.heapLimitMb, heartbeatTimeoutMs: this.options.heartbeatTimeoutMs };
    this.send(node.rank, "welcome", welcome);
    node.connectedFrom(hello.host, hello.pid);
  }

  /** Heartbeats out, and the silent declared gone. */
  private beat(): void {
    const now = Date.now();
    for (const node of this.nodes) {
      if (!node.connected) continue;
      const silentMs = now - (this.lastHeard.get(node.rank) ?? now);
      if (silentMs > this.options.heartbeatTimeoutMs) {
        this.terminate(node.rank);
        node.exit({
          code: null,
          signal: null,
          reason: `no heartbeat from ${node.host} for ${(this.options.heartbeatTimeoutMs / 1000).toFixed(1)} s (the machine stopped, the process hung or was stopped, or the network between was lost)`,
        });
        continue;
      }
      this.send(node.rank, "heartbeat", null);
    }
  }

  /**
   * The socket reports a closed connection without saying whose: every connected rank is asked at once (a send to
   * a closed one fails with EHOSTUNREACH, see send), and again a little later in case the route had not yet gone.
   */
  private async watchConnections(): Promise<void> {
    try {
      for await (const event of this.socket.events) {
        if (event.type !== "disconnect") continue;
        for (const delayMs of [0, 50, 250]) {
          setTimeout(() => {
            for (const node of this.nodes) if (node.connected) this.send(node.rank, "heartbeat", null);
          }, delayMs).unref();
        }
      }
    } catch {
      // The socket was closed.
    }
  }

  private connectionClosed(rank: number): void {
    const node = this.nodes[rank];
    if (!node?.connected) return;
    node.exit({ code: null, signal: null, reason: `its connection closed (the node process on ${node.host} ended)` });
  }
}
