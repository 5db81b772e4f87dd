// A running cell's stream events on their way from the Session to the page (over the WebSocket or Electron's IPC):
// each writer's text (per cell, per stream name, per node) joined into one event per batch, and, once the cell
// prints far past what a notebook keeps, only the end of each batch with a count of what was left out. The page
// folds exactly what it would have kept anyway (contract/outputs.ts); the wire and the page get a bounded
// rate however fast the nodes print. Every other event passes at once, after the stream text before it.
// The first text after a quiet batch period goes out at once (a cell that prints a line and then computes shows
// the line now, not a batch later); only text that follows it within the period waits.

import { performance } from "node:perf_hooks";
import type { CellEvent, ParabookEvent } from "../../contract/api.js";
import {
  countNewlines,
  FILE_OUTPUT_LIMIT_CHARS,
  fileLimitsPerWriter,
  FLOOD_TAIL_CHARS,
  STREAM_BATCH_MS,
  utf8Length,
} from "../../contract/output-limits.js";

type StreamEvent = Extract<CellEvent, { type: "stream" }>;

/** One writer's text waiting for the next batch. */
interface Waiting {
  readonly cellId: string;
  readonly name: "stdout" | "stderr";
  readonly node: number | undefined;
  text: string;
}

/** What has gone to the page of one stream output (as the page splits outputs): in all, and per writer. */
interface Sent {
  readonly cellId: string;
  readonly name: "stdout" | "stderr";
  total: number;
  readonly writers: Map<number | undefined, number>;
}

export class StreamBatcher {
  /** In the order the writers first wrote since the last batch. */
  #waiting = new Map<string, Waiting>();
  #sent: Sent | null = null;
  #timer: NodeJS.Timeout | undefined;
  /** When the last batch went out (ms, by `now`). */
  #lastFlush = -Infinity;

  constructor(
    private readonly forward: (event: ParabookEvent) => void,
    private readonly batchMs = STREAM_BATCH_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(event: ParabookEvent): void {
    if (event.type !== "stream") {
      this.flush();
      // Anything else about the cell ends its stream output on the page; the next text starts a new one.
      if ("cellId" in event && event.type !== "px-progress") this.#sent = null;
      this.forward(event);
      return;
    }
    const last = [...this.#waiting.values()].at(-1);
    // stdout and stderr stay in the order they came (they are separate outputs on the page).
    if (last && (last.name !== event.name || last.cellId !== event.cellId)) this.flush();
    const key = `${event.cellId}\u0000${event.name}\u0000${event.node ?? "host"}`;
    const waiting = this.#waiting.get(key);
    if (waiting) waiting.text += event.text;
    else this.#waiting.set(key, { cellId: event.cellId, name: event.name, node: event.node, text: event.text });
    if (this.#timer !== undefined) return;
    const quiet = this.now() - this.#lastFlush;
    if (quiet >= this.batchMs) return this.flush();
    this.#timer = setTimeout(() => this.flush(), this.batchMs - quiet);
    this.#timer.unref?.();
  }

  /** Send every writer's waiting text now (before a reply, or anything else about the cell). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastFlush = this.now();
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const w of waiting) this.forward(this.#batch(w));
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiting.clear();
  }

  #batch(w: Waiting): StreamEvent {
    if (this.#sent?.cellId !== w.cellId || this.#sent.name !== w.name) {
      this.#sent = { cellId: w.cellId, name: w.name, total: 0, writers: new Map() };
    }
    const sent = this.#sent;
    const before = sent.writers.get(w.node) ?? 0;
    sent.writers.set(w.node, before);
    let text = w.text;
    let omitted: { lines: number; bytes: number } | undefined;
    // Past the output's limit, and with this writer's first part on the page, only the end of the batch matters.
    const headShare = fileLimitsPerWriter(sent.writers.size).headChars;
    if (sent.total >= FILE_OUTPUT_LIMIT_CHARS && before >= headShare && text.length > FLOOD_TAIL_CHARS) {
      let cut = text.length - FLOOD_TAIL_CHARS;
      const newline = text.indexOf("\n", cut - 1);
      if (newline !== -1 && newline + 1 < text.length) cut = newline + 1;
      const left = text.slice(0, cut);
      omitted = { lines: countNewlines(left), bytes: utf8Length(left) };
      text = text.slice(cut);
    }
    sent.total += text.length;
    sent.writers.set(w.node, before + text.length);
    return {
      type: "stream",
      cellId: w.cellId,
      name: w.name,
      text,
      ...(w.node === undefined ? {} : { node: w.node }),
      ...(omitted ? { omitted } : {}),
    };
  }
}
