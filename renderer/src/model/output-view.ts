// How a cell's nbformat outputs are laid out on screen: stream text split into plain runs and per-node groups
// ("[node N] …" lines, as the session writes cluster output), and long text cut to its first and last lines with
// a note of what was left out between them (the limits are in contract/output-limits.ts), so a cell that
// prints 10^6 lines costs the page what a few hundred lines cost.

import type { Output } from "../../../contract/notebook.js";
import { CappedText, linesStoodFor, PAGE_LIMITS, type Omission } from "../../../contract/output-limits.js";

export type StreamPiece =
  | { kind: "text"; text: string }
  /** Every "[node N] " line of one stream output for node N, prefix removed, at the place the node first spoke;
   * `lines` counts what notes in it stand for too. */
  | { kind: "node"; node: number; text: string; lines: number };

const NODE_PREFIX = "[node ";
const NODE_LINE = /^\[node (\d+)\] ?/;

/**
 * Split stream text into plain runs and per-node groups. The groups stand together, in rank order, where the
 * first node line was; plain text keeps its order around them (text the host wrote while nodes were writing
 * follows the groups).
 */
export function streamPieces(text: string): StreamPiece[] {
  if (!text.includes(NODE_PREFIX)) return [{ kind: "text", text }];
  const groups = new Map<number, { kind: "node"; node: number; text: string; lines: number }>();
  let before = "";
  let after = "";
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline + 1;
    const match = text.startsWith(NODE_PREFIX, start) ? NODE_LINE.exec(text.slice(start, Math.min(end, start + 24))) : null;
    if (!match) {
      if (groups.size === 0) before += text.slice(start, end);
      else after += text.slice(start, end);
    } else {
      const node = Number(match[1]);
      let group = groups.get(node);
      if (!group) {
        group = { kind: "node", node, text: "", lines: 0 };
        groups.set(node, group);
      }
      group.text += text.slice(start + match[0].length, end);
    }
    start = end;
  }
  for (const group of groups.values()) group.lines = lineCount(group.text);
  const pieces: StreamPiece[] = [];
  if (before !== "") pieces.push({ kind: "text", text: before });
  pieces.push(...[...groups.values()].sort((a, b) => a.node - b.node));
  if (after !== "") pieces.push({ kind: "text", text: after });
  return pieces;
}

/** Node groups start open while they are short enough to read at a glance, and folded beyond that. */
export const NODE_GROUPS_OPEN_UP_TO_LINES = 24;

export function nodeGroupsStartOpen(pieces: readonly StreamPiece[]): boolean {
  let lines = 0;
  for (const piece of pieces) if (piece.kind === "node") lines += piece.lines;
  return lines <= NODE_GROUPS_OPEN_UP_TO_LINES;
}

export interface PageText {
  /** The first lines, shown. */
  readonly head: string;
  /** What was left out between the first and the last lines, or null when the whole text is shown. */
  readonly omitted: Omission | null;
  /** The last lines, shown. */
  readonly tail: string;
}

/** What the page shows of a text: its first and last lines within the page's limits. */
export function pageText(text: string): PageText {
  const capped = new CappedText(PAGE_LIMITS);
  capped.append(text);
  return capped.parts();
}

/** Lines in `text` (an unfinished last line counts), with what its notes of left-out text stand for. */
export function lineCount(text: string): number {
  if (text === "") return 0;
  return linesStoodFor(text) + (text.endsWith("\n") ? 0 : 1);
}

/** Lines of text in a cell's outputs, for deciding whether to offer collapsing them. */
export function outputLineCount(outputs: readonly Output[]): number {
  let n = 0;
  for (const o of outputs) {
    if (o.output_type === "stream") n += lineCount(o.text);
    else if (o.output_type === "error") n += o.traceback.length + 1;
    else n += lineCount(typeof o.data["text/plain"] === "string" ? o.data["text/plain"] : "");
  }
  return n;
}

/** The richest representation of display data the UI can show safely, in order of preference. */
export type RichKind = "html" | "svg" | "png" | "jpeg" | "latex" | "markdown" | "plain" | "json";

const PREFERENCE: readonly [string, RichKind][] = [
  ["text/html", "html"],
  ["image/svg+xml", "svg"],
  ["image/png", "png"],
  ["image/jpeg", "jpeg"],
  ["text/latex", "latex"],
  ["text/markdown", "markdown"],
  ["text/plain", "plain"],
  ["application/json", "json"],
];

export function preferredMime(data: Record<string, unknown>): { mime: string; kind: RichKind } | null {
  for (const [mime, kind] of PREFERENCE) if (data[mime] !== undefined) return { mime, kind };
  return null;
}
