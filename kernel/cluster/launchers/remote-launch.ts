// What every launcher of nodes on other machines shares: make the cluster's keys, listen for the nodes (one
// ZeroMQ socket, node-listener.ts), start the launcher's processes (srun, mpiexec, one ssh per node, or none for
// --listen), and turn what those say and how they end into each rank's fate: a node reported dead by its launcher
// before it connected fails with the launcher's words, naming the host where it can.

import { makeClusterKeys, nodeKeysOf, type NodeKeys } from "../remote/curve-keys.js";
import { NodeListener } from "../remote/node-listener.js";
import type { LaunchedNodes, LaunchRequest, Launcher } from "./launcher.js";
import { advertisedHost, bindEndpoint } from "./addresses.js";
import { nodeInvocation } from "./node-command.js";
import type { ListenAddress } from "./placement.js";
import { describeEnd, WatchedProcess, type ProcessCommand } from "./watched-process.js";

/** What a launcher's stderr line is about. */
export type LauncherLine =
  /** A node's own stderr, as the launcher passes it on (srun --label, mpiexec -prepend-rank, ssh). */
  | { readonly kind: "node"; readonly rank: number; readonly text: string }
  /** The launcher reports nodes dead or unable to start. */
  | { readonly kind: "failed"; readonly ranks: readonly number[]; readonly host?: string; readonly text: string }
  /** Worth telling the user while they wait (a queued job). */
  | { readonly kind: "progress"; readonly text: string }
  | { readonly kind: "other"; readonly text: string };

export interface LauncherProcess extends ProcessCommand {
  /** In messages: "srun", "mpiexec", "ssh h1". */
  readonly name: string;
  /** The ranks it starts. */
  readonly ranks: readonly number[];
  readonly read: (line: string) => LauncherLine;
}

/** What every launcher's command line is built from. */
export interface NodeStartup {
  readonly size: number;
  /** `… parabook node --connect tcp://HOST:PORT`: the words that start one node. */
  readonly node: readonly string[];
  readonly keys: NodeKeys;
  /** The address the nodes connect to. */
  readonly connect: string;
}

export interface RemoteMethod {
  readonly listen: ListenAddress | undefined;
  readonly heartbeatTimeoutMs: number;
  readonly nodeCommand: readonly string[] | undefined;
  /** How long nodes may take to be ready. */
  readonly startTimeoutMs: number;
  /** The processes that start the nodes (none: the user starts them). May tell the user something first. */
  processes(startup: NodeStartup, request: LaunchRequest): Promise<LauncherProcess[]>;
  /** Anything to clean up after the cluster (a keys file). */
  release?(): Promise<void>;
}

/** How long a launcher gets to end by itself once its nodes have left, before it is told to. */
const LAUNCHER_GRACE_MS = 3_000;
/** A node's own stderr lines kept for the message if it fails. */
const NODE_LINES_KEPT = 20;

/** Lines that say what went wrong, rather than a stack trace's frames or a banner. */
const TELLING = /\b(error|not found|no such file|missing|denied|refused|cannot|could not|not installed)\b/i;
const QUOTED_LINES = 3;

/** The end of a message that quotes what was said (the telling lines, else the last ones): ": a; b", or nothing. */
function quoting(lines: readonly string[]): string {
  const telling = lines.filter((line) => TELLING.test(line));
  const quoted = (telling.length > 0 ? telling : lines).slice(-QUOTED_LINES).map((line) => line.trim());
  return quoted.length === 0 ? "" : `: ${quoted.join("; ")}`;
}

export class RemoteLauncher implements Launcher {
  constructor(private readonly method: RemoteMethod) {}

  async launch(request: LaunchRequest): Promise<LaunchedNodes> {
    const method = this.method;
    const keys = makeClusterKeys();
    const listener = await NodeListener.open({
      bind: bindEndpoint(method.listen),
      size: request.size,
      keys,
      language: request.spec.name,
      heapLimitMb: request.heapLimitMb,
      heartbeatTimeoutMs: method.heartbeatTimeoutMs,
    });
    const connect = `tcp://${advertisedHost(method.listen?.host)}:${listener.port}`;
    const startup: NodeStartup = { size: request.size, node: nodeInvocation(method.nodeCommand, connect), keys: nodeKeysOf(keys), connect };
    let watched: WatchedProcess[];
    try {
      watched = (await method.processes(startup, request)).map((p) => this.watch(p, listener, request));
    } catch (err) {
      listener.close();
      await method.release?.();
      throw err;
    }
    return {
      processes: Array.from({ length: request.size }, (_, rank) => listener.node(rank)),
      startTimeoutMs: method.startTimeoutMs,
      release: async () => {
        listener.close();
        await Promise.all(watched.map((w) => w.stop(LAUNCHER_GRACE_MS)));
        await method.release?.();
      },
    };
  }

  private watch(launcher: LauncherProcess, listener: NodeListener, request: LaunchRequest): WatchedProcess {
    const nodeLines = new Map<number, string[]>();
    const fail = (rank: number, reason: string): void => {
      const node = listener.node(rank);
      if (!node.hasExited) node.exit({ code: null, signal: null, reason });
    };
    const watched = new WatchedProcess(launcher, (raw) => {
      const line = launcher.read(raw);
      switch (line.kind) {
        case "node": {
          const kept = nodeLines.get(line.rank) ?? [];
          kept.push(line.text);
          if (kept.length > NODE_LINES_KEPT) kept.shift();
          nodeLines.set(line.rank, kept);
          return;
        }
        case "failed":
          for (const rank of line.ranks) {
            const where = line.host ?? listener.node(rank).host;
            const said = quoting(nodeLines.get(rank) ?? []);
            fail(rank, `${where === undefined ? "" : `on ${where}, `}${launcher.name} says: ${line.text}${said}`);
          }
          return;
        case "progress":
          request.announce(`${launcher.name}: ${line.text}\n`);
          return;
        case "other":
          return;
      }
    });
    watched.onEnd((end) => {
      for (const rank of launcher.ranks) {
        if (listener.node(rank).connected) continue;
        const said = nodeLines.get(rank) ?? watched.recentLines;
        fail(rank, `${launcher.name} ${describeEnd(end)} before node ${rank} connected${quoting(said)}`);
      }
    });
    return watched;
  }
}
