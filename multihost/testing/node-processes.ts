// Parabook's node processes as a test finds them on a namespace host: the `parabook node` processes running there
// (not the shells or launchers around them), with the rank each was given by its launcher or its flags.

import { readFileSync } from "node:fs";
import type { HostName, Hosts } from "./hosts.js";
import { waitFor } from "./commands.js";

export interface NodeProcess {
  readonly pid: number;
  readonly rank: number;
}

function rankOf(pid: number, argv: readonly string[]): number {
  const flag = argv.indexOf("--rank");
  if (flag >= 0) return Number(argv[flag + 1]);
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
    for (const name of ["SLURM_PROCID", "PMI_RANK", "OMPI_COMM_WORLD_RANK"]) {
      const entry = environ.find((e) => e.startsWith(`${name}=`));
      if (entry) return Number(entry.slice(name.length + 1));
    }
  } catch {
    // Gone meanwhile.
  }
  return NaN;
}

/** The `parabook node` processes on `host` now, by rank. */
export function nodeProcessesOn(hosts: Hosts, host: HostName): NodeProcess[] {
  return hosts
    .processesOn(host)
    .filter((p) => p.argv[1]?.endsWith("bin/parabook.js") && p.argv[2] === "node")
    .map((p) => ({ pid: p.pid, rank: rankOf(p.pid, p.argv) }))
    .sort((a, b) => a.rank - b.rank);
}

/** Waits (up to `timeoutMs`) until no `parabook node` process is left on the compute hosts; rejects naming those left. */
export async function noNodesLeft(hosts: Hosts, timeoutMs: number): Promise<void> {
  const left = (): string => hosts.computeHosts.map((h) => `${h}: ${nodeProcessesOn(hosts, h).map((n) => `rank ${n.rank} (pid ${n.pid})`).join(", ")}`).join("; ");
  await waitFor("no parabook node process left on h1 or h2", () => (hosts.computeHosts.every((h) => nodeProcessesOn(hosts, h).length === 0) ? true : undefined), { timeoutMs, intervalMs: 100 }, left);
}
