// SSH between the hosts: an sshd on h1 and on h2, listening on the host's own address only, with a host key made for
// the run; root may log in by the run's user key and by nothing else (no password, no keyboard-interactive). The
// client side lives in the run's shared home (/root on every host, see host-namespaces.ts): its .ssh holds the key,
// a known_hosts file with both host keys (so StrictHostKeyChecking stays on and nothing ever prompts) and a config
// file. So a plain `ssh h1 hostname` on h0 works as on a cluster, and so does `ssh -F <configFile> h1 hostname`
// (the config names every file by its absolute path).

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { mustRun } from "./commands.js";
import { listensOn, startDaemon, untilReady, type Daemon } from "./daemons.js";
import { computeHosts, hostAddresses, hostFiles, type ComputeHost } from "./host-namespaces.js";
import type { RunRecord } from "./run-record.js";

export interface SshAccess {
  /** The client configuration (also ~/.ssh/config on every host): `ssh -F configFile h1 …`. */
  readonly configFile: string;
  /** A script that runs ssh with that configuration, for programs that take an ssh command (MPICH's
   *  `-launcher-exec`, HYDRA_LAUNCHER_EXEC) and run where ~/.ssh is not the run's. */
  readonly command: string;
  /** The user key root logs in with. */
  readonly identityFile: string;
  readonly knownHostsFile: string;
  /** The hosts with an sshd. */
  readonly hosts: readonly ComputeHost[];
  readonly daemons: readonly Daemon[];
}

export async function startSsh(run: RunRecord): Promise<SshAccess> {
  const dotSsh = path.join(hostFiles(run).home, ".ssh");
  const serverFolder = path.join(run.dir, "sshd");
  await fs.mkdir(serverFolder, { mode: 0o700 });
  const identityFile = path.join(dotSsh, "id_ed25519");
  const hostKey = (host: ComputeHost) => path.join(serverFolder, `host-${host}`);
  await Promise.all([
    keygen(identityFile, "parabook-multihost-user"),
    ...computeHosts.map((host) => keygen(hostKey(host), host)),
  ]);
  await fs.copyFile(`${identityFile}.pub`, path.join(dotSsh, "authorized_keys"));
  const knownHostsFile = path.join(dotSsh, "known_hosts");
  const knownHosts = await Promise.all(
    computeHosts.map(async (host) => {
      const [type, key] = (await fs.readFile(`${hostKey(host)}.pub`, "utf8")).split(" ");
      return `${host},${hostAddresses[host]} ${type} ${key}\n`;
    }),
  );
  await fs.writeFile(knownHostsFile, knownHosts.join(""), { mode: 0o600 });
  const configFile = path.join(dotSsh, "config");
  await fs.writeFile(configFile, clientConfig(identityFile, knownHostsFile), { mode: 0o600 });
  const command = path.join(run.dir, "bin", "ssh");
  await fs.mkdir(path.dirname(command), { recursive: true });
  await fs.writeFile(command, `#!/bin/sh\nexec ssh -F '${configFile}' "$@"\n`, { mode: 0o755 });

  // sshd's privilege separation folder; Debian's service makes it at boot, which no service did here.
  await fs.mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const daemons = await Promise.all(
    computeHosts.map(async (host) => {
      const configOfServer = path.join(serverFolder, `sshd-${host}.conf`);
      await fs.writeFile(configOfServer, serverConfig(host, hostKey(host), path.join(serverFolder, `sshd-${host}.pid`)));
      // sshd re-executes itself for each connection and insists on an absolute path for that.
      return startDaemon(run, host, "sshd", ["/usr/sbin/sshd", "-D", "-e", "-f", configOfServer], path.join(serverFolder, `sshd-${host}.log`));
    }),
  );
  await untilReady(daemons, "sshd listening on h1 and h2", () => daemons.every((daemon) => listensOn(daemon, 22)), {
    timeoutMs: 10_000,
    intervalMs: 10,
  });
  return { configFile, command, identityFile, knownHostsFile, hosts: computeHosts, daemons };
}

async function keygen(file: string, comment: string): Promise<void> {
  await mustRun(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
}

function clientConfig(identityFile: string, knownHostsFile: string): string {
  const hosts = computeHosts.map((host) => `Host ${host}\n  HostName ${hostAddresses[host]}\n`).join("");
  return `# Written by multihost/testing/ssh.ts for one test run; removed with it.
${hosts}Host *
  User root
  IdentityFile ${identityFile}
  IdentitiesOnly yes
  UserKnownHostsFile ${knownHostsFile}
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  LogLevel ERROR
`;
}

function serverConfig(host: ComputeHost, hostKey: string, pidFile: string): string {
  return `# Written by multihost/testing/ssh.ts for one test run; removed with it.
ListenAddress ${hostAddresses[host]}:22
HostKey ${hostKey}
PidFile ${pidFile}
PermitRootLogin prohibit-password
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
X11Forwarding no
PrintMotd no
PrintLastLog no
# A launcher may open a session per node at once: no random refusals below a hundred.
MaxStartups 100
MaxSessions 100
`;
}
