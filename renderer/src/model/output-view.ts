// How a cell's nbformat outputs are laid out on screen: stream text split into plain runs and per-node groups
// ("[node N] …" lines, as the session writes cluster output), and long text cut to a first page of lines so a
// cell that prints 10^5 lines cannot freeze the page.

import type { Output } from "../../../kernel/notebook/format.js";

export type StreamPiece =
  | { kind: "text"; text: string }
  /** Every "[node N] " line of one stream output for node N, prefix removed, at the place the node first spoke. */
  | { kind: "node"; node: number; text: string; lines: number };

const NODE_LINE = /^\[node (\d+)\] ?/;

/**
 * Split stream text into plain runs and per-node groups. The groups stand together, in rank order, where the
 * first node line was; plain text keeps its order around them (text the host wrote while nodes were writing
 * follows the groups).
 */
export function streamPieces(text: string): StreamPiece[] {
  if (!text.includes("[node ")) return [{ kind: "text", text }];
  const groups = new Map<number, { kind: "node"; node: number; text: string; lines: number }>();
  let before = "";
  let after = "";
  for (const line of text.split(/(?<=\n)/)) {
    const match = NODE_LINE.exec(line);
    if (!match) {
      if (groups.size === 0) before += line;
      else after += line;
      continue;
    }
    const node = Number(match[1]);
    let group = groups.get(node);
    if (!group) {
      group = { kind: "node", node, text: "", lines: 0 };
      groups.set(node, group);
    }
    group.text += line.slice(match[0].length);
    group.lines++;
  }
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

export interface CutText {
  readonly shown: string;
  /** Lines left out after `shown`. */
  readonly hiddenLines: number;
}

/**
 * The first `maxLines` lines of `text`. Scans only as far as it must, plus one count of the rest, so the cost of
 * showing a page does not grow with the size of the output beyond a single linear pass.
 */
export function firstLines(text: string, maxLines: number): CutText {
  let at = -1;
  for (let i = 0; i < maxLines; i++) {
    at = text.indexOf("\n", at + 1);
    if (at === -1) return { shown: text, hiddenLines: 0 };
  }
  const rest = text.slice(at + 1);
  if (rest === "") return { shown: text, hiddenLines: 0 };
  return { shown: text.slice(0, at + 1), hiddenLines: countLines(rest) };
}

export function countLines(text: string): number {
  if (text === "") return 0;
  let n = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) n++;
  return text.endsWith("\n") ? n : n + 1;
}

/** Lines of text in a cell's outputs, for deciding whether to offer collapsing them. */
export function outputLineCount(outputs: readonly Output[]): number {
  let n = 0;
  for (const o of outputs) {
    if (o.output_type === "stream") n += countLines(o.text);
    else if (o.output_type === "error") n += o.traceback.length + 1;
    else n += countLines(typeof o.data["text/plain"] === "string" ? o.data["text/plain"] : "");
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
