// MPI across the hosts: MPICH's mpiexec (Hydra) on h0 starts its proxies on h1 and h2 through ssh, its default
// launcher, which on the hosts finds the run's ~/.ssh (see ssh.ts); the proxies connect back to mpiexec by h0's
// name, which each host's /etc/hosts resolves. So nothing beyond a host file is needed:
// `mpiexec -f <hostfile> -n 4 hostname` on h0 runs on h1 and h2 (Hydra's `-launcher-exec` could name the run's ssh
// command instead, hosts.ssh.command, but on these hosts it need not).
//
// The host file names each host once, without a slot count: Hydra then places ranks round-robin, so any -n ≥ 2
// uses both hosts (with `h1:5` it would fill h1 first and -n 4 would never reach h2).

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { computeHosts } from "./host-namespaces.js";
import type { RunRecord } from "./run-record.js";

export interface MpiHosts {
  /** `h1` and `h2`, one line each. */
  readonly hostfile: string;
}

export async function writeMpiHosts(run: RunRecord): Promise<MpiHosts> {
  const hostfile = path.join(run.dir, "mpi", "hostfile");
  await fs.mkdir(path.dirname(hostfile), { recursive: true });
  await fs.writeFile(hostfile, computeHosts.map((host) => `${host}\n`).join(""));
  return { hostfile };
}
