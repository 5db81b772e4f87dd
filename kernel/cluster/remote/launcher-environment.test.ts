// A node's rank and size from its launcher's environment (Slurm, MPICH, Open MPI) or its flags.

import { test } from "node:test";
import assert from "node:assert/strict";
import { rankInCluster, slurmTasksOnNode } from "./launcher-environment.js";

test("each launcher's variables give rank and size; flags win", () => {
  assert.deepEqual(rankInCluster({ SLURM_PROCID: "3", SLURM_NTASKS: "10" }, {}), { rank: 3, size: 10 });
  assert.deepEqual(rankInCluster({ PMI_RANK: "1", PMI_SIZE: "4", MPI_LOCALNRANKS: "2" }, {}), { rank: 1, size: 4, onThisMachine: 2 });
  assert.deepEqual(rankInCluster({ OMPI_COMM_WORLD_RANK: "0", OMPI_COMM_WORLD_SIZE: "2", OMPI_COMM_WORLD_LOCAL_SIZE: "1" }, {}), { rank: 0, size: 2, onThisMachine: 1 });
  assert.deepEqual(rankInCluster({ SLURM_PROCID: "3", SLURM_NTASKS: "10" }, { rank: "5", size: "6", onThisMachine: "3" }), { rank: 5, size: 6, onThisMachine: 3 });
});

test("Slurm's tasks per node are read at this node's index", () => {
  assert.equal(slurmTasksOnNode("2(x3),1", 0), 2);
  assert.equal(slurmTasksOnNode("2(x3),1", 2), 2);
  assert.equal(slurmTasksOnNode("2(x3),1", 3), 1);
  assert.equal(slurmTasksOnNode("2(x3),1", 4), undefined);
  assert.deepEqual(rankInCluster({ SLURM_PROCID: "7", SLURM_NTASKS: "10", SLURM_TASKS_PER_NODE: "5(x2)", SLURM_NODEID: "1" }, {}), { rank: 7, size: 10, onThisMachine: 5 });
});

test("no rank anywhere, or a rank outside the cluster, says what to give", () => {
  assert.throws(() => rankInCluster({}, {}), /which rank is this node\? Give --rank R --size N, or start it through a launcher that sets SLURM_PROCID\/SLURM_NTASKS \(Slurm\)/);
  assert.throws(() => rankInCluster({ PMI_RANK: "4", PMI_SIZE: "4" }, {}), /^RankError: PMI_RANK 4 is not a rank of a cluster of 4 \(PMI_SIZE\): ranks go from 0 to 3$/);
  assert.throws(() => rankInCluster({}, { rank: "x", size: "2" }), /--rank must be a whole number, got 'x'/);
  assert.throws(() => rankInCluster({}, { rank: "0", size: "0" }), /--size must be at least 1/);
});
