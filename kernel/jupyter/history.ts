// history_request over this kernel's executed cells (those stored: store_history true), as IPython answers it:
// tail (the last n), range (of one session, by line), search (a glob over the whole input; unique; the last n).
// One session per kernel process, numbered 1; "0" and negative session numbers count back from it, as IPython's.

import type { HistoryEntry, HistoryRequest } from "../../contract/jupyter/messages.js";

interface Entry {
  readonly line: number;
  readonly input: string;
  /** What the cell showed (its execute_result text), or null. */
  readonly output: string | null;
}

export const HISTORY_SESSION = 1;

/** A glob (`*` any run, `?` one character, `[…]` a class) as a regular expression over the whole text. */
function globRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else if (ch === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) source += "\\[";
      else {
        const body = pattern.slice(i + 1, close).replace(/\\/g, "\\\\");
        source += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export class ExecutionHistory {
  private readonly entries: Entry[] = [];

  add(line: number, input: string, output: string | null): void {
    this.entries.push({ line, input, output });
  }

  /** Throws, saying what is wrong, for a request that is not one of the three kinds with numbers where due. */
  query(request: HistoryRequest): HistoryEntry[] {
    const numbers = { tail: ["n"], range: ["session", "start", "stop"], search: [] }[request.hist_access_type as string];
    if (numbers === undefined) throw new TypeError(`history_request: hist_access_type must be tail, range or search, not ${JSON.stringify(request.hist_access_type)}`);
    for (const field of numbers) {
      const value = (request as unknown as Record<string, unknown>)[field];
      if (typeof value !== "number") throw new TypeError(`history_request: ${field} must be a number, not ${JSON.stringify(value)}`);
    }
    if (request.hist_access_type === "search" && typeof request.pattern !== "string") throw new TypeError("history_request: pattern must be a string");
    const shape = (e: Entry): HistoryEntry =>
      request.output ? [HISTORY_SESSION, e.line, [e.input, e.output]] : [HISTORY_SESSION, e.line, e.input];
    switch (request.hist_access_type) {
      case "tail":
        return this.entries.slice(-Math.max(0, request.n)).map(shape);
      case "range": {
        const session = request.session <= 0 ? HISTORY_SESSION + request.session : request.session;
        if (session !== HISTORY_SESSION) return [];
        // IPython: stop is exclusive; a stop of 0 or less means "to the end".
        return this.entries.filter((e) => e.line >= request.start && (request.stop <= 0 || e.line < request.stop)).map(shape);
      }
      case "search": {
        const pattern = globRegExp(request.pattern);
        let found = this.entries.filter((e) => pattern.test(e.input));
        if (request.unique) {
          // The latest line of each distinct input, in the order of those lines.
          const latest = new Map<string, Entry>();
          for (const e of found) latest.set(e.input, e);
          found = found.filter((e) => latest.get(e.input) === e);
        }
        const n = request.n;
        return (n !== undefined && n !== null && n > 0 ? found.slice(-n) : found).map(shape);
      }
    }
  }
}
