// %parallel MODULE [CLASS] [-k NAME] [-n N] [-i IDS] [-m MB] [--launcher L] [--launcher-args "…"] [--hosts …]
// [--hostfile F] [--listen ADDR:PORT]: start (or restart) a cluster of N nodes, here or on other machines.

import { performance } from "node:perf_hooks";
import { CLUSTER_SIZE_MAX, CLUSTER_SIZE_MIN, KERNEL_MEMORY_MAX_MB, KERNEL_MEMORY_MIN_MB } from "../../contract/api.js";
import { findKernel, UnknownKernelError } from "../language/languages.js";
import { MagicError, type Magic } from "./magic.js";
import { UsageError } from "./parser.js";
import { parseRanks } from "./ranks.js";
import { placementFor, slotsOf, withDefaults } from "./placement-options.js";
import type { Cluster } from "../cluster/kernel-manager.js";

export const DEFAULT_CLUSTER_NAME = "default";

function clusterSize(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < CLUSTER_SIZE_MIN || n > CLUSTER_SIZE_MAX) {
    throw new UsageError(`-n wants a whole number of nodes from ${CLUSTER_SIZE_MIN} to ${CLUSTER_SIZE_MAX}, got ${text}`);
  }
  return n;
}

function memoryMb(text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < KERNEL_MEMORY_MIN_MB || n > KERNEL_MEMORY_MAX_MB) {
    throw new UsageError(`-m wants a whole number of MB from ${KERNEL_MEMORY_MIN_MB} to ${KERNEL_MEMORY_MAX_MB}, got '${text}'`);
  }
  return n;
}

export const parallelMagic: Magic = {
  name: "parallel",
  summary: "Start (or restart) a cluster of nodes running the named kernel; %%px then runs cells on all of them.",
  line: {
    args: {
      positionals: [{ name: "MODULE" }, { name: "CLASS", optional: true }],
      options: [
        { short: "-k", long: "--kernel_name", value: "NAME", help: "name of this cluster, for px -k (default: default)" },
        { short: "-n", long: "--nodes", value: "N", help: "how many nodes (default: the cluster size in the settings)" },
        { short: "-i", long: "--ids", value: "IDS", help: "nodes px uses by default, e.g. 0,2-4 (default: all)" },
        { short: "-m", long: "--memory", value: "MB", help: "heap limit of each node in MB (default: the settings' memory per kernel)" },
        { long: "--launcher", value: "L", help: "where nodes run: local, slurm, mpi, ssh (default: the settings' Where nodes run)" },
        { long: "--launcher-args", value: '"ARGS"', help: "more arguments for srun, mpiexec or ssh, quoted" },
        { long: "--hosts", value: "H:N,…", help: "SSH hosts and how many nodes each takes: h1:4,h2:4 (means --launcher ssh)" },
        { long: "--hostfile", value: "FILE", help: "host file for mpiexec (means --launcher mpi)" },
        { long: "--listen", value: "ADDR:PORT", help: "where nodes connect to; alone, prints the line to start them by hand" },
      ],
    },
    async run(args, cell) {
      const words = [args.positionals.get("MODULE")!, args.positionals.get("CLASS")].filter((w): w is string => w !== undefined);
      let spec;
      try {
        spec = findKernel(cell.cluster.kernels(), words);
      } catch (err) {
        if (err instanceof UnknownKernelError) throw new MagicError(err.message);
        throw err;
      }
      const text = (name: string): string | undefined => optionValue(args.options.get(name));
      const line = { launcher: text("launcher"), launcherArgs: text("launcher-args"), hosts: text("hosts"), hostfile: text("hostfile"), listen: text("listen") };
      const placement = placementFor(withDefaults(line, cell.cluster.placementDefaults()), cell.settings());
      const nodes = args.options.has("nodes") ? clusterSize(String(args.options.get("nodes"))) : (slotsOf(placement) ?? cell.settings().clusterSize);
      const ids = args.options.get("ids");
      const targets = typeof ids === "string" ? parseRanks(ids, nodes) : undefined;
      const name = String(args.options.get("kernel_name") ?? DEFAULT_CLUSTER_NAME);
      const started = performance.now();
      const memory = args.options.get("memory");
      const heapLimitMb = typeof memory === "string" ? memoryMb(memory) : undefined;
      const cluster = await cell.cluster.start(spec, nodes, name, heapLimitMb, { placement, announce: (line) => cell.print(line) });
      if (targets) cluster.defaultTargets = targets;
      cell.cluster.changed();
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const using = targets ? `; px uses nodes ${ids} by default` : "";
      cell.print(`Started ${nodes} ${spec.displayName} node${nodes === 1 ? "" : "s"} in ${seconds} s${whereNodesRun(cluster)}${using}.\n`);
    },
  },
};

function optionValue(value: string | true | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** " on h1 (5), h2 (5)" for nodes on other machines; nothing for nodes here. */
function whereNodesRun(cluster: Cluster): string {
  if (cluster.placement.launcher === "local") return "";
  const perHost = new Map<string, number>();
  for (const node of cluster.status().nodes) perHost.set(node.host, (perHost.get(node.host) ?? 0) + 1);
  return ` on ${[...perHost].map(([host, count]) => `${host} (${count})`).join(", ")}`;
}
