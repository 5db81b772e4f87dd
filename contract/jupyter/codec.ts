// Parabook's events (api.ts) as Jupyter messages, and back. The kernel (kernel/jupyter/) encodes what its Session
// emits; Parabook's client of a kernel under a Jupyter Server decodes what arrives, and gets the very events the
// Session emitted. The rules:
//
// 1. Standard front ends (JupyterLab, VS Code, nbclient, jupyter console) see standard messages, looking as the
//    app's output does (contract/outputs.ts folds the same events the same way):
//    - stream      → `stream`. A node's text has every line prefixed "[node N] "; when another writer's line is
//                    open, a "\n" ends it first. What the shell left out of a flood (`omitted`) stands as the
//                    note line "… N lines (S) left out …" before the text.
//    - result      → `execute_result` (the notebook printer's text/plain).
//    - display     → `display_data`.
//    - error       → `error` (ename, evalue, traceback); a node's evalue and traceback lines prefixed "[node N] ".
//    - timing      → `stream` on stdout: "Time: S seconds." (timingText), as %%time prints in the app.
//    - px-progress → `display_data` with `transient.display_id` when a px command starts (done = 0), then
//                    `update_display_data` of that display as nodes finish: "3 of 10 done, 1 failed". The final
//                    count stays in the notebook, as a progress bar does in Jupyter; its display metadata carries
//                    the same "parabook" entry as the message's (below), so a saved notebook still tells progress
//                    from results (nbclient keeps display metadata, not message metadata).
// 2. What standard content cannot carry goes in the message's `metadata` under the one key "parabook"
//    (ParabookMetadata): a stream's or an error's node rank, `omitted`, whether the text continues a line or
//    ends another writer's, the timing's seconds, the px counts. The decoder uses it to strip what the encoder
//    added and restores the CellEvent exactly; a message without it decodes as the host kernel's.
// 3. Session-wide events (kernel state, the cluster, sticky magics) are not about a cell: they travel over a
//    Jupyter comm whose target is PARABOOK_COMM_TARGET. The front end opens it (comm_open, no data needed); the
//    kernel then sends the current state and every later such event as comm_msg data `{ event }` (CommFromKernel),
//    and answers the comm requests (CommRequest: the app's calls that are not Jupyter requests) with
//    `{ reply }`. comm_info lists the open comms. Busy/idle also goes out as Jupyter `status`, as always.
// 4. A cell's messages have its execute_request as parent; the decoder is told the cell id that request stands
//    for (the kernel uses the request's msg_id as the Session's cell id).
// 5. A cell's question to the user (input-request) is no iopub message: it goes on the stdin channel as
//    `input_request` { prompt, password } to the front end that sent the execute request, and only when that
//    request allowed stdin; the `input_reply`'s value is the line (the Session's answerInput). The front end shows
//    the prompt and the answer; the kernel writes neither.
// Pure (no Node, no DOM).

import type { CellEvent, ClusterStatus, ParabookEvent } from "../api.js";
import { timingText } from "../outputs.js";
import { omissionNote, type Omission } from "../output-limits.js";
import type { DisplayData, ErrorContent, ExecuteResult, JsonObject, MessageContents, Stream, UpdateDisplayData } from "./messages.js";

/** The key of Parabook's metadata in a message's `metadata`. */
export const PARABOOK_METADATA = "parabook";

/** The target name of Parabook's comm (rule 3). */
export const PARABOOK_COMM_TARGET = "parabook";

/** What a message's metadata says beyond its standard content (rule 2). */
export interface ParabookMetadata {
  /** The node that wrote the stream text or raised the error; absent for the host kernel. */
  readonly node?: number;
  /** What the shell left out of this writer's text just before it (stands in the text as a note line). */
  readonly omitted?: Omission;
  /** The text continues a line this writer began (its first line carries no "[node N] " prefix). */
  readonly continued?: true;
  /** A "\n" was put first to end another writer's line. */
  readonly lineClosed?: true;
  /** The stream is %%time's line; the seconds, unrounded. */
  readonly timing?: number;
  /** The display is a px command's progress. */
  readonly pxProgress?: { readonly done: number; readonly total: number; readonly failed: number };
}

/** The iopub message types a cell's events become. */
export type CellIopubType = "stream" | "execute_result" | "display_data" | "update_display_data" | "error";

/** One iopub message as the codec makes it: the kernel adds the header and the execute request as parent. */
export type IopubMessage = {
  [T in CellIopubType]: { readonly msgType: T; readonly content: MessageContents[T]; readonly metadata: JsonObject };
}[CellIopubType];

export const nodePrefix = (rank: number): string => `[node ${rank}] `;

/** The px progress text, as the app's progress bar words it. */
export function pxProgressText(done: number, total: number, failed: number): string {
  return `${done} of ${total} done${failed ? `, ${failed} failed` : ""}`;
}

/** Who wrote a piece of stream text: a node's rank, or the host kernel. */
type Writer = number | "host";

/** Where the current stream output of a cell stands, as a front end merges consecutive stream messages. */
interface StreamState {
  readonly name: "stdout" | "stderr";
  last: Writer | null;
  /** The text so far ends inside a line of `last`. */
  open: boolean;
}

function metadataOf(parabook: ParabookMetadata): JsonObject {
  return Object.keys(parabook).length === 0 ? {} : { [PARABOOK_METADATA]: parabook as unknown as JsonObject };
}

/** Every line of `text` that starts inside it gets the node's prefix; the first only if it starts a line. */
function attributed(text: string, rank: number, continued: boolean): string {
  const prefix = nodePrefix(rank);
  return (continued || text === "" ? "" : prefix) + text.replace(/\n(?=.)/gs, `\n${prefix}`);
}

/** The CellEvents that travel on iopub: all but a cell's question to the user, which goes on stdin (rule 5). */
export type IopubCellEvent = Exclude<CellEvent, { type: "input-request" }>;

/**
 * Encodes one cell's events, in order, into iopub messages (rule 1). Stateful, as a front end's output area is:
 * it knows whether the stream output being merged ends inside a line, and which progress display is live.
 */
export class CellEventEncoder {
  #stream: StreamState | null = null;
  #progressDisplay: string | null = null;
  #displays = 0;

  /** `displayIdBase` makes the progress displays' ids unique (the kernel passes the request's msg_id). */
  constructor(private readonly displayIdBase: string) {}

  encode(event: IopubCellEvent): IopubMessage {
    switch (event.type) {
      case "stream":
        return this.#encodeStream(event);
      case "timing": {
        const state = this.#streamState("stdout");
        const lineClosed = state.open;
        state.last = "host";
        state.open = false;
        const content: Stream = { name: "stdout", text: (lineClosed ? "\n" : "") + timingText(event.seconds) };
        return { msgType: "stream", content, metadata: metadataOf({ timing: event.seconds, ...(lineClosed ? { lineClosed: true } : {}) }) };
      }
      case "result": {
        this.#stream = null;
        const content: ExecuteResult = { execution_count: event.executionCount, data: { ...event.data }, metadata: {} };
        return { msgType: "execute_result", content, metadata: {} };
      }
      case "display": {
        this.#stream = null;
        const content: DisplayData = { data: { ...event.data }, metadata: {}, transient: {} };
        return { msgType: "display_data", content, metadata: {} };
      }
      case "error": {
        this.#stream = null;
        if (event.node === undefined) {
          const content: ErrorContent = { ename: event.ename, evalue: event.evalue, traceback: [...event.traceback] };
          return { msgType: "error", content, metadata: {} };
        }
        const prefix = nodePrefix(event.node);
        const content: ErrorContent = {
          ename: event.ename,
          evalue: prefix + event.evalue,
          traceback: event.traceback.map((line) => prefix + line),
        };
        return { msgType: "error", content, metadata: metadataOf({ node: event.node }) };
      }
      case "px-progress": {
        const data = { "text/plain": pxProgressText(event.done, event.total, event.failed) };
        const metadata = metadataOf({ pxProgress: { done: event.done, total: event.total, failed: event.failed } });
        if (event.done === 0 || this.#progressDisplay === null) {
          // A new display is a new output: stream text after it starts an output of its own.
          this.#stream = null;
          this.#progressDisplay = `${this.displayIdBase}-px-${++this.#displays}`;
          const content: DisplayData = { data, metadata, transient: { display_id: this.#progressDisplay } };
          return { msgType: "display_data", content, metadata };
        }
        const content: UpdateDisplayData = { data, metadata, transient: { display_id: this.#progressDisplay } };
        return { msgType: "update_display_data", content, metadata };
      }
    }
  }

  #streamState(name: "stdout" | "stderr"): StreamState {
    if (this.#stream?.name !== name) this.#stream = { name, last: null, open: false };
    return this.#stream;
  }

  #encodeStream(event: Extract<CellEvent, { type: "stream" }>): IopubMessage {
    const state = this.#streamState(event.name);
    const writer: Writer = event.node ?? "host";
    const body = (event.omitted ? `${omissionNote(event.omitted)}\n` : "") + event.text;
    // What follows a gap starts a line of its own, as does a writer's text after another writer's open line.
    const lineClosed = body !== "" && state.open && (state.last !== writer || event.omitted !== undefined);
    const continued = body !== "" && state.open && state.last === writer && event.omitted === undefined;
    const text = (lineClosed ? "\n" : "") + (writer === "host" ? body : attributed(body, writer, continued));
    if (body !== "") {
      state.last = writer;
      state.open = !body.endsWith("\n");
    }
    const parabook: ParabookMetadata = {
      ...(event.node !== undefined ? { node: event.node } : {}),
      ...(event.omitted ? { omitted: event.omitted } : {}),
      ...(continued ? { continued: true } : {}),
      ...(lineClosed ? { lineClosed: true } : {}),
    };
    return { msgType: "stream", content: { name: event.name, text }, metadata: metadataOf(parabook) };
  }
}

// ----- decoding ------------------------------------------------------------------------------------------------

/** A message that claims to be Parabook's but is not as the encoder makes it. */
export class JupyterCodecError extends Error {
  override readonly name = "JupyterCodecError";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** The "parabook" metadata of a message, checked; `{}` when there is none. */
export function parabookMetadata(metadata: unknown): ParabookMetadata {
  const found = isObject(metadata) ? metadata[PARABOOK_METADATA] : undefined;
  if (found === undefined) return {};
  const bad = (what: string): never => {
    throw new JupyterCodecError(`metadata.${PARABOOK_METADATA}: ${what}`);
  };
  if (!isObject(found)) return bad("not an object");
  if (found.node !== undefined && !isCount(found.node)) bad("node is not a rank");
  if (found.omitted !== undefined && !(isObject(found.omitted) && isCount(found.omitted.lines) && isCount(found.omitted.bytes))) {
    bad("omitted is not { lines, bytes }");
  }
  if (found.timing !== undefined && typeof found.timing !== "number") bad("timing is not a number of seconds");
  const p = found.pxProgress;
  if (p !== undefined && !(isObject(p) && isCount(p.done) && isCount(p.total) && isCount(p.failed))) {
    bad("pxProgress is not { done, total, failed }");
  }
  return found as ParabookMetadata;
}

/** The string entries of a mime bundle (what CellEvent data holds: text, HTML, base64 images). */
function textData(data: unknown): Record<string, string> {
  if (!isObject(data)) throw new JupyterCodecError("data is not a mime bundle");
  const out: Record<string, string> = {};
  for (const [mime, value] of Object.entries(data)) if (typeof value === "string") out[mime] = value;
  return out;
}

function stripStart(text: string, start: string, what: string): string {
  if (!text.startsWith(start)) throw new JupyterCodecError(`${what} does not start with ${JSON.stringify(start)}`);
  return text.slice(start.length);
}

function decodeStream(content: Record<string, unknown>, md: ParabookMetadata, cellId: string): CellEvent {
  const name = content.name;
  if ((name !== "stdout" && name !== "stderr") || typeof content.text !== "string") {
    throw new JupyterCodecError("a stream's content is not { name: stdout|stderr, text }");
  }
  let text = content.text;
  if (md.lineClosed) text = stripStart(text, "\n", "a stream's text after another writer's line");
  if (md.timing !== undefined) return { type: "timing", cellId, seconds: md.timing };
  const prefix = md.node === undefined ? "" : nodePrefix(md.node);
  if (md.node !== undefined) {
    if (!md.continued && text !== "") text = stripStart(text, prefix, "a node's stream text");
    text = text.replaceAll(`\n${prefix}`, "\n");
  }
  if (md.omitted) text = stripStart(text, `${omissionNote(md.omitted)}\n`, "a stream's text after a gap");
  return {
    type: "stream",
    cellId,
    name,
    text,
    ...(md.node !== undefined ? { node: md.node } : {}),
    ...(md.omitted ? { omitted: { lines: md.omitted.lines, bytes: md.omitted.bytes } } : {}),
  };
}

function decodeError(content: Record<string, unknown>, md: ParabookMetadata, cellId: string): CellEvent {
  const { ename, evalue, traceback } = content;
  if (typeof ename !== "string" || typeof evalue !== "string" || !Array.isArray(traceback) || !traceback.every((l) => typeof l === "string")) {
    throw new JupyterCodecError("an error's content is not { ename, evalue, traceback }");
  }
  if (md.node === undefined) return { type: "error", cellId, ename, evalue, traceback: [...(traceback as string[])] };
  const prefix = nodePrefix(md.node);
  return {
    type: "error",
    cellId,
    ename,
    evalue: stripStart(evalue, prefix, "a node's error value"),
    traceback: (traceback as string[]).map((line) => stripStart(line, prefix, "a node's traceback line")),
    node: md.node,
  };
}

/** The CellEvent an `input_request` on the stdin channel stands for (rule 5); throws JupyterCodecError when malformed. */
export function decodeInputRequest(content: unknown, cellId: string): Extract<CellEvent, { type: "input-request" }> {
  if (!isObject(content) || typeof content.prompt !== "string") throw new JupyterCodecError("input_request: the prompt is not a string");
  // The spec says boolean; a front end or kernel that sends 0/1 still means it.
  return { type: "input-request", cellId, prompt: content.prompt, password: content.password === true || content.password === 1 };
}

/**
 * The CellEvent an iopub message of a cell stands for (`cellId`: the cell its parent execute request ran), or
 * undefined for the messages that are not one (status, execute_input, clear_output, comms, updates of displays
 * that are not px progress). Throws JupyterCodecError when the message is malformed.
 */
export function decodeCellEvent(msgType: string, content: unknown, metadata: unknown, cellId: string): CellEvent | undefined {
  if (!isObject(content)) throw new JupyterCodecError(`${msgType}: the content is not an object`);
  const md = parabookMetadata(metadata);
  switch (msgType) {
    case "stream":
      return decodeStream(content, md, cellId);
    case "execute_result":
      if (!isCount(content.execution_count)) throw new JupyterCodecError("execute_result: execution_count is not a count");
      return { type: "result", cellId, executionCount: content.execution_count, data: textData(content.data) };
    case "display_data":
    case "update_display_data":
      if (md.pxProgress) return { type: "px-progress", cellId, done: md.pxProgress.done, total: md.pxProgress.total, failed: md.pxProgress.failed };
      return msgType === "display_data" ? { type: "display", cellId, data: textData(content.data) } : undefined;
    case "error":
      return decodeError(content, md, cellId);
    default:
      return undefined;
  }
}

// ----- the comm (rule 3) ---------------------------------------------------------------------------------------

/** The session-wide events: every ParabookEvent that is not about one cell. */
export type SessionEvent = Exclude<ParabookEvent, CellEvent>;

/** The app's calls that are not Jupyter requests, made over the comm (interrupt and restart are Jupyter's own). */
export type CommRequest =
  | { readonly id: number; readonly method: "removeStickyMagic"; readonly args: readonly [name: string] }
  | { readonly id: number; readonly method: "startCluster"; readonly args: readonly [] }
  | { readonly id: number; readonly method: "clusterStatus"; readonly args: readonly [] }
  | { readonly id: number; readonly method: "kernels"; readonly args: readonly [] };

export type CommMethod = CommRequest["method"];

/** What each comm request answers. */
export interface CommValues {
  removeStickyMagic: null;
  startCluster: ClusterStatus;
  clusterStatus: ClusterStatus;
  kernels: { name: string; displayName: string }[];
}

export type CommReply =
  | { readonly id: number; readonly ok: true; readonly value: CommValues[CommMethod] }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** comm_msg data from the front end. */
export type CommToKernel = { readonly request: CommRequest };
/** comm_msg data from the kernel. */
export type CommFromKernel = { readonly event: SessionEvent } | { readonly reply: CommReply };

export function isSessionEvent(event: ParabookEvent): event is SessionEvent {
  return !("cellId" in event);
}

const SESSION_EVENT_TYPES = new Set(["kernel", "cluster", "sticky", "settings"]);
const COMM_METHODS: Record<CommMethod, number> = { removeStickyMagic: 1, startCluster: 0, clusterStatus: 0, kernels: 0 };

/** The data of a comm_msg from the kernel, checked. */
export function decodeCommFromKernel(data: unknown): CommFromKernel {
  if (isObject(data) && isObject(data.event) && SESSION_EVENT_TYPES.has(data.event.type as string)) {
    return { event: data.event as unknown as SessionEvent };
  }
  if (isObject(data) && isObject(data.reply) && typeof data.reply.id === "number" && typeof data.reply.ok === "boolean") {
    if (data.reply.ok === false && typeof data.reply.error !== "string") throw new JupyterCodecError("comm reply: error is not a message");
    return { reply: data.reply as unknown as CommReply };
  }
  throw new JupyterCodecError("comm_msg data is neither { event } nor { reply }");
}

/** The data of a comm_msg from the front end, checked: which request, with arguments of the right kinds. */
export function decodeCommToKernel(data: unknown): CommToKernel {
  const request = isObject(data) ? data.request : undefined;
  if (!isObject(request) || typeof request.id !== "number") throw new JupyterCodecError("comm_msg data is not { request: { id, method, args } }");
  const method = request.method as CommMethod;
  const arity = Object.hasOwn(COMM_METHODS, method) ? COMM_METHODS[method] : undefined;
  if (arity === undefined) throw new JupyterCodecError(`comm request ${JSON.stringify(request.method)} is not one of ${Object.keys(COMM_METHODS).join(", ")}`);
  const args = request.args;
  if (!Array.isArray(args) || args.length !== arity || !args.every((a) => typeof a === "string")) {
    throw new JupyterCodecError(`comm request ${method} takes ${arity === 0 ? "no arguments" : "one string argument"}`);
  }
  return { request: { id: request.id, method, args } as unknown as CommRequest };
}
