// Slurm across the hosts: slurmctld on h0, a slurmd on each compute host, authenticated through the run's munged.
// The configuration lives in the run's folder, which each host sees as /etc/slurm (so a plain `srun` on a host
// finds it, as on a cluster); SLURM_CONF names it too, for code that is given an environment.
//
// What Slurm 22.05 needs here (see ../shared/notes/cluster-hosts.md): no systemd and no cgroup plugins
// (proctrack/linuxproc, task/none), no accounting; the controller named by the host name its host reports, with its
// address; each slurmd told its node name (-N) and given its own spool, pid and log files (%n). Each compute host
// claims `cpusPerHost` CPUs whatever the machine has (config_overrides): the test cluster is two small machines
// pretending to be bigger, so that `-n 10` fits without --overcommit the way it would on a real cluster.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { runCommand } from "./commands.js";
import { daemonEnvironment, listensOn, startDaemon, untilReady, type Daemon } from "./daemons.js";
import { computeHosts, enterHost, hostAddresses, hostFiles, type ComputeHost } from "./host-namespaces.js";
import type { Munge } from "./munge.js";
import type { RunRecord } from "./run-record.js";

export interface SlurmCluster {
  /** The slurm.conf of the run (on the hosts also /etc/slurm/slurm.conf). */
  readonly configFile: string;
  /** What code under test needs to reach this cluster: SLURM_CONF. */
  readonly env: Readonly<Record<string, string>>;
  /** The default partition, holding h1 and h2. */
  readonly partition: string;
  /** CPUs each compute host offers. */
  readonly cpusPerHost: number;
  readonly daemons: readonly Daemon[];
}

export const partitionName = "short";
const slurmctldPort = 6817;

export async function startSlurm(run: RunRecord, munge: Munge, cpusPerHost: number): Promise<SlurmCluster> {
  const folder = path.join(run.dir, "slurm");
  const configFile = path.join(hostFiles(run).slurmConfigFolder, "slurm.conf");
  const plugstack = path.join(hostFiles(run).slurmConfigFolder, "plugstack.conf");
  await fs.mkdir(path.join(folder, "state"), { recursive: true });
  // slurmd makes its spool folder's socket before it would make the folder ("Domain socket directory … No such file").
  for (const host of computeHosts) await fs.mkdir(path.join(folder, `spool-${host}`), { recursive: true });
  await fs.writeFile(plugstack, "");
  await fs.writeFile(configFile, slurmConf({ folder, munge, plugstack, cpusPerHost }));

  const controller = startDaemon(run, "h0", "slurmctld", ["slurmctld", "-D", "-f", configFile], path.join(folder, "slurmctld.out"));
  // A slurmd that finds no controller listening tries again only a second later: start them once it listens.
  await untilReady([controller], "slurmctld listening", () => listensOn(controller, slurmctldPort), { timeoutMs: 20_000, intervalMs: 10 });
  const computeDaemons = computeHosts.map((host) =>
    startDaemon(run, host, "slurmd", ["slurmd", "-D", "-N", host, "-f", configFile], path.join(folder, `slurmd-${host}.out`)),
  );
  const daemons = [controller, ...computeDaemons];
  const env = { SLURM_CONF: configFile };
  let states = "";
  await untilReady(
    daemons,
    `Slurm nodes ${computeHosts.join(", ")} idle`,
    async () => {
      const sinfo = await runCommand([...enterHost(run, "h0", "/"), "sinfo", "--noheader", "--Node", "--format=%N %t"], {
        env: { ...daemonEnvironment, ...env },
        timeoutMs: 10_000,
      });
      states = sinfo.stdout.trim().replaceAll("\n", ", ");
      return computeHosts.every((host) => new RegExp(`^${host} idle$`, "m").test(sinfo.stdout));
    },
    { timeoutMs: 30_000, intervalMs: 50, status: () => `sinfo said: ${states || "nothing yet"}` },
  );
  return { configFile, env, partition: partitionName, cpusPerHost, daemons };
}

function slurmConf(options: { folder: string; munge: Munge; plugstack: string; cpusPerHost: number }): string {
  const { folder, munge, plugstack, cpusPerHost } = options;
  const node = (host: ComputeHost) =>
    `NodeName=${host} NodeAddr=${hostAddresses[host]} NodeHostname=${host} CPUs=${cpusPerHost} State=UNKNOWN`;
  return `# Written by multihost/testing/slurm.ts for one test run; removed with it.
ClusterName=parabook-test
SlurmctldHost=h0(${hostAddresses.h0})
SlurmctldPort=${slurmctldPort}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${munge.socket}
StateSaveLocation=${folder}/state
SlurmdSpoolDir=${folder}/spool-%n
SlurmctldPidFile=${folder}/slurmctld.pid
SlurmdPidFile=${folder}/slurmd-%n.pid
SlurmctldLogFile=${folder}/slurmctld.log
SlurmdLogFile=${folder}/slurmd-%n.log
PlugStackConfig=${plugstack}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
# No mail is sent from here; naming a program that exists keeps slurmctld from reporting an invalid MailProg.
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
KillWait=5
${node("h1")}
${node("h2")}
PartitionName=${partitionName} Nodes=${computeHosts.join(",")} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:8
`;
}
