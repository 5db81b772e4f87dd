// The Jupyter kernel: requests from front ends (kernel/jupyter/sockets.ts) answered by the Session, and the
// Session's events published as Jupyter messages (contract/jupyter/codec.ts). As ipykernel does:
//
// - shell requests are handled one at a time, in order of arrival (a kernel_info_request sent during a long cell
//   is answered when the cell ends); control requests (interrupt, shutdown, kernel_info) at once, even while a
//   cell runs;
// - every request is wrapped in status busy … idle on iopub, with the request as parent;
// - an execute that fails, non-silent with stop_on_error, aborts the execute requests already waiting behind it
//   (their replies say "aborted"); requests that come later run;
// - silent executes publish nothing but busy/idle and count nothing; store_history false counts nothing.
//
// A cell's id in the Session is its execute request's msg_id: the Session's events for it are published with
// that request as parent. Session-wide events go to the "parabook" comm (comms.ts).

import type { CellEvent, ClusterStatus, CompletionReply, ExecuteReply as SessionReply, ParabookEvent } from "../../contract/api.js";
import { CellEventEncoder, isSessionEvent } from "../../contract/jupyter/codec.js";
import {
  replyType,
  type ErrorContent,
  type ExecuteReply,
  type HistoryRequest,
  type JsonObject,
  type JupyterMessage,
  type MessageContents,
  type MessageType,
  type RequestType,
} from "../../contract/jupyter/messages.js";
import type { Completeness, Inspection } from "../language/language.js";
import { StreamBatcher } from "../shell-api/stream-batcher.js";
import { ProgressPacer } from "./progress-pacer.js";
import { codePointIndex, utf16Index } from "./code-points.js";
import { ParabookComms } from "./comms.js";
import { ExecutionHistory } from "./history.js";
import { kernelInfo } from "./kernel-info.js";
import type { KernelSockets, RequestChannel } from "./sockets.js";
import { NoInputError, StdinChannel } from "./stdin.js";
import type { IncomingMessage, Received } from "./wire.js";

/** What the kernel needs of the Session (kernel/session/session.ts satisfies it). */
export interface KernelSession {
  execute(cellId: string, code: string, options: { count: boolean; noInput?: string }): Promise<SessionReply>;
  /** The line the front end typed for the cell's input-request (the Session's answerInput). */
  answerInput(cellId: string, line: string): Promise<void>;
  /** The front end cannot answer it after all: the read fails saying why. */
  declineInput(cellId: string, reason: string): Promise<void>;
  readonly nextExecutionCount: number;
  interrupt(): Promise<void>;
  complete(code: string, cursor: number): Promise<CompletionReply>;
  isComplete(code: string): Promise<Completeness>;
  inspect(code: string, cursor: number): Promise<Inspection | null>;
  removeStickyMagic(name: string): Promise<void>;
  startCluster(): Promise<ClusterStatus>;
  clusterStatus(): ClusterStatus;
  kernels(): { name: string; displayName: string }[];
  onEvent(listener: (event: ParabookEvent) => void): () => void;
  shutdown(): Promise<void>;
}

/** One execute request while its cell runs: where its events go and what the reply needs of them. */
interface RunningCell {
  readonly request: Received;
  readonly encoder: CellEventEncoder;
  readonly silent: boolean;
  /** The last error the cell reported, as published: the error reply repeats it. */
  lastError?: ErrorContent;
  /** What the cell showed, for the history's output. */
  shown?: string;
}

type ReplyContent<R extends RequestType> = MessageContents[ReturnType<typeof replyType<R>>];

/** Why a cell run for a front end that did not allow stdin reads no input (as ipykernel's StdinNotImplementedError). */
const NO_STDIN = "the front end does not take input (its execute_request has allow_stdin false)";

export class JupyterKernel {
  private readonly shellQueue: Received[] = [];
  private draining = false;
  /** Execute requests waiting when an earlier one failed with stop_on_error: each is answered "aborted". */
  private readonly toAbort = new WeakSet<Received>();
  private readonly cells = new Map<string, RunningCell>();
  /** Joins a cell's stream text into batches and bounds a flood, as for the app's page. */
  private readonly streams: StreamBatcher;
  /** Between the batcher and iopub: px progress counts at a pace front ends can use (progress-pacer.ts). */
  private readonly progress = new ProgressPacer((event) => this.route(event));
  private readonly history = new ExecutionHistory();
  private readonly comms: ParabookComms;
  private readonly stdin: StdinChannel;
  /** The shell request being handled: the parent of session-wide events it causes. */
  private current: IncomingMessage | undefined;
  private stopping: Promise<void> | undefined;
  private resolveShutdown!: () => void;
  /** Resolves once a shutdown_request has been answered: the kernel has stopped its Session and may exit. */
  readonly shutdownRequested = new Promise<void>((resolve) => (this.resolveShutdown = resolve));

  constructor(
    private readonly sockets: KernelSockets,
    private readonly session: KernelSession,
    private readonly report: (problem: string) => void,
  ) {
    this.streams = new StreamBatcher((event) => this.progress.push(event));
    this.comms = new ParabookComms(session, (type, content, parent) => this.publish(type, content, parent), report);
    this.stdin = new StdinChannel({
      make: (prompt, password, parent) => this.sockets.factory.message("input_request", { prompt, password }, parent),
      send: (identities, message) => void this.sockets.reply("stdin", identities, message),
    });
    session.onEvent((event) => this.streams.push(event));
  }

  /** Start answering; announces the kernel as starting, as ipykernel does. */
  start(): void {
    this.sockets.listen("shell", (received) => this.enqueueShell(received));
    this.sockets.listen("control", (received) => void this.handleControl(received));
    this.sockets.listen("stdin", (received) => this.stdin.receive(received));
    void this.publish("status", { execution_state: "starting" }, null);
  }

  /** SIGINT: stop what runs, as an interrupt_request does. */
  interrupt(): Promise<void> {
    this.stdin.cancel(new NoInputError("no input is available: the cell was interrupted"));
    return this.session.interrupt();
  }

  /** End the Session (every node with it); once, however many ways the end is asked for. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stdin.cancel(new NoInputError("no input is available: the kernel is shutting down"));
      this.streams.flush();
      await this.session.shutdown();
      this.streams.dispose();
    })();
    return this.stopping;
  }

  // ----- channels --------------------------------------------------------------------------------------------

  private enqueueShell(received: Received): void {
    this.shellQueue.push(received);
    if (!this.draining) void this.drainShell();
  }

  private async drainShell(): Promise<void> {
    this.draining = true;
    try {
      for (let next = this.shellQueue.shift(); next !== undefined; next = this.shellQueue.shift()) {
        await this.withStatus(next, () => this.handleShell(next!));
      }
    } finally {
      this.draining = false;
    }
  }

  private async handleControl(received: Received): Promise<void> {
    await this.withStatus(received, async () => {
      const type = received.message.header.msg_type;
      switch (type) {
        case "interrupt_request":
          // Answered at once (ipykernel answers once the signal is sent); the cell's own reply follows its end.
          void this.interrupt().catch((err: Error) => this.report(`interrupt failed: ${err.message}`));
          return this.reply("control", received, "interrupt_request", { status: "ok" });
        case "shutdown_request":
          return this.shutdown("control", received);
        case "kernel_info_request":
          return this.reply("control", received, "kernel_info_request", kernelInfo());
        default:
          this.report(`unknown message type ${type} on control: ignored`);
      }
    });
  }

  private async handleShell(received: Received): Promise<void> {
    const { message } = received;
    const type = message.header.msg_type;
    const content = message.content;
    this.current = message;
    try {
      switch (type) {
        case "execute_request":
          if (this.toAbort.has(received)) return this.reply("shell", received, "execute_request", { status: "aborted" });
          return this.reply("shell", received, "execute_request", await this.runExecute(received));
        case "kernel_info_request":
          return this.reply("shell", received, "kernel_info_request", kernelInfo());
        case "complete_request": {
          const { code, cursor } = codeAndCursor(content);
          const completion = await this.session.complete(code, cursor);
          return this.reply("shell", received, "complete_request", {
            status: "ok",
            matches: completion.matches,
            cursor_start: codePointIndex(code, completion.start),
            cursor_end: codePointIndex(code, completion.end),
            metadata: {},
          });
        }
        case "inspect_request": {
          const { code, cursor } = codeAndCursor(content);
          const inspection = await this.session.inspect(code, cursor);
          return this.reply("shell", received, "inspect_request", {
            status: "ok",
            found: inspection !== null,
            data: inspection ? { "text/plain": inspection.text } : {},
            metadata: {},
          });
        }
        case "is_complete_request": {
          const completeness = await this.session.isComplete(typeof content.code === "string" ? content.code : "");
          return this.reply("shell", received, "is_complete_request", completeness);
        }
        case "history_request":
          return this.reply("shell", received, "history_request", { status: "ok", history: this.history.query(content as unknown as HistoryRequest) });
        case "comm_info_request":
          return this.reply("shell", received, "comm_info_request", this.comms.info(typeof content.target_name === "string" ? content.target_name : undefined));
        case "comm_open":
          return this.comms.handleOpen(message);
        case "comm_msg":
          return await this.comms.handleMessage(message);
        case "comm_close":
          return this.comms.handleClose(message);
        case "shutdown_request":
          return await this.shutdown("shell", received);
        default:
          // As ipykernel: an unknown request gets no reply (its sender times out), only busy and idle.
          this.report(`unknown message type ${type} on shell: ignored`);
      }
    } catch (err) {
      if (!type.endsWith("_request")) return this.report(`${type} failed: ${(err as Error).message}`);
      const e = err instanceof Error ? err : new Error(String(err));
      await this.sendReply("shell", received, replyType(type as RequestType), {
        status: "error",
        ename: e.name,
        evalue: e.message,
        traceback: [`${e.name}: ${e.message}`],
      });
    } finally {
      this.current = undefined;
    }
  }

  // ----- execute ---------------------------------------------------------------------------------------------

  private async runExecute(received: Received): Promise<ExecuteReply> {
    const content = received.message.content;
    if (typeof content.code !== "string") throw new TypeError("execute_request: code is not a string");
    const code = content.code;
    const silent = content.silent === true;
    const counted = !silent && content.store_history !== false;
    const stopOnError = content.stop_on_error !== false;
    const cellId = received.message.header.msg_id;
    const executionCount = counted ? this.session.nextExecutionCount : this.session.nextExecutionCount - 1;
    if (!silent) void this.publish("execute_input", { code, execution_count: executionCount }, received.message);
    const cell: RunningCell = { request: received, encoder: new CellEventEncoder(cellId), silent };
    this.cells.set(cellId, cell);
    let result: SessionReply;
    try {
      // A front end that does not take input (allow_stdin false: nbclient, papermill) says so now: the cell's
      // reads then fail at once, saying why, instead of asking (route sends the questions of the others).
      const noInput = content.allow_stdin === true ? {} : { noInput: NO_STDIN };
      result = await this.session.execute(cellId, code, { count: counted, ...noInput });
    } finally {
      // Everything the cell printed goes out before its reply.
      this.streams.flush();
      this.progress.flush();
      this.cells.delete(cellId);
      this.stdin.cancel(new NoInputError("no input is available: the cell has ended"));
    }
    if (counted) this.history.add(result.executionCount, code, cell.shown ?? null);
    if (result.status === "ok") {
      return { status: "ok", execution_count: result.executionCount, payload: [], user_expressions: userExpressions(content.user_expressions) };
    }
    if (!silent && stopOnError) for (const waiting of this.shellQueue) if (waiting.message.header.msg_type === "execute_request") this.toAbort.add(waiting);
    // A cell that ran and failed, or was interrupted while running, is an error (nbclient and papermill stop on
    // it); one the Session dropped unrun is "aborted".
    if (cell.lastError || result.status === "error") {
      const error = cell.lastError ?? { ename: "Error", evalue: "the cell failed", traceback: ["The cell failed."] };
      return { status: "error", ename: error.ename, evalue: error.evalue, traceback: error.traceback, execution_count: result.executionCount };
    }
    return { status: "aborted" };
  }

  /** A Session event, after the stream batcher: a cell's to iopub, a session-wide one to the comm. */
  private route(event: ParabookEvent): void {
    if (isSessionEvent(event)) return this.comms.sessionEvent(event, this.current);
    const cell = this.cells.get((event as CellEvent).cellId);
    if (!cell) return;
    if (event.type === "input-request") return this.ask(cell, event.prompt, event.password);
    const encoded = cell.encoder.encode(event);
    if (encoded.msgType === "error") cell.lastError = encoded.content;
    if (event.type === "result") cell.shown = event.data["text/plain"];
    if (cell.silent) return;
    void this.publish(encoded.msgType, encoded.content, cell.request.message, encoded.metadata);
  }

  /**
   * A cell's question goes to the front end that sent its execute request, on the stdin channel, and the line it
   * answers to the Session. A question given up (interrupt, the cell's end, shutdown) finds the Session no longer
   * waiting; one the front end answered unusably fails the read with the reason.
   */
  private ask(cell: RunningCell, prompt: string, password: boolean): void {
    const cellId = cell.request.message.header.msg_id;
    const ignoreEnded = (): void => undefined; // the cell stopped waiting meanwhile: nobody needs the answer
    this.stdin.askerFor(cell.request)(prompt, password).then(
      (line) => this.session.answerInput(cellId, line).catch(ignoreEnded),
      (err: Error) => this.session.declineInput(cellId, err.message.replace(/^no input is available: /, "")).catch(ignoreEnded),
    );
  }

  // ----- shutdown ----------------------------------------------------------------------------------------------

  /**
   * End every node and the host kernel, answer, and let the process exit. With `restart`, too: Jupyter's kernel
   * managers (jupyter_client, Jupyter Server) restart a kernel by starting a new process once this one has
   * exited, and kill it if it lingers; the new process starts a fresh Session.
   */
  private async shutdown(channel: RequestChannel, received: Received): Promise<void> {
    const restart = received.message.content.restart === true;
    await this.stop();
    await this.reply(channel, received, "shutdown_request", { status: "ok", restart });
    this.resolveShutdown();
  }

  // ----- sending -----------------------------------------------------------------------------------------------

  /** The status messages are queued, not waited for: iopub sends them in order, before and after the work's. */
  private async withStatus(received: Received, work: () => Promise<void>): Promise<void> {
    void this.publish("status", { execution_state: "busy" }, received.message);
    try {
      await work();
    } finally {
      void this.publish("status", { execution_state: "idle" }, received.message);
    }
  }

  private reply<R extends RequestType>(channel: RequestChannel, received: Received, request: R, content: ReplyContent<R>): Promise<void> {
    return this.sendReply(channel, received, replyType(request), content);
  }

  private sendReply<T extends MessageType>(channel: RequestChannel, received: Received, type: T, content: MessageContents[T]): Promise<void> {
    return this.sockets.reply(channel, received.identities, this.sockets.factory.message(type, content, received.message));
  }

  private publish<T extends MessageType>(type: T, content: MessageContents[T], parent: IncomingMessage | null, metadata: JsonObject = {}): Promise<void> {
    return this.sockets.publish(this.sockets.factory.message(type, content, parent, metadata) as JupyterMessage);
  }
}

/** A request's code and cursor, the cursor turned from code points into a string index (code-points.ts). */
function codeAndCursor(content: JsonObject): { code: string; cursor: number } {
  const code = typeof content.code === "string" ? content.code : "";
  const points = typeof content.cursor_pos === "number" ? content.cursor_pos : [...code].length;
  return { code, cursor: utf16Index(code, points) };
}

/** Parabook evaluates no user_expressions; each one asked for gets an error saying so (the spec's shape). */
function userExpressions(asked: unknown): JsonObject {
  if (typeof asked !== "object" || asked === null) return {};
  const out: JsonObject = {};
  for (const name of Object.keys(asked)) {
    out[name] = { status: "error", ename: "NotSupported", evalue: "Parabook does not evaluate user_expressions", traceback: [] };
  }
  return out;
}
