// Giving memory back when a kernel goes idle.
//
// A cell that allocates much (the seed's Mandelbrot boxes a number at every step) grows V8's young generation to
// its maximum, and V8 keeps it that size while the kernel waits: a node that ran one such cell stays about 20 MB
// bigger for as long as it lives. V8 shrinks the young generation at a full collection only once allocation has
// been slow for about five seconds (Heap::ReduceNewSpaceSize), and nothing starts a full collection in a kernel that
// waits. So a kernel that has run something and then waited IDLE_COLLECTION_MS runs one: a few milliseconds of
// work when nobody is waiting for it.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Longer than V8's five-second window for allocation throughput, so the collection also shrinks. */
export const IDLE_COLLECTION_MS = 6_000;

/** Runs `collect` once the kernel has been idle for `delayMs` after some activity; never while it is busy. */
export class IdleCollector {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Collections run so far. */
  collections = 0;

  constructor(
    private readonly delayMs: number,
    private readonly collect: () => void,
  ) {}

  /** A request has finished: the idle period starts now. */
  activity(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.collections++;
      this.collect();
    }, this.delayMs);
    // A kernel asked to exit does not wait for it.
    this.timer.unref();
  }
}

/**
 * V8's full garbage collection as a function. Node offers it only to processes started with --expose-gc; the flag
 * set at run time applies to contexts made after it, so a fresh context hands the function over.
 */
export function fullCollection(): () => void {
  setFlagsFromString("--expose-gc");
  try {
    return runInNewContext("gc") as () => void;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}
