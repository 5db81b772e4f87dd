// What a node learns from whatever started it. Slurm's srun, MPICH's and Open MPI's mpiexec each tell a process
// its rank and the number of processes in its environment, each in its own words; a node started by hand (or by
// the SSH launcher) is told on its command line instead.

export interface RankInCluster {
  readonly rank: number;
  readonly size: number;
  /** How many of the cluster's nodes share this machine, when the launcher says (for an automatic memory share). */
  readonly onThisMachine?: number;
}

/** The variables of each launcher, in the order they are looked at. */
const RANK_AND_SIZE: readonly (readonly [launcher: string, rank: string, size: string])[] = [
  ["Slurm", "SLURM_PROCID", "SLURM_NTASKS"],
  ["MPICH", "PMI_RANK", "PMI_SIZE"],
  ["Open MPI", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"],
];

/** The launcher's environment does not say (or says nonsense); the message names the variables. */
export class RankError extends Error {
  override readonly name = "RankError";
}

function wholeNumber(text: string, what: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(n) || n < 0) throw new RankError(`${what} must be a whole number, got '${text}'`);
  return n;
}

/**
 * Slurm's SLURM_TASKS_PER_NODE ("2(x3),1": two tasks on each of the first three nodes, then one) at this node's
 * index (SLURM_NODEID).
 */
export function slurmTasksOnNode(tasksPerNode: string, nodeId: number): number | undefined {
  let index = 0;
  for (const part of tasksPerNode.split(",")) {
    const m = /^(\d+)(?:\(x(\d+)\))?$/.exec(part.trim());
    if (!m) return undefined;
    const repeat = m[2] === undefined ? 1 : Number(m[2]);
    if (nodeId < index + repeat) return Number(m[1]);
    index += repeat;
  }
  return undefined;
}

function onThisMachine(env: NodeJS.ProcessEnv): number | undefined {
  const direct = env.MPI_LOCALNRANKS ?? env.OMPI_COMM_WORLD_LOCAL_SIZE;
  if (direct !== undefined && /^\d+$/.test(direct)) return Number(direct);
  if (env.SLURM_TASKS_PER_NODE !== undefined && env.SLURM_NODEID !== undefined && /^\d+$/.test(env.SLURM_NODEID)) {
    return slurmTasksOnNode(env.SLURM_TASKS_PER_NODE, Number(env.SLURM_NODEID));
  }
  return undefined;
}

/**
 * Rank and size from the flags where given, else from the first launcher whose variables are set. Throws
 * RankError when neither says, or when what they say does not make a rank of a cluster.
 */
export function rankInCluster(env: NodeJS.ProcessEnv, flags: { rank?: string; size?: string; onThisMachine?: string }): RankInCluster {
  const found = RANK_AND_SIZE.find(([, rank, size]) => env[rank] !== undefined && env[size] !== undefined);
  const rankText = flags.rank ?? (found ? env[found[1]] : undefined);
  const sizeText = flags.size ?? (found ? env[found[2]] : undefined);
  if (rankText === undefined || sizeText === undefined) {
    const names = RANK_AND_SIZE.map(([launcher, rank, size]) => `${rank}/${size} (${launcher})`).join(", ");
    throw new RankError(`which rank is this node? Give --rank R --size N, or start it through a launcher that sets ${names}`);
  }
  const rankSource = flags.rank !== undefined ? "--rank" : found![1];
  const sizeSource = flags.size !== undefined ? "--size" : found![2];
  const rank = wholeNumber(rankText, rankSource);
  const size = wholeNumber(sizeText, sizeSource);
  if (size < 1) throw new RankError(`${sizeSource} must be at least 1, got ${size}`);
  if (rank >= size) throw new RankError(`${rankSource} ${rank} is not a rank of a cluster of ${size} (${sizeSource}): ranks go from 0 to ${size - 1}`);
  const local = flags.onThisMachine !== undefined ? wholeNumber(flags.onThisMachine, "--local-size") : onThisMachine(env);
  return local === undefined || local < 1 ? { rank, size } : { rank, size, onThisMachine: local };
}
