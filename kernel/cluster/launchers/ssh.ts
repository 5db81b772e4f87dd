// Nodes over SSH: one `ssh HOST parabook node …` for each node, the ranks filled in host by host (--hosts
// h1:4,h2:4). ssh passes neither the environment nor anything private on its command line, so each node is told
// its rank on the command line and given its keys on standard input (--keys-file -), which only that session sees.
// BatchMode: a password prompt nobody can see would only hang; keys or an agent must do.

import { nodeKeysText } from "../remote/curve-keys.js";
import { ranksOnHosts, shellQuote, type NodePlacement } from "./placement.js";
import { RemoteLauncher, type LauncherLine, type LauncherProcess, type NodeStartup } from "./remote-launch.js";

type SshPlacement = Extract<NodePlacement, { launcher: "ssh" }>;

export const SSH_START_TIMEOUT_MS = 60_000;

export function sshProcesses(placement: SshPlacement, startup: NodeStartup): LauncherProcess[] {
  const hostOf = ranksOnHosts(placement.hosts, startup.size);
  const onHost = (host: string): number => hostOf.filter((h) => h === host).length;
  return hostOf.map((host, rank) => {
    const node = [...startup.node, "--rank", String(rank), "--size", String(startup.size), "--local-size", String(onHost(host)), "--keys-file", "-"];
    // Everything a node says is its own: the session is its alone.
    const read = (line: string): LauncherLine => ({ kind: "node", rank, text: line });
    return {
      name: `ssh ${host}`,
      command: "ssh",
      args: ["-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-T", ...placement.args, host, "--", node.map(shellQuote).join(" ")],
      env: {},
      stdin: nodeKeysText(startup.keys) + "\n",
      ranks: [rank],
      read,
    };
  });
}

export function sshLauncher(placement: SshPlacement): RemoteLauncher {
  return new RemoteLauncher({
    listen: placement.listen,
    heartbeatTimeoutMs: placement.heartbeatTimeoutMs,
    nodeCommand: placement.nodeCommand,
    startTimeoutMs: SSH_START_TIMEOUT_MS,
    processes: async (startup) => sshProcesses(placement, startup),
  });
}
