// Jupyter notebooks (nbformat 4.x): the in-memory model, parsing with precise errors, and serialising the way
// Jupyter itself writes files (sorted keys, one-space indent, multi-line strings as lists of lines, trailing
// newline). Pure: no Node APIs, so the renderer uses the same code.

import { describePath, MAX_JSON_DEPTH, pathBeyondDepth } from "./json-depth.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Output objects, with every multi-line string joined into one string. */
export type StreamOutput = { output_type: "stream"; name: "stdout" | "stderr"; text: string };
export type MimeBundle = { [mime: string]: string | JsonValue };
export type ExecuteResultOutput = {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: JsonObject;
};
export type DisplayDataOutput = { output_type: "display_data"; data: MimeBundle; metadata: JsonObject };
export type ErrorOutput = { output_type: "error"; ename: string; evalue: string; traceback: string[] };
export type Output = StreamOutput | ExecuteResultOutput | DisplayDataOutput | ErrorOutput;

export type CodeCell = {
  cell_type: "code";
  id: string;
  source: string;
  metadata: JsonObject;
  execution_count: number | null;
  outputs: Output[];
};
export type MarkdownCell = {
  cell_type: "markdown";
  id: string;
  source: string;
  metadata: JsonObject;
  attachments?: JsonObject;
};
export type RawCell = {
  cell_type: "raw";
  id: string;
  source: string;
  metadata: JsonObject;
  attachments?: JsonObject;
};
export type Cell = CodeCell | MarkdownCell | RawCell;

export type Notebook = {
  nbformat: 4;
  nbformat_minor: number;
  metadata: JsonObject;
  cells: Cell[];
};

/** A notebook that cannot be read: says what was wrong and where. */
export class NotebookFormatError extends Error {
  constructor(
    message: string,
    readonly where?: { line?: number; column?: number; cell?: number },
  ) {
    super(message);
    this.name = "NotebookFormatError";
  }
}

const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

export function newCellId(existing?: ReadonlySet<string>): string {
  for (;;) {
    let id = "";
    for (let i = 0; i < 8; i++) id += "0123456789abcdef"[Math.floor(Math.random() * 16)];
    if (!existing?.has(id)) return id;
  }
}

export function emptyNotebook(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { display_name: "Parabook Scheme", language: "scheme", name: "parabook_scheme" },
      language_info: {
        codemirror_mode: { name: "scheme" },
        file_extension: ".scm",
        mimetype: "text/x-scheme",
        name: "scheme",
      },
    },
    cells: [newCodeCell("")],
  };
}

export function newCodeCell(source: string, id: string = newCellId()): CodeCell {
  return { cell_type: "code", id, source, metadata: {}, execution_count: null, outputs: [] };
}

export function newMarkdownCell(source: string, id: string = newCellId()): MarkdownCell {
  return { cell_type: "markdown", id, source, metadata: {} };
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

/** Parse notebook text. `fileName` only flavours the messages. */
export function parseNotebook(text: string, fileName = "notebook"): Notebook {
  if (text.trim() === "") throw new NotebookFormatError(`${fileName} is empty; a notebook is a JSON document`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw jsonSyntaxError(text, fileName, err as Error);
  }
  return notebookFromJson(json, fileName);
}

function jsonSyntaxError(text: string, fileName: string, err: Error): NotebookFormatError {
  // V8 says "... at position N" (older) or "... (line L column C)" (newer); give line and column either way.
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  let line: number | undefined;
  let column: number | undefined;
  if (lc) {
    line = Number(lc[1]);
    column = Number(lc[2]);
  } else {
    const pos = /position (\d+)/.exec(err.message);
    if (pos) ({ line, column } = lineColumnAt(text, Number(pos[1])));
    else if (/Unexpected end/.test(err.message)) ({ line, column } = lineColumnAt(text, text.length));
  }
  const reason = err.message.replace(/\s*(in JSON )?at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)/, "");
  const where = line !== undefined ? `, line ${line}, column ${column}` : "";
  const truncated = /end of JSON input|Unterminated/.test(err.message) ? " (the file looks truncated)" : "";
  return new NotebookFormatError(`${fileName} is not valid JSON${where}: ${reason}${truncated}`, { line, column });
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function joinMultiline(v: unknown, what: string, fileName: string, cell?: number): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v.join("");
  throw new NotebookFormatError(`${fileName}: ${what} must be a string or a list of strings`, { cell });
}

export function notebookFromJson(json: unknown, fileName = "notebook"): Notebook {
  if (!isObject(json)) throw new NotebookFormatError(`${fileName} is not a notebook: the top level is not an object`);
  refuseTooDeep(json, fileName);
  if (json.nbformat !== 4) {
    const found = json.nbformat === undefined ? "no nbformat field" : `nbformat ${JSON.stringify(json.nbformat)}`;
    throw new NotebookFormatError(`${fileName} is not an nbformat 4 notebook (${found})`);
  }
  if (!Array.isArray(json.cells)) throw new NotebookFormatError(`${fileName} is not a notebook: it has no cells list`);
  const minor = typeof json.nbformat_minor === "number" ? json.nbformat_minor : 0;
  const metadata = isObject(json.metadata) ? (json.metadata as JsonObject) : {};
  const seen = new Set<string>();
  const cells = json.cells.map((raw, index) => cellFromJson(raw, index, fileName, seen));
  // Reading a 4.0–4.4 notebook upgrades it to 4.5: cells gain ids (as nbformat's own upgrade does).
  return { nbformat: 4, nbformat_minor: Math.max(minor, 5), metadata, cells };
}

function refuseTooDeep(json: JsonObject | Record<string, unknown>, fileName: string): void {
  const path = pathBeyondDepth(json);
  if (path === null) return;
  const cell = path[0] === "cells" && typeof path[1] === "number" ? path[1] + 1 : undefined;
  throw new NotebookFormatError(
    `${fileName} is nested too deeply (more than ${MAX_JSON_DEPTH} levels)${cell === undefined ? "" : ` in cell ${cell}`}, at ${describePath(path)}`,
    cell === undefined ? undefined : { cell },
  );
}

/**
 * `target[key] = value` as an own property whatever the key: assigning to "__proto__" would set the object's
 * prototype instead, and the key would vanish from the notebook (JSON.parse itself keeps such keys as own ones).
 */
function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of JSON data (a notebook, cells, outputs) that keeps every key, "__proto__" included. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (value === null || typeof value !== "object") return value;
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(copy, key, cloneJson((value as Record<string, JsonValue>)[key]!));
  return copy as T;
}

function cellFromJson(raw: unknown, index: number, fileName: string, seen: Set<string>): Cell {
  const n = index + 1;
  if (!isObject(raw)) throw new NotebookFormatError(`${fileName}: cell ${n} is not an object`, { cell: n });
  let id = typeof raw.id === "string" && CELL_ID.test(raw.id) && !seen.has(raw.id) ? raw.id : newCellId(seen);
  seen.add(id);
  const source = joinMultiline(raw.source ?? "", `cell ${n}'s source`, fileName, n);
  const metadata = isObject(raw.metadata) ? (raw.metadata as JsonObject) : {};
  const attachments = isObject(raw.attachments) ? (raw.attachments as JsonObject) : undefined;
  switch (raw.cell_type) {
    case "code": {
      const outputs = Array.isArray(raw.outputs) ? raw.outputs.map((o, k) => outputFromJson(o, n, k + 1, fileName)) : [];
      const count = typeof raw.execution_count === "number" ? raw.execution_count : null;
      return { cell_type: "code", id, source, metadata, execution_count: count, outputs };
    }
    case "markdown":
    case "raw":
      return attachments
        ? { cell_type: raw.cell_type, id, source, metadata, attachments }
        : { cell_type: raw.cell_type, id, source, metadata };
    default:
      throw new NotebookFormatError(
        `${fileName}: cell ${n} has an unknown cell_type ${JSON.stringify(raw.cell_type)} (expected code, markdown or raw)`,
        { cell: n },
      );
  }
}

function mimeBundle(v: unknown, cell: number, fileName: string): MimeBundle {
  if (!isObject(v)) return {};
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(v)) {
    // Text-like mime types are multi-line strings; JSON mime types carry JSON as is.
    setOwn(out, mime, /json$/.test(mime) ? (value as JsonValue) : joinMultiline(value, `output data ${mime}`, fileName, cell));
  }
  return out;
}

function outputFromJson(raw: unknown, cell: number, k: number, fileName: string): Output {
  if (!isObject(raw)) throw new NotebookFormatError(`${fileName}: output ${k} of cell ${cell} is not an object`, { cell });
  const metadata = isObject(raw.metadata) ? (raw.metadata as JsonObject) : {};
  switch (raw.output_type) {
    case "stream":
      return {
        output_type: "stream",
        name: raw.name === "stderr" ? "stderr" : "stdout",
        text: joinMultiline(raw.text ?? "", `stream text`, fileName, cell),
      };
    case "execute_result":
      return {
        output_type: "execute_result",
        execution_count: typeof raw.execution_count === "number" ? raw.execution_count : null,
        data: mimeBundle(raw.data, cell, fileName),
        metadata,
      };
    case "display_data":
      return { output_type: "display_data", data: mimeBundle(raw.data, cell, fileName), metadata };
    case "error":
      return {
        output_type: "error",
        ename: String(raw.ename ?? ""),
        evalue: String(raw.evalue ?? ""),
        traceback: Array.isArray(raw.traceback) ? raw.traceback.map(String) : [],
      };
    default:
      throw new NotebookFormatError(
        `${fileName}: output ${k} of cell ${cell} has an unknown output_type ${JSON.stringify(raw.output_type)}`,
        { cell },
      );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Serialising

/** Split into lines keeping their newlines, as nbformat stores multi-line strings. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/(?<=\n)/);
  return lines;
}

function outputToJson(o: Output): JsonObject {
  switch (o.output_type) {
    case "stream":
      return { output_type: "stream", name: o.name, text: splitLines(o.text) };
    case "execute_result":
      return { output_type: o.output_type, execution_count: o.execution_count, data: bundleToJson(o.data), metadata: o.metadata };
    case "display_data":
      return { output_type: o.output_type, data: bundleToJson(o.data), metadata: o.metadata };
    case "error":
      return { output_type: "error", ename: o.ename, evalue: o.evalue, traceback: o.traceback };
  }
}

function bundleToJson(data: MimeBundle): JsonObject {
  const out: JsonObject = {};
  for (const [mime, value] of Object.entries(data)) setOwn(out, mime, typeof value === "string" ? splitLines(value) : value);
  return out;
}

function cellToJson(c: Cell): JsonObject {
  const base: JsonObject = { cell_type: c.cell_type, id: c.id, metadata: c.metadata, source: splitLines(c.source) };
  if (c.cell_type === "code") {
    base.execution_count = c.execution_count;
    base.outputs = c.outputs.map(outputToJson);
  } else if (c.attachments) {
    base.attachments = c.attachments;
  }
  return base;
}

export function notebookToJson(nb: Notebook): JsonObject {
  return { cells: nb.cells.map(cellToJson), metadata: nb.metadata, nbformat: 4, nbformat_minor: Math.max(nb.nbformat_minor, 5) };
}

function sortKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: JsonObject = {};
    for (const key of Object.keys(v).sort()) setOwn(out, key, sortKeys(v[key]!));
    return out;
  }
  return v;
}

/** The exact text Jupyter writes for this notebook. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(sortKeys(notebookToJson(nb)), null, 1) + "\n";
}
