// The hosts of a multi-host run, made from Linux namespaces: h0 (where Parabook's host process and Slurm's controller
// run), h1 and h2 (compute), each with
//   - a network namespace of its own (`pbmh-<id>-h1`), its `eth0` a veth into the run's bridge namespace
//     (`pbmh-<id>-br`), address 10.200.1.1–3/24, `lo` up;
//   - a UTS namespace of its own, so `hostname`, os.hostname(), slurmd and sshd sessions all say "h1";
//   - a mount namespace of its own, where /etc/hosts names the three hosts, /root is the run's shared home (its .ssh
//     holds the run's key, known hosts and ssh config) and /etc/slurm the run's Slurm configuration. Everything else
//     is the machine's file system, shared by every host the way a cluster shares its file system: Parabook's checkout
//     is "installed" on every host.
// The UTS and mount namespaces are held by bind mounts on files in the run's folder (the way `ip netns` holds
// network namespaces in /run/netns), so every later process on a host joins the same three.
//
// Before any of it exists, a blackhole route for 10.200.0.0/16 goes into the root namespace: a packet for a test
// address sent from outside the hosts is dropped on this machine, never routed out.
//
// A process runs "on" a host through `nsenter` into those namespaces. Not `ip netns exec`: it remounts /sys for the
// namespace, which hides /sys/fs/cgroup, and slurmd then dies with "No filesystem mounted on /sys/fs/cgroup".

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { mustRun } from "./commands.js";
import { namespaceName, routeMetric, routeProtocol, type RunRecord } from "./run-record.js";

export const hostNames = ["h0", "h1", "h2"] as const;
export type HostName = (typeof hostNames)[number];

/** The hosts nodes are placed on (h0 runs the Parabook host process and the controllers). */
export const computeHosts = ["h1", "h2"] as const satisfies readonly HostName[];
export type ComputeHost = (typeof computeHosts)[number];

export const hostAddresses: Readonly<Record<HostName, string>> = { h0: "10.200.1.1", h1: "10.200.1.2", h2: "10.200.1.3" };

/** Every test address lies in here; the blackhole route covers all of it. */
export const testNetwork = "10.200.0.0/16";

/** The bridge's namespace is the run's fourth namespace: no process ever runs in it. */
const bridge = "br";

export type NamespaceKind = "net" | "uts" | "mnt";

/** The files that hold a host's namespaces. */
export function namespaceFiles(run: RunRecord, host: HostName): Readonly<Record<NamespaceKind, string>> {
  return {
    net: `/run/netns/${namespaceName(run, host)}`,
    uts: path.join(namespaceFolder(run), `uts-${host}`),
    mnt: path.join(namespaceFolder(run), `mnt-${host}`),
  };
}

/** Every network namespace name of a run, hosts and bridge. */
export function networkNamespaceNames(run: RunRecord): string[] {
  return [...hostNames, bridge].map((host) => namespaceName(run, host));
}

/** The folder holding the UTS and mount namespace files: a private bind mount of itself (see holdNamespaces). */
export function namespaceFolder(run: RunRecord): string {
  return path.join(run.dir, "ns");
}

/** Files each host sees in place of the machine's (bind-mounted in its mount namespace). */
export interface HostFiles {
  /** Becomes /etc/hosts. */
  readonly etcHosts: string;
  /** Becomes /root: the run's shared home. */
  readonly home: string;
  /** Becomes /etc/slurm. */
  readonly slurmConfigFolder: string;
}

export function hostFiles(run: RunRecord): HostFiles {
  return {
    etcHosts: path.join(run.dir, "etc", "hosts"),
    home: path.join(run.dir, "home"),
    slurmConfigFolder: path.join(run.dir, "slurm", "etc"),
  };
}

/** The argv prefix that runs a command on `host`, in `cwd` there (nsenter enters the mount namespace and then
 *  changes to `cwd` inside it: with --wd it would keep a folder of the machine's mount namespace instead). nsenter
 *  execs the command without forking, so the PID of the spawned process is the command's own. */
export function enterHost(run: RunRecord, host: HostName, cwd: string): string[] {
  const files = namespaceFiles(run, host);
  return ["nsenter", `--net=${files.net}`, `--uts=${files.uts}`, `--mount=${files.mnt}`, `--wdns=${cwd}`, "--"];
}

/** Adds the blackhole route, then the network namespaces, the bridge and the hosts' veths and addresses. */
export async function createHostNetwork(run: RunRecord): Promise<void> {
  await mustRun(["ip", "route", "add", "blackhole", testNetwork, "metric", String(routeMetric(run)), "proto", String(routeProtocol)]);
  const bridgeNamespace = namespaceName(run, bridge);
  // Both ends of each veth are made directly inside the run's namespaces: no interface of the run ever exists in
  // the root namespace, and each dies with its namespace.
  const root = [
    ...networkNamespaceNames(run).map((name) => `netns add ${name}`),
    ...hostNames.map((host) => `link add eth0 netns ${namespaceName(run, host)} type veth peer name ${host} netns ${bridgeNamespace}`),
  ];
  await ipBatch(undefined, root);
  await ipBatch(bridgeNamespace, [
    "link set lo up",
    "link add br0 type bridge",
    ...hostNames.map((host) => `link set ${host} master br0 up`),
    "link set br0 up",
  ]);
  await Promise.all(
    hostNames.map((host) =>
      ipBatch(namespaceName(run, host), ["link set lo up", `addr add ${hostAddresses[host]}/24 dev eth0`, "link set eth0 up"]),
    ),
  );
}

/** Gives each host its UTS and mount namespaces (after the network ones exist, see below), held by files in the
 *  run's namespace folder, and writes the files the hosts see instead of the machine's. */
export async function createHostIdentities(run: RunRecord): Promise<void> {
  const files = hostFiles(run);
  await fs.mkdir(path.dirname(files.etcHosts), { recursive: true });
  await fs.writeFile(files.etcHosts, etcHostsText());
  await fs.mkdir(path.join(files.home, ".ssh"), { recursive: true, mode: 0o700 });
  await fs.chmod(files.home, 0o700);
  await fs.mkdir(files.slurmConfigFolder, { recursive: true });
  await holdNamespaces(run);
  const slurmFolderExists = await fs.stat("/etc/slurm").then((s) => s.isDirectory(), () => false);
  // Each host's mount namespace starts as a copy of the machine's mounts, including the nsfs mounts that hold this
  // run's and other runs' namespaces (/run/netns, other runs' namespace folders): a copy would keep those namespaces
  // alive as long as this host. The script unmounts its copies; its own mounts stay private to the host.
  const script = [
    "set -e",
    'hostname "$1"',
    'mount --bind "$2" /etc/hosts',
    'mount --bind "$3" /root',
    '[ -z "$4" ] || mount --bind "$4" /etc/slurm',
    "findmnt -rn -o TARGET | grep -E '^/run/(netns|parabook-multihost)(/|$)' | sort -r | while read -r m; do umount -l \"$m\" || true; done",
  ].join("\n");
  await Promise.all(
    hostNames.map(async (host) => {
      const held = namespaceFiles(run, host);
      await fs.writeFile(held.uts, "");
      await fs.writeFile(held.mnt, "");
      await mustRun([
        "unshare",
        `--uts=${held.uts}`,
        `--mount=${held.mnt}`,
        "--propagation=private",
        "sh",
        "-c",
        script,
        "host-identity",
        host,
        files.etcHosts,
        files.home,
        slurmFolderExists ? files.slurmConfigFolder : "",
      ]);
    }),
  );
}

/** `unshare --mount=FILE` can hold a mount namespace only on a file whose mount is private (else a namespace could
 *  end up holding itself); the namespace folder becomes a private bind mount of itself. */
async function holdNamespaces(run: RunRecord): Promise<void> {
  const folder = namespaceFolder(run);
  await fs.mkdir(folder, { recursive: true });
  await mustRun(["mount", "--bind", folder, folder]);
  await mustRun(["mount", "--make-private", folder]);
}

function etcHostsText(): string {
  const lines = ["127.0.0.1 localhost", "::1 localhost ip6-localhost ip6-loopback"];
  for (const host of hostNames) lines.push(`${hostAddresses[host]} ${host}`);
  return `${lines.join("\n")}\n`;
}

async function ipBatch(namespace: string | undefined, lines: readonly string[]): Promise<void> {
  const argv = namespace === undefined ? ["ip", "-batch", "-"] : ["ip", "-n", namespace, "-batch", "-"];
  await mustRun(argv, { input: `${lines.join("\n")}\n` });
}
