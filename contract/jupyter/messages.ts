// The Jupyter messaging protocol (5.3) as Parabook speaks it: the message envelope and the content of every
// request, reply, iopub and stdin message Parabook's kernel (`parabook kernel`, kernel/jupyter/) answers or sends,
// and that Parabook's own client of a kernel under a Jupyter Server reads. One definition for both ends.
// Field names are the protocol's own (snake_case), so a message is this type exactly as it crosses the wire.
// Reference: https://jupyter-client.readthedocs.io/en/stable/messaging.html
// Pure (no Node, no DOM): the page bundles it.

import type { JsonObject, JsonValue, MimeBundle } from "../notebook.js";

export type { JsonObject, JsonValue, MimeBundle };

export const PROTOCOL_VERSION = "5.3";

/** The sockets a kernel listens on; `iopub` carries what the kernel publishes to every front end. */
export type Channel = "shell" | "control" | "iopub" | "stdin";

export interface MessageHeader<T extends string = MessageType> {
  readonly msg_id: string;
  /** The sender's session: a front end's, or the kernel's (one per kernel process). */
  readonly session: string;
  readonly username: string;
  /** ISO 8601 with a time zone, as Jupyter writes it. */
  readonly date: string;
  readonly msg_type: T;
  readonly version: string;
}

/** A message on any channel. `parent_header` is `{}` when the message answers nothing (the kernel's first status). */
export interface JupyterMessage<T extends MessageType = MessageType> {
  readonly header: MessageHeader<T>;
  readonly parent_header: MessageHeader<string> | Record<string, never>;
  /** Parabook's own key in it is described in codec.ts (PARABOOK_METADATA). */
  readonly metadata: JsonObject;
  readonly content: MessageContents[T];
  /** Binary buffers; Parabook's messages carry none (comms of other kernels may). */
  readonly buffers?: readonly Uint8Array[];
  /** Present over a Jupyter Server's WebSocket, which multiplexes the channels on one connection. */
  readonly channel?: Channel;
}

// ----- replies in general --------------------------------------------------------------------------------------

/** Any reply whose request failed: the handler raised instead of answering (Jupyter's error reply). */
export interface ErrorReply {
  readonly status: "error";
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: readonly string[];
}

/** An execute request dropped unrun (after an earlier error with stop_on_error, or by an interrupt). */
export interface AbortedReply {
  readonly status: "aborted";
}

type Ok<T> = { readonly status: "ok" } & T;

// ----- shell and control ---------------------------------------------------------------------------------------

export interface HelpLink {
  readonly text: string;
  readonly url: string;
}

export interface LanguageInfo {
  readonly name: string;
  readonly version: string;
  readonly mimetype: string;
  readonly file_extension: string;
  readonly codemirror_mode?: string | JsonObject;
  readonly pygments_lexer?: string;
  readonly nbconvert_exporter?: string;
}

export type KernelInfoReply = Ok<{
  readonly protocol_version: string;
  readonly implementation: string;
  readonly implementation_version: string;
  readonly language_info: LanguageInfo;
  readonly banner: string;
  readonly debugger: boolean;
  readonly help_links: readonly HelpLink[];
}>;

export interface ExecuteRequest {
  readonly code: string;
  /** Run as quietly as possible: no execute_input, no output on iopub, no execute_result; counts nothing. */
  readonly silent: boolean;
  /** Count this execution and keep it in the history (forced false by `silent`). */
  readonly store_history: boolean;
  readonly user_expressions: JsonObject;
  /** The front end answers input_request on the stdin channel. */
  readonly allow_stdin: boolean;
  /** An error aborts the execute requests already queued behind this one. Absent means true. */
  readonly stop_on_error?: boolean;
}

export type ExecuteReply =
  | Ok<{ readonly execution_count: number; readonly payload: readonly JsonObject[]; readonly user_expressions: JsonObject }>
  | (ErrorReply & { readonly execution_count: number })
  | AbortedReply;

export interface CompleteRequest {
  readonly code: string;
  readonly cursor_pos: number;
}

export type CompleteReply = Ok<{
  readonly matches: readonly string[];
  readonly cursor_start: number;
  readonly cursor_end: number;
  readonly metadata: JsonObject;
}>;

export interface InspectRequest {
  readonly code: string;
  readonly cursor_pos: number;
  readonly detail_level: 0 | 1;
}

export type InspectReply = Ok<{ readonly found: boolean; readonly data: MimeBundle; readonly metadata: JsonObject }>;

export interface IsCompleteRequest {
  readonly code: string;
}

export type IsCompleteReply =
  /** `indent`: what to put before the next line the user types. */
  | { readonly status: "incomplete"; readonly indent: string }
  | { readonly status: "complete" | "invalid" | "unknown" };

export type HistoryRequest =
  | { readonly output: boolean; readonly raw: boolean; readonly hist_access_type: "tail"; readonly n: number }
  | {
      readonly output: boolean;
      readonly raw: boolean;
      readonly hist_access_type: "range";
      /** The session: positive as numbered in replies; 0 this one, negative counts back from it. */
      readonly session: number;
      readonly start: number;
      readonly stop: number;
    }
  | {
      readonly output: boolean;
      readonly raw: boolean;
      readonly hist_access_type: "search";
      /** A glob (`*`, `?`) matched against the whole input. */
      readonly pattern: string;
      readonly unique?: boolean;
      readonly n?: number;
    };

/** [session, line, input] or, when output was asked for, [session, line, [input, output or null]]. */
export type HistoryEntry = readonly [number, number, string] | readonly [number, number, readonly [string, string | null]];

export type HistoryReply = Ok<{ readonly history: readonly HistoryEntry[] }>;

export interface CommInfoRequest {
  readonly target_name?: string;
}

export type CommInfoReply = Ok<{ readonly comms: { readonly [commId: string]: { readonly target_name: string } } }>;

export interface CommOpen {
  readonly comm_id: string;
  readonly target_name: string;
  readonly data: JsonObject;
  readonly target_module?: string;
}

export interface CommMsg {
  readonly comm_id: string;
  readonly data: JsonObject;
}

export interface CommClose {
  readonly comm_id: string;
  readonly data: JsonObject;
}

export interface ShutdownRequest {
  readonly restart: boolean;
}

export type ShutdownReply = Ok<{ readonly restart: boolean }>;

export type InterruptReply = Ok<Record<never, never>>;

// ----- iopub ---------------------------------------------------------------------------------------------------

/** Jupyter's front ends know these three; Parabook's other kernel states travel over the comm (codec.ts). */
export type ExecutionState = "starting" | "busy" | "idle";

export interface Status {
  readonly execution_state: ExecutionState;
}

export interface ExecuteInput {
  readonly code: string;
  readonly execution_count: number;
}

export interface Stream {
  readonly name: "stdout" | "stderr";
  readonly text: string;
}

/** `transient` is not kept in a saved notebook; `display_id` lets update_display_data replace this output. */
export interface Transient {
  readonly display_id?: string;
}

export interface DisplayData {
  readonly data: MimeBundle;
  readonly metadata: JsonObject;
  readonly transient: Transient;
}

export interface UpdateDisplayData {
  readonly data: MimeBundle;
  readonly metadata: JsonObject;
  readonly transient: { readonly display_id: string };
}

export interface ExecuteResult {
  readonly execution_count: number;
  readonly data: MimeBundle;
  readonly metadata: JsonObject;
}

export interface ErrorContent {
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: readonly string[];
}

export interface ClearOutput {
  readonly wait: boolean;
}

// ----- stdin ---------------------------------------------------------------------------------------------------

export interface InputRequest {
  readonly prompt: string;
  readonly password: boolean;
}

export interface InputReply {
  readonly value: string;
}

// ----- every message type --------------------------------------------------------------------------------------

export interface MessageContents {
  kernel_info_request: Record<never, never>;
  kernel_info_reply: KernelInfoReply | ErrorReply;
  execute_request: ExecuteRequest;
  execute_reply: ExecuteReply;
  complete_request: CompleteRequest;
  complete_reply: CompleteReply | ErrorReply;
  inspect_request: InspectRequest;
  inspect_reply: InspectReply | ErrorReply;
  is_complete_request: IsCompleteRequest;
  is_complete_reply: IsCompleteReply;
  history_request: HistoryRequest;
  history_reply: HistoryReply | ErrorReply;
  comm_info_request: CommInfoRequest;
  comm_info_reply: CommInfoReply | ErrorReply;
  comm_open: CommOpen;
  comm_msg: CommMsg;
  comm_close: CommClose;
  shutdown_request: ShutdownRequest;
  shutdown_reply: ShutdownReply | ErrorReply;
  interrupt_request: Record<never, never>;
  interrupt_reply: InterruptReply | ErrorReply;
  status: Status;
  execute_input: ExecuteInput;
  stream: Stream;
  display_data: DisplayData;
  update_display_data: UpdateDisplayData;
  execute_result: ExecuteResult;
  error: ErrorContent;
  clear_output: ClearOutput;
  input_request: InputRequest;
  input_reply: InputReply;
}

export type MessageType = keyof MessageContents;

/** The requests a kernel answers on shell (and control: shutdown, interrupt, kernel_info). */
export type RequestType = Extract<MessageType, `${string}_request`> & `${string}_request`;
export type ReplyType<R extends RequestType> = R extends `${infer Base}_request` ? Extract<`${Base}_reply`, MessageType> : never;

/** The reply's type for a request's: kernel_info_request → kernel_info_reply. */
export function replyType<R extends RequestType>(request: R): ReplyType<R> {
  return request.replace(/_request$/, "_reply") as ReplyType<R>;
}

const MESSAGE_TYPES: ReadonlySet<string> = new Set<MessageType>([
  "kernel_info_request", "kernel_info_reply", "execute_request", "execute_reply", "complete_request",
  "complete_reply", "inspect_request", "inspect_reply", "is_complete_request", "is_complete_reply",
  "history_request", "history_reply", "comm_info_request", "comm_info_reply", "comm_open", "comm_msg",
  "comm_close", "shutdown_request", "shutdown_reply", "interrupt_request", "interrupt_reply", "status",
  "execute_input", "stream", "display_data", "update_display_data", "execute_result", "error", "clear_output",
  "input_request", "input_reply",
]);

/** Whether Parabook knows this message type (others, such as debug_request, are answered or ignored by name). */
export function isKnownMessageType(type: string): type is MessageType {
  return MESSAGE_TYPES.has(type);
}
