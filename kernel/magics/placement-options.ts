// Where a cluster's nodes run, from %parallel's options over the Settings' "Where nodes run": `--launcher`,
// `--launcher-args`, `--hosts`, `--hostfile`, `--listen`. The Settings' launcher is the default; --hosts means SSH
// and --hostfile MPI when no launcher is named; --listen alone means nodes started by hand.

import type { Settings } from "../../contract/api.js";
import { NODE_LAUNCHERS, parseHosts, PlacementTextError, splitArguments } from "../../contract/node-placement.js";
import { parseListenAddress, type NodePlacement } from "../cluster/launchers/placement.js";
import { UsageError } from "./parser.js";

export interface PlacementOptions {
  readonly launcher?: string;
  readonly launcherArgs?: string;
  readonly hosts?: string;
  readonly hostfile?: string;
  readonly listen?: string;
}

function words(text: string, what: string): string[] {
  try {
    return splitArguments(text);
  } catch (err) {
    throw new UsageError(`${what}: ${(err as Error).message}`);
  }
}

/**
 * The options a %parallel line gives, over the defaults its shell gives (`parabook run`'s flags): a line that says
 * anything about where its nodes run is taken as it is, one that says nothing gets the defaults.
 */
export function withDefaults(line: PlacementOptions, defaults: PlacementOptions): PlacementOptions {
  return Object.values(line).some((v) => v !== undefined) ? line : defaults;
}

/** The placement the options and the Settings say; a UsageError names the option that cannot be used. */
export function placementFor(options: PlacementOptions, settings: Settings): NodePlacement {
  const named = options.launcher;
  if (named !== undefined && named !== "listen" && !(NODE_LAUNCHERS as readonly string[]).includes(named)) {
    throw new UsageError(`--launcher wants one of ${NODE_LAUNCHERS.join(", ")}, got ${named}`);
  }
  const launcher = named ?? (options.hosts !== undefined ? "ssh" : options.hostfile !== undefined ? "mpi" : options.listen !== undefined ? "listen" : settings.nodeLauncher);
  const misplaced = (option: string, belongsTo: string): UsageError => new UsageError(`${option} is for --launcher ${belongsTo}, not ${launcher}`);
  if (options.hosts !== undefined && launcher !== "ssh") throw misplaced("--hosts", "ssh");
  if (options.hostfile !== undefined && launcher !== "mpi") throw misplaced("--hostfile", "mpi");
  if (launcher === "local") {
    if (options.listen !== undefined) throw new UsageError("--listen is for nodes on other machines; local nodes talk to the host directly");
    if (options.launcherArgs !== undefined) throw new UsageError("--launcher-args is for --launcher slurm, mpi or ssh; local nodes have no launcher");
    return { launcher: "local" };
  }
  let listen;
  try {
    listen = options.listen === undefined ? undefined : parseListenAddress(options.listen);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const remote = {
    heartbeatTimeoutMs: settings.heartbeatSeconds * 1000,
    ...(listen ? { listen } : {}),
    ...(settings.nodeCommand !== "" ? { nodeCommand: words(settings.nodeCommand, "the Settings' node command") } : {}),
  };
  const extra = options.launcherArgs === undefined ? [] : words(options.launcherArgs, "--launcher-args");
  switch (launcher) {
    case "slurm": {
      const fromSettings = [
        ...(settings.slurmPartition !== "" ? ["--partition", settings.slurmPartition] : []),
        ...(settings.slurmTimeLimit !== "" ? ["--time", settings.slurmTimeLimit] : []),
        ...words(settings.slurmArgs, "the Settings' Slurm arguments"),
      ];
      return { launcher: "slurm", args: [...fromSettings, ...extra], ...remote };
    }
    case "mpi": {
      const hostfile = options.hostfile ?? (settings.mpiHostfile !== "" ? settings.mpiHostfile : undefined);
      return { launcher: "mpi", args: extra, ...(hostfile !== undefined ? { hostfile } : {}), ...remote };
    }
    case "ssh": {
      const text = options.hosts ?? settings.sshHosts;
      if (text.trim() === "") throw new UsageError("--launcher ssh needs --hosts HOST:COUNT,… (h1:4,h2:4), or SSH hosts in the Settings");
      try {
        return { launcher: "ssh", hosts: parseHosts(text), args: extra, ...remote };
      } catch (err) {
        if (err instanceof PlacementTextError) throw new UsageError(`--hosts: ${err.message}`);
        throw err;
      }
    }
    default: {
      if (listen === undefined) throw new UsageError("--launcher listen needs --listen ADDRESS:PORT: where the nodes you start connect to");
      if (options.launcherArgs !== undefined) throw new UsageError("--launcher-args is for --launcher slurm, mpi or ssh; with --listen you start the nodes yourself");
      return { launcher: "listen", ...remote, listen };
    }
  }
}

/** How many nodes the hosts of an SSH placement hold, when every host has a count (-n's default then). */
export function slotsOf(placement: NodePlacement): number | undefined {
  if (placement.launcher !== "ssh" || placement.hosts.some((h) => h.slots === undefined)) return undefined;
  return placement.hosts.reduce((sum, h) => sum + h.slots!, 0);
}
