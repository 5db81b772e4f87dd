// Nodes placed by MPI: one `mpiexec` starts every node, on the hosts of its host file (or wherever the MPI
// installation puts them). MPICH's and Open MPI's mpiexec differ in their flags and in what they tell a process,
// so the flavour is asked (`mpiexec --version`) and the command line built for it. A node learns its rank from
// PMI_RANK/PMI_SIZE (MPICH) or OMPI_COMM_WORLD_RANK/SIZE (Open MPI), and its keys from PARABOOK_NODE_KEYS: MPICH
// passes the whole environment on, Open MPI only what -x names.

import { execFile } from "node:child_process";
import { NODE_KEYS_ENV, nodeKeysText } from "../remote/curve-keys.js";
import { PlacementError, type NodePlacement } from "./placement.js";
import { RemoteLauncher, type LauncherLine, type LauncherProcess, type NodeStartup } from "./remote-launch.js";

type MpiPlacement = Extract<NodePlacement, { launcher: "mpi" }>;

export type MpiFlavour = "mpich" | "openmpi";

export const MPI_START_TIMEOUT_MS = 120_000;

/** Which MPI `mpiexec --version` says it is. */
export function mpiFlavourOf(versionText: string): MpiFlavour | undefined {
  if (/HYDRA|MPICH/i.test(versionText)) return "mpich";
  if (/Open MPI|OpenRTE|Open RTE|PRRTE/i.test(versionText)) return "openmpi";
  return undefined;
}

export function askMpiFlavour(mpiexec = "mpiexec"): Promise<MpiFlavour> {
  return new Promise((resolve, reject) => {
    execFile(mpiexec, ["--version"], { timeout: 10_000 }, (err, stdout, stderr) => {
      if ((err as NodeJS.ErrnoException | null)?.code === "ENOENT") {
        return reject(new PlacementError(`${mpiexec} is not installed on this computer (not found on PATH); the MPI launcher needs MPICH's or Open MPI's`));
      }
      const flavour = mpiFlavourOf(`${stdout}\n${stderr}`);
      if (flavour) return resolve(flavour);
      reject(new PlacementError(`${mpiexec} is neither MPICH's nor Open MPI's; its --version says: ${`${stdout}${stderr}`.trim().split("\n")[0] ?? "nothing"}`));
    });
  });
}

/**
 * What mpiexec runs for each node: the node under a shell that waits for it. MPI ends the whole job when one of its
 * processes is killed by a signal (MPICH does even with -disable-auto-cleanup), which would take every node down
 * with one; the shell turns the kill into an exit code, which -disable-auto-cleanup lets pass. The shell also says
 * when a node ended badly, on its host, since mpiexec itself says nothing until the job ends.
 */
export function shielded(node: readonly string[]): string[] {
  return ["/bin/sh", "-c", `"$@"; code=$?; [ $code = 0 ] || echo "${NODE_ENDED} on $(uname -n) with code $code" >&2; exit $code`, "parabook-node", ...node];
}

const NODE_ENDED = "parabook node ended";

/** A node's own line (or its shell's, see shielded). */
function nodeLine(rank: number, text: string): LauncherLine {
  const ended = new RegExp(`^${NODE_ENDED} on (\\S+) with code (\\d+)$`).exec(text);
  if (!ended) return { kind: "node", rank, text };
  const code = Number(ended[2]);
  const how = code > 128 ? `was killed by signal ${code - 128}` : `exited with code ${code}`;
  return { kind: "failed", ranks: [rank], host: ended[1]!, text: `the node ${how}` };
}

/** mpiexec's stderr: a node's own lines (tagged with its rank), nodes that ended, and the ranks Open MPI reports
 * ended. */
export function readMpiexecLine(line: string): LauncherLine {
  const mpich = /^\[(\d+)\] (.*)$/.exec(line);
  if (mpich) return nodeLine(Number(mpich[1]), mpich[2]!);
  const openmpi = /^\[\d+,(\d+)\]<std(?:err|out)>:\s?(.*)$/.exec(line);
  if (openmpi) return nodeLine(Number(openmpi[1]), openmpi[2]!);
  const ended = /process rank (\d+) with PID \d+ on node (\S+) (exited on signal .*|exited with .*)$/.exec(line);
  if (ended) return { kind: "failed", ranks: [Number(ended[1])], host: ended[2]!, text: ended[3]!.replace(/\.$/, "") };
  return { kind: "other", text: line };
}

export function mpiexecProcess(flavour: MpiFlavour, placement: MpiPlacement, startup: NodeStartup): LauncherProcess {
  const hostfile = placement.hostfile === undefined ? [] : flavour === "mpich" ? ["-f", placement.hostfile] : ["--hostfile", placement.hostfile];
  const flavoured =
    flavour === "mpich"
      ? // Every line a node writes comes tagged with its rank; a node that dies does not take the others with it.
        ["-n", String(startup.size), "-prepend-rank", "-disable-auto-cleanup"]
      : ["-n", String(startup.size), "--tag-output", "-x", NODE_KEYS_ENV];
  return {
    name: "mpiexec",
    command: "mpiexec",
    args: [...flavoured, ...hostfile, ...placement.args, ...shielded(startup.node)],
    env: { [NODE_KEYS_ENV]: nodeKeysText(startup.keys) },
    ranks: Array.from({ length: startup.size }, (_, rank) => rank),
    read: readMpiexecLine,
  };
}

export function mpiLauncher(placement: MpiPlacement): RemoteLauncher {
  return new RemoteLauncher({
    listen: placement.listen,
    heartbeatTimeoutMs: placement.heartbeatTimeoutMs,
    nodeCommand: placement.nodeCommand,
    startTimeoutMs: MPI_START_TIMEOUT_MS,
    processes: async (startup) => [mpiexecProcess(await askMpiFlavour(), placement, startup)],
  });
}
