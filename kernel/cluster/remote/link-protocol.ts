// What a host and a node on another machine say to each other over ZeroMQ, besides the kernel protocol itself
// (protocol.ts), which they carry unchanged: one definition of every kernel message, local or remote.
//
// A message is a few ZeroMQ frames: its kind, then (for kinds with a payload) the payload as JSON. The host's
// ROUTER sees the node's rank in front of them, as the node's routing id. A node says hello; the host welcomes it
// (or refuses it, saying why); from then on both send heartbeats, and kernel requests and messages travel as
// "kernel" frames. A node that leaves says goodbye; one that cannot start says why it failed.

import type { HostMessage, KernelMessage } from "../protocol.js";

/** node → host. */
export interface NodeToHost {
  /** The node's first words: who and where it is. */
  hello: Hello;
  heartbeat: null;
  kernel: KernelMessage;
  /** The node cannot run a kernel (its language is not installed there…); it exits after this. */
  failed: { reason: string };
  /** The node process is leaving now (after a shutdown, or dying: the kernel's "dying" message said why). */
  goodbye: { code: number };
}

/** host → node. */
export interface HostToNode {
  welcome: Welcome;
  /** The host will not use this node; it exits, printing `reason`. */
  refused: { reason: string };
  heartbeat: null;
  kernel: HostMessage;
  /** Leave at once (the host has given up on this node: it was killed, or the cluster is going). */
  terminate: null;
}

export interface Hello {
  /** The Parabook version the node runs; the host refuses any other than its own. */
  readonly version: string;
  readonly rank: number;
  readonly size: number;
  /** The node machine's name, as the cluster panel and error messages show it. */
  readonly host: string;
  /** The node's process id on its machine. */
  readonly pid: number;
}

export interface Welcome {
  /** The language the node runs, by its canonical name (kernel/language/languages.ts), found in the node's own
   * installation. */
  readonly language: string;
  /** The node's heap limit in MB, or "auto": an equal share of its own machine's memory (memory-budget.ts). */
  readonly heapLimitMb: number | "auto";
  /** Silence longer than this (either way) means the other side is gone. */
  readonly heartbeatTimeoutMs: number;
}

export type LinkKind = keyof NodeToHost | keyof HostToNode;

/** The kinds without a payload: one frame. */
const BARE: ReadonlySet<string> = new Set(["heartbeat", "terminate"]);

export type LinkMessage<Direction> = { [K in keyof Direction]: { kind: K; payload: Direction[K] } }[keyof Direction];

/** The frames of one message. */
export function linkFrames<D, K extends keyof D & string>(kind: K, payload: D[K]): string[] {
  return BARE.has(kind) ? [kind] : [kind, JSON.stringify(payload)];
}

/** A message arrived that this side does not understand: a peer of another version, or not a Parabook peer. */
export class LinkProtocolError extends Error {
  override readonly name = "LinkProtocolError";
}

const NODE_TO_HOST: ReadonlySet<string> = new Set(["hello", "heartbeat", "kernel", "failed", "goodbye"]);
const HOST_TO_NODE: ReadonlySet<string> = new Set(["welcome", "refused", "heartbeat", "kernel", "terminate"]);

function parse(frames: readonly Buffer[], kinds: ReadonlySet<string>): { kind: string; payload: unknown } {
  const kind = frames[0]?.toString("utf8");
  if (kind === undefined || !kinds.has(kind)) throw new LinkProtocolError(`unknown message kind ${JSON.stringify(kind)}`);
  if (BARE.has(kind)) return { kind, payload: null };
  const body = frames[1];
  if (body === undefined) throw new LinkProtocolError(`a ${kind} message without its payload`);
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    throw new LinkProtocolError(`a ${kind} message whose payload is not JSON`);
  }
  if (typeof payload !== "object" || payload === null) throw new LinkProtocolError(`a ${kind} message whose payload is not an object`);
  return { kind, payload };
}

/** Read what a node sent (frames after its routing id). Payloads are checked where they are used. */
export function readNodeMessage(frames: readonly Buffer[]): LinkMessage<NodeToHost> {
  return parse(frames, NODE_TO_HOST) as LinkMessage<NodeToHost>;
}

export function readHostMessage(frames: readonly Buffer[]): LinkMessage<HostToNode> {
  return parse(frames, HOST_TO_NODE) as LinkMessage<HostToNode>;
}

/** A hello as the host may trust it: every field of the right type, or a LinkProtocolError saying which is not. */
export function checkHello(payload: unknown): Hello {
  const p = payload as Record<string, unknown>;
  const wrong = (field: string, want: string): never => {
    throw new LinkProtocolError(`hello: ${field} must be ${want}, got ${JSON.stringify(p[field])}`);
  };
  if (typeof p.version !== "string") wrong("version", "a string");
  for (const field of ["rank", "size", "pid"]) if (!Number.isSafeInteger(p[field])) wrong(field, "a whole number");
  if (typeof p.host !== "string" || p.host.length > 255) wrong("host", "a host name");
  return { version: p.version as string, rank: p.rank as number, size: p.size as number, host: p.host as string, pid: p.pid as number };
}
