// %parallel's placement options over the Settings' "Where nodes run".

import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultSettings } from "../settings/settings.js";
import { placementFor, slotsOf } from "./placement-options.js";

const settings = { ...defaultSettings(), heartbeatSeconds: 5 };

test("nothing said: the Settings' launcher, local by default", () => {
  assert.deepEqual(placementFor({}, settings), { launcher: "local" });
  assert.deepEqual(placementFor({}, { ...settings, nodeLauncher: "slurm", slurmPartition: "short", slurmTimeLimit: "30", slurmArgs: "--mem=4G" }), {
    launcher: "slurm",
    args: ["--partition", "short", "--time", "30", "--mem=4G"],
    heartbeatTimeoutMs: 5_000,
  });
});

test("--launcher slurm with --launcher-args: the Settings' first, the cell's after (srun takes the last)", () => {
  const placement = placementFor({ launcher: "slurm", launcherArgs: "-p long -t 01:00:00" }, { ...settings, slurmPartition: "short" });
  assert.deepEqual(placement, { launcher: "slurm", args: ["--partition", "short", "-p", "long", "-t", "01:00:00"], heartbeatTimeoutMs: 5_000 });
});

test("--hosts means ssh, --hostfile means mpi, --listen alone means nodes started by hand", () => {
  const ssh = placementFor({ hosts: "h1:4,h2:4" }, settings);
  assert.deepEqual(ssh, { launcher: "ssh", hosts: [{ host: "h1", slots: 4 }, { host: "h2", slots: 4 }], args: [], heartbeatTimeoutMs: 5_000 });
  assert.equal(slotsOf(ssh), 8, "-n defaults to the hosts' room");
  assert.deepEqual(placementFor({ hostfile: "hosts.txt" }, settings), { launcher: "mpi", hostfile: "hosts.txt", args: [], heartbeatTimeoutMs: 5_000 });
  assert.deepEqual(placementFor({ listen: "0.0.0.0:41000" }, settings), { launcher: "listen", listen: { host: "0.0.0.0", port: 41000 }, heartbeatTimeoutMs: 5_000 });
  assert.deepEqual(placementFor({ launcher: "slurm", listen: "10.0.0.1:0" }, settings), {
    launcher: "slurm",
    args: [],
    heartbeatTimeoutMs: 5_000,
    listen: { host: "10.0.0.1", port: 0 },
  });
});

test("the Settings' SSH hosts, MPI host file, heartbeat and node command are used when the cell says nothing", () => {
  const s = { ...settings, sshHosts: "a:1,b:2", mpiHostfile: "/etc/hosts.mpi", heartbeatSeconds: 2, nodeCommand: "parabook" };
  assert.deepEqual(placementFor({ launcher: "ssh" }, s), {
    launcher: "ssh",
    hosts: [{ host: "a", slots: 1 }, { host: "b", slots: 2 }],
    args: [],
    heartbeatTimeoutMs: 2_000,
    nodeCommand: ["parabook"],
  });
  assert.deepEqual(placementFor({ launcher: "mpi" }, s), { launcher: "mpi", hostfile: "/etc/hosts.mpi", args: [], heartbeatTimeoutMs: 2_000, nodeCommand: ["parabook"] });
});

test("options that do not fit say which and why", () => {
  assert.throws(() => placementFor({ launcher: "pbs" }, settings), /^UsageError: --launcher wants one of local, slurm, mpi, ssh, got pbs$/);
  assert.throws(() => placementFor({ launcher: "slurm", hosts: "h1" }, settings), /--hosts is for --launcher ssh, not slurm/);
  assert.throws(() => placementFor({ launcher: "ssh", hostfile: "f" }, settings), /--hostfile is for --launcher mpi, not ssh/);
  assert.throws(() => placementFor({ launcher: "local", listen: "127.0.0.1:0" }, settings), /--listen is for nodes on other machines/);
  assert.throws(() => placementFor({ launcher: "local", launcherArgs: "-x" }, settings), /--launcher-args is for --launcher slurm, mpi or ssh/);
  assert.throws(() => placementFor({ launcher: "ssh" }, settings), /--launcher ssh needs --hosts HOST:COUNT/);
  assert.throws(() => placementFor({ hosts: "h1:x" }, settings), /--hosts: 'h1:x' is not HOST or HOST:COUNT/);
  assert.throws(() => placementFor({ launcher: "slurm", launcherArgs: '-p "short' }, settings), /--launcher-args: unclosed "/);
  assert.throws(() => placementFor({ listen: "nowhere" }, settings), /--listen wants ADDRESS:PORT/);
});
