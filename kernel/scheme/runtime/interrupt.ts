// Interrupting running code: compiled code counts down `budget.fuel` at procedure entries and loop back-edges
// and calls `poll` when it runs out, so the shared flag is read every few thousand steps, not every step.

import { SchemeError } from "../errors.js";

const POLL_INTERVAL = 10_000;

export const budget = { fuel: POLL_INTERVAL };

let flag: Int32Array | null = null;

/** The flag the kernel's main thread sets (index 0) to interrupt the evaluator running on this thread. */
export function watchInterruptFlag(f: Int32Array | null): void {
  flag = f;
}

export function poll(): void {
  budget.fuel = POLL_INTERVAL;
  if (flag !== null && Atomics.load(flag, 0) !== 0) {
    Atomics.store(flag, 0, 0);
    throw new SchemeError("Interrupted", "interrupted by the user");
  }
}
