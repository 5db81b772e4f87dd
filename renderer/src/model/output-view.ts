// How a cell's nbformat outputs are laid out on screen: stream text split into plain runs and per-node groups
// ("[node N] …" lines, as the session writes cluster output), and long text cut to a first page of lines so a
// cell that prints 10^5 lines cannot freeze the page.

import type { Output } from "../../../kernel/notebook/format.js";

export type StreamPiece =
  | { kind: "text"; text: string }
  /** Every "[node N] " line of one stream output for node N, prefix removed, at the place the node first spoke. */
  | { kind: "node"; node: number; text: string; lines: number };

const NODE_LINE = /^\[node (\d+)\] ?/;

/** Split stream text into plain runs and per-node groups, keeping the order of first appearance. */
export function streamPieces(text: string): StreamPiece[] {
  if (!text.includes("[node ")) return [{ kind: "text", text }];
  const pieces: StreamPiece[] = [];
  const groups = new Map<number, { kind: "node"; node: number; text: string; lines: number }>();
  let plain = "";
  for (const line of text.split(/(?<=\n)/)) {
    const match = NODE_LINE.exec(line);
    if (!match) {
      plain += line;
      continue;
    }
    if (plain !== "") {
      pieces.push({ kind: "text", text: plain });
      plain = "";
    }
    const node = Number(match[1]);
    let group = groups.get(node);
    if (!group) {
      group = { kind: "node", node, text: "", lines: 0 };
      groups.set(node, group);
      pieces.push(group);
    }
    group.text += line.slice(match[0].length);
    group.lines++;
  }
  if (plain !== "") pieces.push({ kind: "text", text: plain });
  return pieces;
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
