// Folding a cell's events (renderer/api.ts) into the outputs a notebook stores (format.ts), the way Jupyter
// would: consecutive stream text of one name merges into one output, what nodes print becomes stdout/stderr lines
// prefixed "[node N] ", %%time's timing becomes "Time: S seconds." on stdout, a shown value an execute_result,
// and errors error outputs. Pure (no Node imports): the renderer folds live events with the same code.

import type { CellEvent } from "../../renderer/api.js";
import type { Output, StreamOutput } from "./format.js";

const nodePrefix = (rank: number): string => `[node ${rank}] `;

/** The text after the last newline: the line still being written. */
function openLine(text: string): string {
  return text.slice(text.lastIndexOf("\n") + 1);
}

/**
 * Append `text` written by node `rank` (or the host, when undefined) to stream text that already holds `before`.
 * Each node line carries its prefix; a line left open by someone else is closed first, so lines are never mixed.
 */
function attributed(before: string, text: string, rank: number | undefined): string {
  const open = openLine(before);
  if (rank === undefined) {
    const othersOpenLine = open !== "" && /^\[node \d+\] /.test(open);
    return (othersOpenLine ? "\n" : "") + text;
  }
  const prefix = nodePrefix(rank);
  let out = "";
  if (open === "") out = prefix;
  else if (!open.startsWith(prefix)) out = "\n" + prefix;
  // Prefix every line that starts inside this text (not the one a trailing newline would open).
  out += text.replace(/\n(?=.)/gs, `\n${prefix}`);
  return out;
}

function appendStream(outputs: readonly Output[], name: "stdout" | "stderr", text: string, rank?: number): Output[] {
  const last = outputs[outputs.length - 1];
  if (last?.output_type === "stream" && last.name === name) {
    const merged: StreamOutput = { output_type: "stream", name, text: last.text + attributed(last.text, text, rank) };
    return [...outputs.slice(0, -1), merged];
  }
  return [...outputs, { output_type: "stream", name, text: attributed("", text, rank) }];
}

/** "Time: 75.23063731193542 seconds." as Metakernel prints it (Python's float repr; JS's is the same). */
export function timingText(seconds: number): string {
  return `Time: ${String(seconds)} seconds.\n`;
}

/** The outputs after one more event. Returns a new array; the outputs given are not changed. */
export function foldCellEvent(outputs: readonly Output[], event: CellEvent): Output[] {
  switch (event.type) {
    case "stream":
      return appendStream(outputs, event.name, event.text, event.node);
    case "timing": {
      const last = outputs[outputs.length - 1];
      const needsNewline = last?.output_type === "stream" && last.name === "stdout" && last.text !== "" && !last.text.endsWith("\n");
      return appendStream(outputs, "stdout", (needsNewline ? "\n" : "") + timingText(event.seconds));
    }
    case "result":
      return [...outputs, { output_type: "execute_result", execution_count: event.executionCount, data: { ...event.data }, metadata: {} }];
    case "display":
      return [...outputs, { output_type: "display_data", data: { ...event.data }, metadata: {} }];
    case "error": {
      if (event.node === undefined) {
        return [...outputs, { output_type: "error", ename: event.ename, evalue: event.evalue, traceback: [...event.traceback] }];
      }
      const prefix = nodePrefix(event.node);
      return [
        ...outputs,
        { output_type: "error", ename: event.ename, evalue: prefix + event.evalue, traceback: event.traceback.map((line) => prefix + line) },
      ];
    }
    case "px-progress":
      // Progress is shown while a cell runs and is not part of what the notebook keeps.
      return [...outputs];
  }
}

/** All of a cell's outputs from its events, in order. */
export function cellOutputs(events: readonly CellEvent[]): Output[] {
  return events.reduce<Output[]>(foldCellEvent, []);
}
