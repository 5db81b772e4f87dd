// How much heap each kernel may use. Without a cap a runaway kernel grows until V8's own default (about 4 GB
// here) and then often takes its whole process down with SIGABRT; 64 nodes could ask for far more memory than
// the machine has. So every kernel gets a cap: the user's (Settings, `%parallel --memory`), or an automatic one.

import { totalmem } from "node:os";
import type { Settings } from "../../contract/api.js";

/** The automatic cap never goes below this: less leaves a kernel unable to do real work. */
export const AUTO_MEMORY_FLOOR_MB = 256;
/**
 * Nor above this (half V8's own default of about 4 GB): a runaway kernel must stop soon. V8 gives up on a heap
 * only after several full collections near its limit, so the time to "out of memory" grows with the limit: an
 * endless cons loop stopped after 0.6-1.5 s at 64 MB, 2.4-3.3 s at 256 MB, 10-14 s at 1 GB and 17-63 s at 2 GB on
 * the 2-core build machine under load. A larger limit is one Settings field away.
 */
export const AUTO_MEMORY_CEILING_MB = 2048;
/** The share of the machine's memory the kernels' heaps split; the rest is for the system, the UI and the
 * kernels' memory outside their heaps (code, stacks, buffers). */
const SHARE_FOR_KERNELS = 0.75;

/** An equal share for each of `kernels` kernels (the host kernel and the nodes) of a machine with `totalBytes`. */
export function automaticKernelMemoryMb(kernels: number, totalBytes: number = totalmem()): number {
  const share = Math.floor((totalBytes / 2 ** 20) * SHARE_FOR_KERNELS / Math.max(1, kernels));
  return Math.min(AUTO_MEMORY_CEILING_MB, Math.max(AUTO_MEMORY_FLOOR_MB, share));
}

/** The cap for each kernel when `kernels` kernels run, by the setting. */
export function kernelMemoryMb(setting: Settings["kernelMemoryMb"], kernels: number, totalBytes?: number): number {
  return setting === "auto" ? automaticKernelMemoryMb(kernels, totalBytes) : setting;
}

/**
 * The evaluator's heap limits for a kernel whose whole heap may use `heapLimitMb`: a young generation kept small,
 * the rest old. When the old generation reaches its limit, Node ends the worker with ERR_WORKER_OUT_OF_MEMORY and
 * gives the collection under way 16 MB of leeway to finish; a scavenge may move a whole semi-space into the old
 * generation at that moment, and V8's default young generation (48 MB, semi-spaces of 16 MB) can overrun that
 * leeway and abort the whole process instead (SIGABRT, 1 in 3 runs of an endless cons loop without a cap). With
 * semi-spaces of at most 4 MB the leeway always suffices.
 */
export function evaluatorHeapLimits(heapLimitMb: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  // V8 sizes the young generation as three semi-spaces (two, and one for large new objects).
  const young = Math.max(3, Math.min(12, Math.floor(heapLimitMb / 8)));
  return { maxOldGenerationSizeMb: heapLimitMb - young, maxYoungGenerationSizeMb: young };
}
