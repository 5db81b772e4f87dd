// The order cells run in: one at a time, first asked first run, a cell never waiting twice. When a run ends in
// an error or an interrupt the cells still waiting are dropped, as Jupyter aborts them: they were meant to run
// after a cell that did not finish.

export type RunOutcome = "ok" | "error" | "aborted";

export class RunQueue {
  private waiting: string[] = [];
  private current: string | null = null;

  get running(): string | null {
    return this.current;
  }

  get queued(): readonly string[] {
    return this.waiting;
  }

  /** Queue cells; returns those actually added (not already waiting or running). */
  enqueue(ids: readonly string[]): string[] {
    const added: string[] = [];
    for (const id of ids) {
      if (id === this.current || this.waiting.includes(id) || added.includes(id)) continue;
      added.push(id);
    }
    this.waiting.push(...added);
    return added;
  }

  /** The next cell to run, now marked running; null while one runs or when none waits. */
  start(): string | null {
    if (this.current !== null) return null;
    this.current = this.waiting.shift() ?? null;
    return this.current;
  }

  /** The running cell ended; returns the cells dropped because it did not end well. */
  finish(outcome: RunOutcome): string[] {
    this.current = null;
    return outcome === "ok" ? [] : this.clear();
  }

  /** Drop every waiting cell (the running one goes on until the kernel answers); returns them. */
  clear(): string[] {
    const dropped = this.waiting;
    this.waiting = [];
    return dropped;
  }

  /** Forget a cell that no longer exists. */
  remove(id: string): void {
    this.waiting = this.waiting.filter((w) => w !== id);
  }
}
