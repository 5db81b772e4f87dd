// How much of a cell's output the notebook keeps and the page shows: the one place these limits are decided.
// A cell may print without end (10^6 lines from each of 3 nodes is 48 MB); as Jupyter's front ends do, Parabook
// keeps the first and the last of it and says how much it left out in a line of its own:
//   … 2,999,600 lines (47.3 MB) left out …
// The notebook file keeps a stream output whole up to FILE_OUTPUT_LIMIT_CHARS; the page shows of each writer's
// text (the host, or one node) only its first and last lines. Pure (no Node or DOM): the renderer, the host and
// `parabook run` cap with the same code.

/** Characters of one stream output (stdout or stderr of a cell, every node together) a notebook file keeps. */
export const FILE_OUTPUT_LIMIT_CHARS = 1_000_000;
/** Lines of one writer's text (the host's, or one node's) the page shows from its start and from its end. */
export const PAGE_HEAD_LINES = 200;
export const PAGE_TAIL_LINES = 200;
/** Characters of those lines at most, so one endless line cannot fill the page either. */
export const PAGE_HEAD_CHARS = 40_000;
export const PAGE_TAIL_CHARS = 40_000;

/** The host sends a running cell's stream text to the page in batches this far apart, each writer's text joined. */
export const STREAM_BATCH_MS = 100;
/**
 * Once a stream output is past the file's limit and a writer's first part is kept, the host sends of that
 * writer's text in one batch only its last this many characters and says how much it left out: a cell printing
 * without end costs the wire and the page a bounded rate, however fast its nodes print.
 */
export const FLOOD_TAIL_CHARS = PAGE_TAIL_CHARS;

export interface TextLimits {
  readonly headLines: number;
  readonly headChars: number;
  readonly tailLines: number;
  readonly tailChars: number;
}

export const PAGE_LIMITS: TextLimits = {
  headLines: PAGE_HEAD_LINES,
  headChars: PAGE_HEAD_CHARS,
  tailLines: PAGE_TAIL_LINES,
  tailChars: PAGE_TAIL_CHARS,
};

/**
 * The file's limits for one writer of a stream output that `writers` share: the output's budget split evenly,
 * half for the start of each writer's text and half for its end.
 */
export function fileLimitsPerWriter(writers: number): TextLimits {
  const share = Math.floor(FILE_OUTPUT_LIMIT_CHARS / (2 * Math.max(1, writers)));
  return { headLines: Infinity, headChars: share, tailLines: Infinity, tailChars: share };
}

/** What was left out between the first and the last of a text: line breaks and UTF-8 bytes. */
export interface Omission {
  readonly lines: number;
  readonly bytes: number;
}

const NOTE = /^… ([\d,]+) lines? \(([\d.]+) (B|KB|MB|GB)\) left out …$/;
const UNIT_BYTES: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 };

export function formatSize(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, "KB"] : bytes < 1e9 ? [bytes / 1e6, "MB"] : [bytes / 1e9, "GB"];
  return `${value < 100 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

/** The line that stands where text was left out (without a line break). */
export function omissionNote(omission: Omission): string {
  const lines = omission.lines.toLocaleString("en-US");
  return `… ${lines} ${omission.lines === 1 ? "line" : "lines"} (${formatSize(omission.bytes)}) left out …`;
}

/** The omission a note line stands for, or null when `line` is not one. */
export function parseOmissionNote(line: string): Omission | null {
  const match = NOTE.exec(line);
  if (!match) return null;
  return { lines: Number(match[1]!.replaceAll(",", "")), bytes: Math.round(Number(match[2]) * UNIT_BYTES[match[3]!]!) };
}

export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) i++, (bytes += 2); // a surrogate pair: 4 bytes for 2 units
    else bytes += 2;
  }
  return bytes;
}

export function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) n++;
  return n;
}

/** The lines `text` stands for: its line breaks, and for each note line in it, the lines the note stands for. */
export function linesStoodFor(text: string): number {
  return countNewlines(text) + notesIn(text).lines;
}

/**
 * What the note lines in `text` stand for beyond themselves (text capped once already, by the file, and capped
 * again for the page).
 */
function notesIn(text: string): Omission {
  let lines = 0;
  let bytes = 0;
  for (let at = text.indexOf("… "); at !== -1; at = text.indexOf("… ", at + 1)) {
    if (at > 0 && text[at - 1] !== "\n") continue;
    const end = text.indexOf("\n", at);
    const line = end === -1 ? text.slice(at) : text.slice(at, end);
    const note = parseOmissionNote(line);
    if (!note) continue;
    lines += note.lines - (end === -1 ? 0 : 1);
    bytes += note.bytes - utf8Length(line) - (end === -1 ? 0 : 1);
  }
  return { lines, bytes };
}

/** What `text`, left out, stands for: its own line breaks and bytes, and what the notes in it stood for. */
function omissionOf(text: string): Omission {
  const notes = notesIn(text);
  return { lines: countNewlines(text) + notes.lines, bytes: utf8Length(text) + notes.bytes };
}

/**
 * Where to cut `text` so that the part before the cut keeps at most `lines` line breaks and `chars` characters,
 * at a line boundary unless one line alone is longer than `chars` (then within it; `preferWhole` says that
 * taking none of such a line is better, as when the part before already ends a line).
 */
function headCut(text: string, lines: number, chars: number, preferWhole: boolean): number {
  let lineCut = text.length;
  if (lines !== Infinity) {
    let at = -1;
    for (let i = 0; i < lines; i++) {
      at = text.indexOf("\n", at + 1);
      if (at === -1) break;
    }
    lineCut = lines <= 0 ? 0 : at === -1 ? text.length : at + 1;
  }
  if (chars >= lineCut) return lineCut;
  const newline = chars > 0 ? text.lastIndexOf("\n", chars - 1) : -1;
  if (newline !== -1) return newline + 1;
  return preferWhole ? 0 : Math.max(0, chars);
}

/** Where to cut `text` so that the part after the cut keeps at most `lines` lines and `chars` characters. */
function tailCut(text: string, newlines: number, lines: number, chars: number): number {
  let lineCut = 0;
  const linesInText = newlines + (text === "" || text.endsWith("\n") ? 0 : 1);
  if (linesInText > lines) {
    // There are more lines than `lines`, so the line break before the last `lines` lines exists.
    let at = text.length;
    let from = text.endsWith("\n") ? text.length - 2 : text.length - 1;
    for (let i = 0; i < lines; i++) {
      at = text.lastIndexOf("\n", from);
      from = at - 1;
    }
    lineCut = lines <= 0 ? text.length : at + 1;
  }
  let charCut = Math.max(0, text.length - chars);
  if (charCut > 0) {
    const newline = text.indexOf("\n", charCut - 1);
    if (newline !== -1 && newline + 1 < text.length) charCut = newline + 1;
  }
  return Math.max(lineCut, charCut);
}

/**
 * Text that keeps its first and its last part within limits and counts what it left out between them. Appending
 * costs what the appended text costs, however long the whole grows: the end is trimmed only when it has grown to
 * twice its limits.
 */
export class CappedText {
  #head = "";
  #headNewlines = 0;
  #headFull = false;
  #tail = "";
  #tailNewlines = 0;
  #omittedLines = 0;
  #omittedBytes = 0;

  constructor(private limits: TextLimits) {}

  append(text: string): void {
    if (text === "") return;
    let rest = text;
    if (!this.#headFull) {
      const lines = this.limits.headLines - this.#headNewlines;
      const chars = this.limits.headChars - this.#head.length;
      const cut = headCut(text, lines, chars, this.#head.endsWith("\n"));
      this.#head += text.slice(0, cut);
      this.#headNewlines += countNewlines(text, 0, cut);
      if (cut === text.length) return;
      this.#headFull = true;
      rest = text.slice(cut);
    }
    this.#tail += rest;
    this.#tailNewlines += countNewlines(rest);
    const { tailLines, tailChars } = this.limits;
    if (this.#tail.length > 2 * tailChars || this.#tailNewlines > 2 * tailLines + 1) this.#settle();
  }

  /**
   * Text was left out before what comes next (by the host, in a flood): the kept end so far is no longer the end,
   * so it joins the omission, and the first part is closed.
   */
  skip(omission: Omission): void {
    this.#headFull = true;
    this.#omit(this.#tail);
    this.#tail = "";
    this.#tailNewlines = 0;
    this.#omittedLines += omission.lines;
    this.#omittedBytes += omission.bytes;
  }

  /**
   * Narrow the limits (as more writers come to share a budget): the text then kept is what the narrower limits
   * would have kept from the start. What the first part no longer holds comes right before the kept end when
   * nothing was left out yet (a first part that held all the text so far: its own end is the text's end), else
   * before what was left out, and so joins it.
   */
  narrow(limits: TextLimits): void {
    this.limits = limits;
    const cut = headCut(this.#head, limits.headLines, limits.headChars, false);
    if (cut < this.#head.length) {
      const rest = this.#head.slice(cut);
      if (this.#omittedLines === 0 && this.#omittedBytes === 0) {
        this.#tail = rest + this.#tail;
        this.#tailNewlines += countNewlines(rest);
      } else this.#omit(rest);
      this.#head = this.#head.slice(0, cut);
      this.#headNewlines = countNewlines(this.#head);
      this.#headFull = true;
    }
    this.#settle();
  }

  /** The kept start, what was left out (null when nothing was), and the kept end. */
  parts(): { head: string; omitted: Omission | null; tail: string } {
    this.#settle();
    const left = this.#omittedLines > 0 || this.#omittedBytes > 0;
    return { head: this.#head, omitted: left ? { lines: this.#omittedLines, bytes: this.#omittedBytes } : null, tail: this.#tail };
  }

  /** The kept text with the note in its own line where text was left out; `prefix` starts the note's line. */
  text(prefix = ""): string {
    const { head, omitted, tail } = this.parts();
    if (omitted === null) return head + tail;
    const gap = head === "" || head.endsWith("\n") ? "" : "\n";
    return `${head}${gap}${prefix}${omissionNote(omitted)}\n${tail}`;
  }

  #settle(): void {
    const cut = tailCut(this.#tail, this.#tailNewlines, this.limits.tailLines, this.limits.tailChars);
    if (cut === 0) return;
    const dropped = this.#tail.slice(0, cut);
    this.#omit(dropped);
    this.#tail = this.#tail.slice(cut);
    this.#tailNewlines -= countNewlines(dropped);
  }

  #omit(text: string): void {
    const omission = omissionOf(text);
    this.#omittedLines += omission.lines;
    this.#omittedBytes += omission.bytes;
  }
}

/** `text` within `limits`, with the note where the middle was left out. */
export function capText(text: string, limits: TextLimits): string {
  const capped = new CappedText(limits);
  capped.append(text);
  return capped.text();
}
