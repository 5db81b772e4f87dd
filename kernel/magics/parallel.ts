// %parallel MODULE [CLASS] [-k NAME] [-n N] [-i IDS] [-m MB]: start (or restart) a cluster of N nodes.

import { performance } from "node:perf_hooks";
import { CLUSTER_SIZE_MAX, CLUSTER_SIZE_MIN, KERNEL_MEMORY_MAX_MB, KERNEL_MEMORY_MIN_MB } from "../../contract/api.js";
import { findKernel, UnknownKernelError } from "../language/languages.js";
import { MagicError, type Magic } from "./magic.js";
import { UsageError } from "./parser.js";
import { parseRanks } from "./ranks.js";

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
      const nodes = args.options.has("nodes") ? clusterSize(String(args.options.get("nodes"))) : cell.settings().clusterSize;
      const ids = args.options.get("ids");
      const targets = typeof ids === "string" ? parseRanks(ids, nodes) : undefined;
      const name = String(args.options.get("kernel_name") ?? DEFAULT_CLUSTER_NAME);
      const started = performance.now();
      const memory = args.options.get("memory");
      const heapLimitMb = typeof memory === "string" ? memoryMb(memory) : undefined;
      const cluster = await cell.cluster.start(spec, nodes, name, heapLimitMb);
      if (targets) cluster.defaultTargets = targets;
      cell.cluster.changed();
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const using = targets ? `; px uses nodes ${ids} by default` : "";
      cell.print(`Started ${nodes} ${spec.displayName} node${nodes === 1 ? "" : "s"} in ${seconds} s${using}.\n`);
    },
  },
};
