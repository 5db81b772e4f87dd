// Running cells in a Session from a test, and what each showed: its reply, its events, its outputs as the notebook
// stores them, the value, the errors and the printed text. One definition for the session, fault, remote and
// multi-host tests (before, each had its own near-twin). Only tests and benches import it.

import type { CellEvent, ExecuteReply, ParabookEvent } from "../../contract/api.js";
import type { Output } from "../../contract/notebook.js";
import { cellOutputs } from "../../contract/outputs.js";

export type ErrorEvent = Extract<CellEvent, { type: "error" }>;

export interface RanCell {
  readonly id: string;
  readonly reply: ExecuteReply;
  readonly events: readonly CellEvent[];
  /** The cell's outputs as the notebook would store them. */
  readonly outputs: readonly Output[];
  /** The value the cell showed (text/plain), if any. */
  readonly result: string | undefined;
  readonly errors: readonly ErrorEvent[];
  /** Everything on stdout as the notebook stores it (node lines attributed "[node N] "). */
  readonly stdout: string;
}

/** What a cell showed, from its reply and its events. */
export function ranCell(id: string, reply: ExecuteReply, events: readonly CellEvent[]): RanCell {
  const outputs = cellOutputs(events);
  const result = events.find((e) => e.type === "result");
  return {
    id,
    reply,
    events,
    outputs,
    result: result?.type === "result" ? result.data["text/plain"] : undefined,
    errors: events.filter((e): e is ErrorEvent => e.type === "error"),
    stdout: outputs.flatMap((o) => (o.output_type === "stream" && o.name === "stdout" ? [o.text] : [])).join(""),
  };
}

/** What CellRunner needs of a Session (kernel/session/session.ts satisfies it). */
export interface ExecutingSession {
  execute(cellId: string, code: string): Promise<ExecuteReply>;
  onEvent(listener: (event: ParabookEvent) => void): () => void;
}

/** Runs cells in one session, numbering them, and collects each cell's events from the moment it is sent. */
export class CellRunner {
  private readonly eventsByCell = new Map<string, CellEvent[]>();
  private cells = 0;

  constructor(
    readonly session: ExecutingSession,
    private readonly idPrefix = "cell",
  ) {
    session.onEvent((event) => {
      if ("cellId" in event) this.eventsByCell.get(event.cellId)?.push(event);
    });
  }

  /** Sends a cell (numbered, unless the caller names it); `done` resolves with what it showed once the session
   * replies. */
  start(code: string, id = `${this.idPrefix}-${++this.cells}`): { id: string; done: Promise<RanCell> } {
    const events: CellEvent[] = [];
    this.eventsByCell.set(id, events);
    const done = this.session.execute(id, code).then((reply) => {
      this.eventsByCell.delete(id);
      return ranCell(id, reply, events);
    });
    return { id, done };
  }

  run(code: string): Promise<RanCell> {
    return this.start(code).done;
  }

  /** All cell `id` has printed so far, by every writer (empty once the cell has ended: read `done` then). */
  printedSoFar(id: string): string {
    return (this.eventsByCell.get(id) ?? []).map((e) => (e.type === "stream" ? e.text : "")).join("");
  }

  /** What cell `id` has printed, once `pattern` is in it; throws after `timeoutMs`. */
  async printed(id: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.printedSoFar(id);
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`cell ${id} never printed ${pattern}; it printed:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
