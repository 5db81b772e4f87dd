import { test } from "node:test";
import assert from "node:assert/strict";
import { AUTO_MEMORY_CEILING_MB, AUTO_MEMORY_FLOOR_MB, automaticKernelMemoryMb, evaluatorHeapLimits, kernelMemoryMb } from "./memory-budget.js";

const GB = 2 ** 30;

test("the automatic heap limit is an equal share of three quarters of the machine's memory, within a floor and a ceiling", () => {
  // 24 GB, the host kernel and 8 nodes: 18 GB / 9.
  assert.equal(automaticKernelMemoryMb(9, 24 * GB), 2048);
  // 64 nodes on 24 GB: 283 MB each, 18 GB in all (without a limit, 64 kernels could ask for about 270 GB).
  assert.equal(automaticKernelMemoryMb(65, 24 * GB), 283);
  assert.equal(automaticKernelMemoryMb(65, 4 * GB), AUTO_MEMORY_FLOOR_MB, "never less than the floor");
  assert.equal(automaticKernelMemoryMb(1, 256 * GB), AUTO_MEMORY_CEILING_MB, "never more than the ceiling");
  assert.equal(automaticKernelMemoryMb(0, 8 * GB), 2048, "no kernels counts as one");
});

test("a number in the settings is the limit; auto derives it from the kernels that share the machine", () => {
  assert.equal(kernelMemoryMb(512, 9, 24 * GB), 512);
  assert.equal(kernelMemoryMb("auto", 3, 12 * GB), 2048);
  assert.equal(kernelMemoryMb("auto", 17, 12 * GB), 542);
});

test("the evaluator's heap is split into a small young generation and the rest, adding up to the limit", () => {
  for (const limit of [64, 256, 2048, 100_000]) {
    const { maxOldGenerationSizeMb, maxYoungGenerationSizeMb } = evaluatorHeapLimits(limit);
    assert.equal(maxOldGenerationSizeMb + maxYoungGenerationSizeMb, limit);
    // Semi-spaces of at most 4 MB: what a scavenge promotes always fits Node's 16 MB of leeway at the limit.
    assert.ok(maxYoungGenerationSizeMb <= 12, `${limit}: young ${maxYoungGenerationSizeMb}`);
  }
});
