// MPI across the hosts: MPICH's mpiexec (Hydra) on h0 starts its proxies on h1 and h2 through ssh, its default
// launcher, which on the hosts finds the run's ~/.ssh (see ssh.ts); the proxies connect back to mpiexec by h0's
// name, which each host's /etc/hosts resolves. So nothing beyond a host file is needed:
// `mpiexec -f <hostfile> -n 4 hostname` on h0 runs on h1 and h2. `env` says the same to Hydra explicitly (its
// launcher, and the ssh command with the run's config) for code that wants it said.
//
// The host file names each host once, without a slot count: Hydra then places ranks round-robin, so any -n ≥ 2
// uses both hosts (with `h1:5` it would fill h1 first and -n 4 would never reach h2).

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { computeHosts } from "./host-namespaces.js";
import type { RunRecord } from "./run-record.js";
import type { SshAccess } from "./ssh.js";

export interface MpiHosts {
  /** `h1` and `h2`, one line each. */
  readonly hostfile: string;
  /** Hydra's launcher settings pointing at the run's ssh configuration. */
  readonly env: Readonly<Record<string, string>>;
}

export async function writeMpiHosts(run: RunRecord, ssh: SshAccess): Promise<MpiHosts> {
  const hostfile = path.join(run.dir, "mpi", "hostfile");
  await fs.mkdir(path.dirname(hostfile), { recursive: true });
  await fs.writeFile(hostfile, computeHosts.map((host) => `${host}\n`).join(""));
  return { hostfile, env: { HYDRA_LAUNCHER: "ssh", HYDRA_LAUNCHER_EXEC: ssh.command } };
}
