// Interrupting running code: procedure entries and macro expansions count down `budget.fuel` (`tick`), compiled loops
// count their own iterations, and both call `poll` every few thousand steps, so the shared flag is not read at every
// step.

import { SchemeError } from "../errors.js";

const POLL_INTERVAL = 10_000;

const budget = { fuel: POLL_INTERVAL };

let flag: Int32Array | null = null;

/** The flag the kernel's main thread sets (index 0) to interrupt the evaluator running on this thread. */
export function watchInterruptFlag(f: Int32Array | null): void {
  flag = f;
}

/**
 * A procedure entry's countdown. It is one shared function rather than a check written into every procedure: its
 * call of `poll` then has V8's type feedback once for all procedures. With a check of their own, an optimized
 * procedure lacked that feedback until fuel first ran out at its entry, which deoptimized it at that moment; in
 * about one session in five that left a hot procedure (the seed's `mandelbrot`) compiled worse for good.
 */
export function tick(): void {
  if (--budget.fuel < 0) poll();
}

/**
 * For a primitive's loop over many elements (making a list of 10^8 pairs takes half a minute): polls once every
 * 65 536 steps, `step` counting them.
 */
export function pollEvery(step: number): void {
  if ((step & 0xffff) === 0) poll();
}

export function poll(): void {
  budget.fuel = POLL_INTERVAL;
  if (flag !== null && Atomics.load(flag, 0) !== 0) stopForInterrupt();
}

/** Stop the evaluation the user interrupted (seen at a poll, or by a wait for input that it ended); clears the flag. */
export function stopForInterrupt(): never {
  if (flag !== null) Atomics.store(flag, 0, 0);
  throw new SchemeError("Interrupted", "interrupted by the user");
}
