// Where a cluster's nodes run, as the user said it (%parallel's options, the Settings, `parabook run`'s flags):
// plain data, checked once where it is read, so a launcher never meets a half-valid request. The text formats
// (hosts, arguments) are read in contract/node-placement.ts, which the page shares.

import type { HostSlots } from "../../../contract/node-placement.js";

export type { HostSlots };

/** "ADDR:PORT" where the host waits for its nodes; port 0 takes any free port. */
export interface ListenAddress {
  /** An IPv4 address, "0.0.0.0" (every interface) or an interface name. */
  readonly host: string;
  readonly port: number;
}

interface RemoteCommon {
  /** Where the host waits for the nodes (default: every interface, any free port). */
  readonly listen?: ListenAddress;
  /** Silence longer than this (either way) means the other side is gone. */
  readonly heartbeatTimeoutMs: number;
  /** How a node's machine starts Parabook: ["parabook"], or this installation's node and bin/parabook.js. */
  readonly nodeCommand?: readonly string[];
}

export type NodePlacement =
  /** Child processes of this one (today's spawner). */
  | { readonly launcher: "local" }
  /** `srun`, inside the user's allocation when there is one, else asking Slurm for one. */
  | ({ readonly launcher: "slurm"; readonly args: readonly string[] } & RemoteCommon)
  /** `mpiexec` (MPICH or Open MPI), with an optional host file. */
  | ({ readonly launcher: "mpi"; readonly hostfile?: string; readonly args: readonly string[] } & RemoteCommon)
  /** `ssh HOST parabook node …` for each node. */
  | ({ readonly launcher: "ssh"; readonly hosts: readonly HostSlots[]; readonly args: readonly string[] } & RemoteCommon)
  /** Nobody starts the nodes: the host prints the line to run, and waits. */
  | ({ readonly launcher: "listen"; readonly listen: ListenAddress } & RemoteCommon);

export type LauncherName = NodePlacement["launcher"];

export const LOCAL: NodePlacement = { launcher: "local" };

/** A placement that cannot be used; the message says which part and why. */
export class PlacementError extends Error {
  override readonly name = "PlacementError";
}

/** "127.0.0.1:0", "0.0.0.0:41000", "eth0:41000". */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^([^\s:]+):(\d+)$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65_535) throw new PlacementError(`--listen wants ADDRESS:PORT (0.0.0.0:41000; port 0 takes any free one), got '${text}'`);
  return { host: m[1]!, port };
}

/** Which host each rank goes to: in order, filling each host's count; without counts, taking turns. */
export function ranksOnHosts(hosts: readonly HostSlots[], size: number): string[] {
  if (hosts.every((h) => h.slots === undefined)) return Array.from({ length: size }, (_, rank) => hosts[rank % hosts.length]!.host);
  const total = hosts.reduce((sum, h) => sum + (h.slots ?? 0), 0);
  if (size > total) {
    throw new PlacementError(`--hosts ${hosts.map((h) => `${h.host}:${h.slots}`).join(",")} has room for ${total} node${total === 1 ? "" : "s"}, not ${size}`);
  }
  return hosts.flatMap((h) => Array<string>(h.slots!).fill(h.host)).slice(0, size);
}

/** A word as a POSIX shell reads it back unchanged (for the remote command of ssh). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
