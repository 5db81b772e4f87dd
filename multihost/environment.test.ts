// The multi-host test environment checks itself: three namespace hosts, real Slurm, SSH and MPI across them, each
// host with its own name, nothing reaching out of the machine, and nothing of a run left after it (or after its
// owner died). The product's multi-host tests build on exactly this; when one of them fails, this file says whether
// the environment or the product is at fault.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { promises as fs } from "node:fs";
import { connect } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parabookBin } from "../kernel/testing/paths.js";
import { startHosts, type StartedHosts } from "./testing/hosts.js";
import { routeMetric, routeProtocol, runWithId } from "./testing/run-record.js";
import { nothingLeft, rootInterfaces, seeProcesses, tracesOfRun } from "./testing/run-traces.js";
import { sweepDeadRuns } from "./testing/sweep.js";
import { runCommand } from "./testing/commands.js";

const options = { slurm: true, ssh: true, mpi: true } as const;

/** Node programs for the disconnect test: a TCP listener on port 7000 that says when it listens, and a client that
 *  tries once, for at most 2 s, and says whether it got through. */
const listenOnce = `require("node:net").createServer((c) => c.end()).listen(7000, () => console.log("listening"))`;
const connectOnce = `
const socket = require("node:net").connect({ host: process.argv[1], port: 7000 });
const timer = setTimeout(() => { console.log("unreachable"); socket.destroy(); }, 2000);
socket.once("connect", () => { console.log("reached"); clearTimeout(timer); socket.destroy(); });
socket.once("error", (err) => { console.log(err.code); clearTimeout(timer); });`;

describe("multi-host environment: hosts h0, h1, h2 with Slurm, SSH and MPI", () => {
  let hosts: StartedHosts<typeof options>;
  let interfacesBefore: string[];

  before(
    async () => {
      interfacesBefore = await rootInterfaces();
      hosts = await startHosts(options);
      console.log(`multi-host run ${hosts.runId} ready; milliseconds per step: ${JSON.stringify(hosts.startup)}`);
    },
    { timeout: 120_000 },
  );
  after(() => hosts?.stop());

  test("each host reports its own host name, to the shell and to Node", { timeout: 60_000 }, async () => {
    for (const host of hosts.names) {
      const shell = await hosts.exec(host, ["hostname"]);
      const node = await hosts.exec(host, [process.execPath, "-p", "require('node:os').hostname()"]);
      assert.deepEqual([shell.code, shell.stdout.trim(), node.stdout.trim()], [0, host, host], `on ${host}: ${shell.stderr}${node.stderr}`);
    }
    assert.notEqual(os.hostname(), "h0", "the machine's own name is untouched");
  });

  test("Parabook's checkout, on the file system the hosts share, runs on every host", { timeout: 60_000 }, async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-multihost-program-"));
    try {
      const program = path.join(folder, "program.scm");
      await fs.writeFile(program, "(display (* 6 7))\n");
      for (const host of hosts.names) {
        const run = await hosts.exec(host, [process.execPath, parabookBin, "run", program], { timeoutMs: 30_000 });
        assert.deepEqual([run.code, run.stdout], [0, "42"], `on ${host}: ${run.stderr}`);
      }
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  test("a plain srun -N 2 -n 4 on h0 places tasks on h1 and h2, each where slurmd says it is", { timeout: 60_000 }, async () => {
    // Without SLURM_CONF: the host's /etc/slurm is the run's, as on a cluster's login node.
    const srun = await hosts.exec("h0", ["env", "-u", "SLURM_CONF", "srun", "-N", "2", "-n", "4", "sh", "-c", 'echo "$SLURM_PROCID $SLURM_NTASKS $(hostname) $SLURMD_NODENAME"']);
    assert.equal(srun.code, 0, srun.stderr);
    const tasks = srun.stdout.trim().split("\n").map((line) => line.split(" "));
    assert.deepEqual(tasks.map(([rank]) => Number(rank)).sort(), [0, 1, 2, 3]);
    assert.ok(tasks.every(([, size]) => size === "4"), srun.stdout);
    assert.ok(tasks.every(([, , hostname, nodeName]) => hostname === nodeName), srun.stdout);
    assert.deepEqual([...new Set(tasks.map(([, , hostname]) => hostname))].sort(), ["h1", "h2"]);
  });

  test("srun -n 10 fits ten tasks on h1 and h2 without --overcommit", { timeout: 60_000 }, async () => {
    // Given only PATH and hosts.env (SLURM_CONF), as a launcher given an environment would run it.
    const srun = await hosts.exec("h0", ["srun", "-n", "10", "sh", "-c", 'echo "$SLURM_PROCID $(hostname)"'], {
      env: { PATH: process.env.PATH },
      timeoutMs: 30_000,
    });
    assert.equal(srun.code, 0, srun.stderr);
    const tasks = srun.stdout.trim().split("\n").map((line) => line.split(" "));
    assert.deepEqual(tasks.map(([rank]) => Number(rank)).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...new Set(tasks.map(([, hostname]) => hostname))].sort(), ["h1", "h2"]);
  });

  test("ssh from h0 logs in to h1 and h2 with the run's key: plainly, with -F, and by the run's ssh command", { timeout: 60_000 }, async () => {
    for (const host of hosts.ssh.hosts) {
      for (const ssh of [["ssh"], ["ssh", "-F", hosts.ssh.configFile], [hosts.ssh.command]]) {
        const login = await hosts.exec("h0", [...ssh, host, "hostname"]);
        assert.deepEqual([login.code, login.stdout.trim()], [0, host], `${ssh.join(" ")} ${host}: ${login.stderr}`);
      }
    }
  });

  test("sshd takes no other key and offers no password", { timeout: 60_000 }, async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-multihost-key-"));
    try {
      const otherKey = path.join(folder, "id_ed25519");
      assert.equal((await runCommand(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey])).code, 0);
      const refused = await hosts.exec("h0", [
        "ssh",
        "-F",
        "/dev/null",
        "-o",
        `UserKnownHostsFile=${hosts.ssh.knownHostsFile}`,
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
        "-i",
        otherKey,
        "root@h1",
        "hostname",
      ]);
      assert.notEqual(refused.code, 0, refused.stdout);
      assert.match(refused.stderr, /Permission denied \(publickey\)/);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  test("mpiexec on h0 runs ranks on h1 and h2 through ssh", { timeout: 60_000 }, async () => {
    const mpiexec = await hosts.exec("h0", ["mpiexec", "-f", hosts.mpi.hostfile, "-n", "4", "sh", "-c", 'echo "$PMI_RANK $PMI_SIZE $(hostname)"'], {
      timeoutMs: 30_000,
    });
    assert.equal(mpiexec.code, 0, mpiexec.stderr);
    const ranks = mpiexec.stdout.trim().split("\n").map((line) => line.split(" "));
    assert.deepEqual(ranks.map(([rank]) => Number(rank)).sort(), [0, 1, 2, 3]);
    assert.ok(ranks.every(([, size]) => size === "4"), mpiexec.stdout);
    assert.deepEqual([...new Set(ranks.map(([, , hostname]) => hostname))].sort(), ["h1", "h2"]);
  });

  test("the machine itself sends nothing to a test address: 10.200.0.0/16 is blackholed outside the hosts", { timeout: 60_000 }, async () => {
    // First that the run's route is there, so that the packets below cannot leave even if the rest fails.
    const listed = await runCommand(["ip", "-j", "route", "show", "type", "blackhole", "10.200.0.0/16", "proto", String(routeProtocol)]);
    const metrics = (JSON.parse(listed.stdout || "[]") as { metric?: number }[]).map((route) => route.metric);
    assert.ok(metrics.includes(routeMetric(runWithId(hosts.runId))), listed.stdout);
    const udp = createSocket("udp4");
    const sent = await new Promise<Error | null>((resolve) => udp.send("parabook", 9, "10.200.1.9", (err) => resolve(err)));
    udp.close();
    assert.equal((sent as NodeJS.ErrnoException | null)?.code, "EINVAL", "a datagram to 10.200.1.9 is refused by the blackhole route");
    // Even to h1's sshd, which listens on 10.200.1.2 inside h1: the machine has no way there.
    const reached = await new Promise<string>((resolve) => {
      const socket = connect({ host: hosts.addresses.h1, port: 22, timeout: 5_000 });
      socket.once("connect", () => (socket.destroy(), resolve("connected")));
      socket.once("timeout", () => (socket.destroy(), resolve("timeout")));
      socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    assert.equal(reached, "EINVAL");
  });

  test("a hidden folder is empty on that host only", { timeout: 60_000 }, async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-multihost-hide-"));
    try {
      await fs.writeFile(path.join(folder, "installed"), "");
      await hosts.hide("h2", folder);
      assert.equal((await hosts.exec("h2", ["ls", "-A", folder])).stdout, "");
      assert.equal((await hosts.exec("h1", ["ls", "-A", folder])).stdout, "installed\n");
      assert.deepEqual(await fs.readdir(folder), ["installed"], "the machine still sees the folder's contents");
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  test("a disconnected host is cut off from the others until it is reconnected; its processes keep running", { timeout: 60_000 }, async () => {
    // A listener on h1, and a client on h0 that tries to reach it once, for at most 2 s.
    const listener = hosts.run("h1", [process.execPath, "-e", listenOnce], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        listener.stdout!.once("data", () => resolve());
        listener.once("exit", (code) => reject(new Error(`the listener on h1 exited with code ${code}`)));
      });
      const reach = () => hosts.exec("h0", [process.execPath, "-e", connectOnce, hosts.addresses.h1]);
      assert.equal((await reach()).stdout, "reached\n", "h1 is reachable before");
      await hosts.disconnect("h1");
      assert.notEqual((await reach()).stdout, "reached\n", "h1 is unreachable while disconnected");
      assert.equal(listener.exitCode, null, "the listener on h1 runs on");
      assert.ok(hosts.processesOn("h1").some((process) => process.pid === listener.pid));
      await hosts.reconnect("h1");
      assert.equal((await reach()).stdout, "reached\n", "h1 is reachable again");
    } finally {
      listener.kill("SIGKILL");
    }
  });

  test("a run whose owner was killed is swept away by the next sweep; a living run is not touched", { timeout: 120_000 }, async () => {
    const ownerScript = fileURLToPath(new URL("./testing/hosts-owner-process.js", import.meta.url));
    const owner = spawn(process.execPath, [ownerScript], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    owner.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const exited = new Promise<void>((resolve) => owner.once("exit", () => resolve()));
    let killed = false;
    try {
      const report = await new Promise<string>((resolve, reject) => {
        let stdout = "";
        owner.stdout.setEncoding("utf8").on("data", (text: string) => {
          stdout += text;
          if (stdout.includes("\n")) resolve(stdout.split("\n")[0]!);
        });
        owner.once("exit", (code) => reject(new Error(`the owner process exited with code ${code} before its hosts were up:\n${stderr}`)));
        setTimeout(() => reject(new Error(`the owner process's hosts were not up within 60 s:\n${stderr}`)), 60_000).unref();
      });
      const dead = JSON.parse(report) as { runId: string; processes: Record<string, number[]> };
      const seen = seeProcesses(Object.values(dead.processes).flat());
      owner.kill("SIGKILL");
      killed = true;
      await exited;
      const before = await tracesOfRun(dead.runId, seen);
      assert.equal(before.namespaces.length, 4, "the killed owner left its namespaces behind");
      assert.ok(before.processes.length >= 5, `the killed owner left its daemons running: ${JSON.stringify(dead.processes)}`);

      const swept = await sweepDeadRuns();
      assert.ok(swept.includes(dead.runId), `swept ${JSON.stringify(swept)}, not ${dead.runId}`);
      assert.ok(!swept.includes(hosts.runId), "the living run was swept");
      const traces = await tracesOfRun(dead.runId, seen);
      assert.ok(nothingLeft(traces), JSON.stringify(traces));

      const stillUp = await hosts.exec("h0", ["ssh", "h2", "hostname"]);
      assert.deepEqual([stillUp.code, stillUp.stdout.trim()], [0, "h2"], stillUp.stderr);
      const sinfo = await hosts.exec("h0", ["sinfo", "--noheader", "--Node", "--format=%N %t"]);
      assert.equal(sinfo.stdout, "h1 idle\nh2 idle\n", sinfo.stderr);
    } finally {
      if (!killed) {
        owner.kill("SIGKILL");
        await exited;
      }
      // Whatever happened above, the owner's run goes now (a no-op when the sweep above removed it).
      await sweepDeadRuns();
    }
  });

  test("stop() ends every process on the hosts and leaves no namespace, route, interface, mount or folder", { timeout: 60_000 }, async () => {
    const lingering = hosts.run("h2", ["sleep", "600"], { stdio: "ignore" });
    const lingered = new Promise<NodeJS.Signals | null>((resolve) => lingering.once("exit", (_code, signal) => resolve(signal)));
    const seen = seeProcesses(hosts.names.flatMap((host) => hosts.processesOn(host).map((process) => process.pid)));
    const daemons = [...hosts.slurm.daemons, ...hosts.ssh.daemons].map((daemon) => daemon.pid);
    assert.ok(
      daemons.every((pid) => seen.some((process) => process.pid === pid)) && seen.some((process) => process.pid === lingering.pid),
      `the daemons ${daemons.join(", ")} and sleep ${lingering.pid} run on the hosts: ${JSON.stringify(seen)}`,
    );
    const before = await tracesOfRun(hosts.runId, seen);
    assert.ok(before.namespaces.length === 4 && before.routes.length === 1 && before.folder, JSON.stringify(before));

    await hosts.stop();

    assert.ok(["SIGTERM", "SIGKILL"].includes((await lingered) ?? ""), "the sleep on h2 was ended by stop()");
    const traces = await tracesOfRun(hosts.runId, seen);
    assert.ok(nothingLeft(traces), JSON.stringify(traces));
    assert.deepEqual(await rootInterfaces(), interfacesBefore);
  });
});
