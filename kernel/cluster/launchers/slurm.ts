// Nodes placed by Slurm: one `srun` starts every node as a task. Inside the user's allocation (SLURM_JOB_ID is set,
// as under salloc or sbatch) srun runs them there; outside one it asks Slurm for one and waits in the queue, which
// the user sees. Each task learns its rank and the cluster's size from SLURM_PROCID and SLURM_NTASKS, and its keys
// from PARABOOK_NODE_KEYS, which srun passes on with the rest of the environment.

import { NODE_KEYS_ENV, nodeKeysText } from "../remote/curve-keys.js";
import type { NodePlacement } from "./placement.js";
import { parseRankList } from "./rank-list.js";
import { RemoteLauncher, type LauncherLine, type LauncherProcess, type NodeStartup } from "./remote-launch.js";

type SlurmPlacement = Extract<NodePlacement, { launcher: "slurm" }>;

/** Waiting in a Slurm queue may take long; the user sees why and can interrupt. */
export const SLURM_START_TIMEOUT_MS = 15 * 60_000;

/** srun's stderr: tasks' own lines (--label: "3: …"), tasks it reports ended, and its queue. */
export function readSrunLine(line: string): LauncherLine {
  const labelled = /^\s*(\d+): (.*)$/.exec(line);
  if (labelled) return { kind: "node", rank: Number(labelled[1]), text: labelled[2]! };
  const ended = /^srun: error: (\S+): tasks? ([\d,-]+): (.*)$/.exec(line);
  const ranks = ended ? parseRankList(ended[2]!) : undefined;
  if (ended && ranks) return { kind: "failed", ranks, host: ended[1]!, text: ended[3]! };
  if (/^srun: job \d+ (queued and waiting for resources|has been allocated resources)/.test(line)) return { kind: "progress", text: line.replace(/^srun: /, "") };
  return { kind: "other", text: line };
}

export function srunProcess(placement: SlurmPlacement, startup: NodeStartup, env: NodeJS.ProcessEnv = process.env): LauncherProcess {
  const args = [
    // Ours first: the user's arguments come after and win (srun takes an option's last value).
    ...(env.SLURM_JOB_ID === undefined ? ["--job-name=parabook-nodes"] : []),
    `--ntasks=${startup.size}`,
    // A node that dies is reported and replaced by the user; the others keep their state and go on.
    "--kill-on-bad-exit=0",
    // Every line a task writes comes labelled with its rank.
    "--label",
    ...placement.args,
    ...startup.node,
  ];
  return {
    name: "srun",
    command: "srun",
    args,
    env: { [NODE_KEYS_ENV]: nodeKeysText(startup.keys) },
    ranks: Array.from({ length: startup.size }, (_, rank) => rank),
    read: readSrunLine,
  };
}

export function slurmLauncher(placement: SlurmPlacement): RemoteLauncher {
  return new RemoteLauncher({
    listen: placement.listen,
    heartbeatTimeoutMs: placement.heartbeatTimeoutMs,
    nodeCommand: placement.nodeCommand,
    startTimeoutMs: SLURM_START_TIMEOUT_MS,
    processes: async (startup) => [srunProcess(placement, startup)],
  });
}
