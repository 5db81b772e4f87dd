// A px command's progress on its way to iopub, paced. The Session reports each node's end, and each report would be
// a signed update_display_data every front end parses: a trivial %%px on 10 nodes sent 15 messages against 4 for
// any other cell, and its round trip through jupyter_client was three times the Session's. A display updated faster
// than anyone reads it shows nothing more, so the first count (the display appears) and the last (it stays in the
// notebook) go out at once, and the counts between them at most once per STREAM_BATCH_MS, the latest winning.
// Anything else about the same cell sends a waiting count first, so front ends see the Session's order.

import type { CellEvent, ParabookEvent } from "../../contract/api.js";
import { STREAM_BATCH_MS } from "../../contract/output-limits.js";

type PxProgress = Extract<CellEvent, { type: "px-progress" }>;

export class ProgressPacer {
  #waiting: PxProgress | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly forward: (event: ParabookEvent) => void,
    private readonly paceMs = STREAM_BATCH_MS,
  ) {}

  push(event: ParabookEvent): void {
    if (event.type === "px-progress") {
      const between = event.done > 0 && event.done < event.total;
      if (between) {
        this.#waiting = event;
        this.#timer ??= setTimeout(() => this.flush(), this.paceMs);
        this.#timer.unref?.();
        return;
      }
      // The first or the last count of a display: any waiting one is older news.
      this.#cancel();
    } else if ("cellId" in event && event.cellId === this.#waiting?.cellId) {
      this.flush();
    }
    this.forward(event);
  }

  /** Sends the waiting count now (before the cell's reply). */
  flush(): void {
    const waiting = this.#waiting;
    this.#cancel();
    if (waiting) this.forward(waiting);
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiting = undefined;
  }
}
