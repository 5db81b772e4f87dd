// Three hosts on one machine, for tests of nodes on other machines: real Slurm, MPI and SSH across Linux network
// namespaces (see host-namespaces.ts for what a host is made of).
//
//   import { startHosts } from "./testing/hosts.js";
//
//   const hosts = await startHosts({ slurm: true, ssh: true, mpi: true });
//   try {
//     // Any command, on any host; the PID of the child is the command's own. Its environment is `env` (default:
//     // this process's) plus hosts.env (SLURM_CONF).
//     // stdio may include "ipc" (nsenter execs node with the channel): drive a Session on h0 as faults/ does locally.
//     // The machine cannot reach the hosts' addresses, so a client of something on h0 runs on h0 or talks by stdio.
//     const host = hosts.run("h0", [process.execPath, parabookBin, "run", notebook, "--nodes", "10", …]);
//     // Or to the end, bounded, with the output:
//     const { stdout } = await hosts.exec("h0", ["srun", "-N", "2", "-n", "4", "hostname"]);
//     hosts.addresses.h0;        // "10.200.1.1": where nodes connect back to
//     hosts.slurm.env;           // { SLURM_CONF }   (also /etc/slurm/slurm.conf on every host: plain srun works;
//                                // partition "short", 5 CPUs on each of h1 and h2: -n 10 fits without --overcommit)
//     hosts.ssh.configFile;      // for `ssh -F` (also ~/.ssh/config on every host: plain `ssh h1` works)
//     hosts.mpi.hostfile;        // "h1\nh2" for `mpiexec -f` (plain mpiexec on h0 reaches them through ssh)
//     hosts.processesOn("h2");   // [{ pid, argv }] running there now (e.g. to check that no node is left)
//     await hosts.hide("h2", "/work/…/dist");   // that folder is empty on h2 from now on (Parabook "not installed")
//     await hosts.disconnect("h2");             // h2's network link goes down (reconnect() brings it back)
//   } finally {
//     await hosts.stop();        // every process on every host, the namespaces, the route, the run's folder
//   }
//
// On every host `hostname` (and Node's os.hostname(), slurmd's node name, srun's tasks, ssh sessions, mpiexec's
// ranks) says h0, h1 or h2: each host has a UTS namespace of its own. Names resolve on the hosts (their /etc/hosts),
// not on the machine; the machine itself cannot reach the hosts at all (10.200.0.0/16 is blackholed in its
// namespace), so every client of a host runs on a host. On the hosts /root is the run's home, shared by all three
// like a cluster's home directories; the rest of the file system is the machine's, so this checkout of Parabook is
// "installed" on every host. Ready in about 0.2 s (Slurm included) on a quiet machine; stop() takes about as long.
//
// Runs are independent: every name carries the run's id, so test files may start hosts one after another or at
// once; startHosts first removes what dead runs (their test process killed) left behind, and never a living run's.
// If this process exits without stop(), an exit hook removes the run all the same.
//
// Needs root and the Debian packages .ci/run installs (slurm-wlm, munge, mpich, openssh-server, openssh-client,
// iproute2, util-linux): without them startHosts fails saying what is missing. It never skips.

import { spawn, spawnSync, type ChildProcess, type StdioOptions } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import { mustRun, runCommand, type CommandResult } from "./commands.js";
import {
  computeHosts,
  createHostIdentities,
  createHostNetwork,
  enterHost,
  hostAddresses,
  hostNames,
  type ComputeHost,
  type HostName,
} from "./host-namespaces.js";
import { writeMpiHosts, type MpiHosts } from "./mpi.js";
import { startMunge } from "./munge.js";
import { createRun, namespaceName, type RunRecord } from "./run-record.js";
import { startSlurm, type SlurmCluster } from "./slurm.js";
import { startSsh, type SshAccess } from "./ssh.js";
import { sweepDeadRuns } from "./sweep.js";
import { namespacesOfHost, processesIn, tearDownRun } from "./teardown.js";

export type { ComputeHost, HostName } from "./host-namespaces.js";

export interface HostsOptions {
  readonly slurm?: boolean;
  readonly ssh?: boolean;
  /** MPICH's mpiexec launches through ssh: `mpi: true` starts the sshds too. */
  readonly mpi?: boolean;
  /** CPUs each compute host offers to Slurm; 5 unless told, so that 10 nodes fit on h1 and h2 together. */
  readonly cpusPerHost?: number;
}

export interface RunOnHostOptions {
  /** The environment, before hosts.env is added; this process's unless told. */
  readonly env?: NodeJS.ProcessEnv;
  /** The working folder on the host (the file system is the machine's); this process's unless told. */
  readonly cwd?: string;
  readonly stdio?: StdioOptions;
}

export interface ExecOnHostOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly input?: string;
  /** Killed by PID and rejected after this long; 20 s unless told. */
  readonly timeoutMs?: number;
}

export interface HostProcess {
  readonly pid: number;
  /** Its command line (/proc/PID/cmdline); empty when it ended while being looked at. */
  readonly argv: readonly string[];
}

export interface Hosts {
  /** 6 hex digits, in every name the run gives the machine (namespaces pbmh-<id>-h0…, /run/parabook-multihost/<id>). */
  readonly runId: string;
  /** The run's folder: configuration, keys, logs (slurm/*.log, sshd/*.log, munge/). */
  readonly dir: string;
  readonly names: readonly HostName[];
  readonly computeHosts: readonly ComputeHost[];
  readonly addresses: Readonly<Record<HostName, string>>;
  /** Added to the environment of everything run on a host: what the started services need their clients to know. */
  readonly env: Readonly<Record<string, string>>;
  /** Milliseconds each step of startHosts took. */
  readonly startup: Readonly<Record<string, number>>;
  /** Starts `argv` on `host`; the child's PID is the command's own. stop() ends it if it has not ended. */
  run(host: HostName, argv: readonly string[], options?: RunOnHostOptions): ChildProcess;
  /** Runs `argv` on `host` to its end (bounded) and resolves with its exit and output, whatever the exit code. */
  exec(host: HostName, argv: readonly string[], options?: ExecOnHostOptions): Promise<CommandResult>;
  /** The processes running on `host` now (daemons included: sshd, slurmd, slurmstepd…). */
  processesOn(host: HostName): HostProcess[];
  /** Mounts an empty read-only folder over `folder` on `host` only, for every process started there from now on. */
  hide(host: HostName, folder: string): Promise<void>;
  /** Takes `host`'s link to the others down: its processes keep running, nothing reaches them or comes from them. */
  disconnect(host: HostName): Promise<void>;
  /** Brings `host`'s link back up. */
  reconnect(host: HostName): Promise<void>;
  /** Ends every process on every host (SIGKILL, by PID) and removes the run. Safe to call twice. */
  stop(): Promise<void>;
}

type Enabled<O, K extends keyof HostsOptions> = O extends { readonly [key in K]: true } ? true : false;

/** The hosts, with the services asked for: `hosts.slurm` exists exactly when `slurm: true` was given. */
export type StartedHosts<O extends HostsOptions> = Hosts &
  (Enabled<O, "slurm"> extends true ? { readonly slurm: SlurmCluster } : unknown) &
  (Enabled<O, "ssh"> extends true ? { readonly ssh: SshAccess } : Enabled<O, "mpi"> extends true ? { readonly ssh: SshAccess } : unknown) &
  (Enabled<O, "mpi"> extends true ? { readonly mpi: MpiHosts } : unknown);

export async function startHosts<const O extends HostsOptions>(options: O): Promise<StartedHosts<O>> {
  checkPrerequisites(options);
  const startup: Record<string, number> = {};
  let stepStart = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    startup[name] = Math.round(now - stepStart);
    stepStart = now;
  };
  await sweepDeadRuns();
  step("sweep");
  const run = await createRun();
  const exitHook = () => tearDownFromExitHook(run);
  process.once("exit", exitHook);

  try {
    await createHostNetwork(run);
    step("network");
    await createHostIdentities(run);
    step("hostIdentities");
    const wantSsh = options.ssh === true || options.mpi === true;
    const [slurm, ssh] = await Promise.all([
      options.slurm ? startMunge(run).then((munge) => startSlurm(run, munge, options.cpusPerHost ?? 5)) : undefined,
      wantSsh ? startSsh(run) : undefined,
    ]);
    step("services");
    const mpi = options.mpi && ssh ? await writeMpiHosts(run) : undefined;
    const env = { ...slurm?.env };
    let stopped: Promise<void> | undefined;
    const hosts: Hosts & { slurm?: SlurmCluster; ssh?: SshAccess; mpi?: MpiHosts } = {
      runId: run.id,
      dir: run.dir,
      names: hostNames,
      computeHosts,
      addresses: hostAddresses,
      env,
      startup,
      ...(slurm ? { slurm } : {}),
      ...(ssh ? { ssh } : {}),
      ...(mpi ? { mpi } : {}),
      run: (host, argv, runOptions = {}) => {
        const [nsenter, ...entering] = enterHost(run, host, runOptions.cwd ?? process.cwd());
        return spawn(nsenter!, [...entering, ...argv], {
          env: { ...(runOptions.env ?? process.env), ...env },
          stdio: runOptions.stdio ?? "pipe",
        });
      },
      exec: (host, argv, execOptions = {}) =>
        runCommand([...enterHost(run, host, execOptions.cwd ?? process.cwd()), ...argv], {
          env: { ...(execOptions.env ?? process.env), ...env },
          ...(execOptions.input === undefined ? {} : { input: execOptions.input }),
          ...(execOptions.timeoutMs === undefined ? {} : { timeoutMs: execOptions.timeoutMs }),
        }),
      processesOn: (host) =>
        processesIn(new Set(namespacesOfHost(run, host).filter((id) => id.startsWith("net:")))).map((pid) => ({ pid, argv: commandLineOf(pid) })),
      hide: async (host, folder) => {
        await mustRun([...enterHost(run, host, "/"), "mount", "-t", "tmpfs", "-o", "ro,size=4k,mode=755", "parabook-hidden", folder]);
      },
      disconnect: async (host) => {
        await mustRun(["ip", "-n", namespaceName(run, host), "link", "set", "eth0", "down"]);
      },
      reconnect: async (host) => {
        await mustRun(["ip", "-n", namespaceName(run, host), "link", "set", "eth0", "up"]);
      },
      stop: () => {
        stopped ??= tearDownRun(run).finally(() => process.removeListener("exit", exitHook));
        return stopped;
      },
    };
    return hosts as StartedHosts<O>;
  } catch (err) {
    await tearDownRun(run).catch((teardownError: Error) => {
      (err as Error).message += `\n(and removing the run failed: ${teardownError.message})`;
    });
    process.removeListener("exit", exitHook);
    throw err;
  }
}

/** What each service needs, by command, with the Debian package that brings it. */
const requiredCommands: Readonly<Record<string, string>> = {
  ip: "iproute2",
  nsenter: "util-linux",
  unshare: "util-linux",
  setpriv: "util-linux",
  findmnt: "util-linux",
  mount: "mount",
};
const serviceCommands: Readonly<Record<"slurm" | "ssh" | "mpi", Readonly<Record<string, string>>>> = {
  slurm: { munged: "munge", slurmctld: "slurm-wlm", slurmd: "slurm-wlm", srun: "slurm-wlm", sinfo: "slurm-wlm" },
  ssh: { "/usr/sbin/sshd": "openssh-server", ssh: "openssh-client", "ssh-keygen": "openssh-client" },
  mpi: { mpiexec: "mpich", "/usr/sbin/sshd": "openssh-server", ssh: "openssh-client", "ssh-keygen": "openssh-client" },
};

function checkPrerequisites(options: HostsOptions): void {
  if (process.getuid?.() !== 0) {
    throw new Error("the multi-host tests make network namespaces and run Slurm's daemons: they need root (CI runs as root)");
  }
  const needed: Record<string, string> = { ...requiredCommands };
  for (const service of ["slurm", "ssh", "mpi"] as const) if (options[service]) Object.assign(needed, serviceCommands[service]);
  const missing = Object.entries(needed).filter(([command]) => !onPath(command));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))];
    throw new Error(
      `missing ${missing.map(([command]) => command).join(", ")} (not on PATH): install the Debian packages ` +
        `${packages.join(" ")}, as .ci/run does (apt-get install -y --no-install-recommends …), and put /usr/sbin on PATH`,
    );
  }
}

function onPath(command: string): boolean {
  const candidates = command.includes("/") ? [command] : (process.env.PATH ?? "").split(":").map((dir) => path.join(dir, command));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(0, -1);
  } catch {
    return [];
  }
}

/** The test process is exiting with the run still up (a test that forgot stop(), or an exception): an exit hook can
 *  only run synchronous code, so a child process removes the run while this one waits for it. */
function tearDownFromExitHook(run: RunRecord): void {
  const cli = fileURLToPath(new URL("./teardown-cli.js", import.meta.url));
  spawnSync(process.execPath, [cli, run.id], { stdio: "inherit", timeout: 60_000 });
}
