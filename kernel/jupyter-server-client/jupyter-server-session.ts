// A notebook's Session run by a Parabook kernel under a Jupyter Server (SessionPort, what the ShellApi needs): the
// kernel is started through the server's REST API, cells run through its channels WebSocket, and what the kernel
// publishes is decoded by the one codec (contract/jupyter/codec.ts) into the very ParabookEvents its Session
// emitted: outputs, node groups, px progress; the kernel, cluster and sticky-magic state arrive over Parabook's comm.
//
// Cells run one at a time in order, as the local Session runs them, and an interrupt drops the cells still waiting
// here. When the server cannot be reached, or the connection is lost, the kernel state says so with the server's
// address and the cell ends with an error saying the same; the next cell tries again (a fresh kernel).

import { randomUUID } from "node:crypto";
import type { ClusterStatus, CompletionReply, ExecuteReply, KernelState, ParabookEvent } from "../../contract/api.js";
import {
  decodeCellEvent,
  decodeCommFromKernel,
  decodeInputRequest,
  PARABOOK_COMM_TARGET,
  type CommMethod,
  type CommReply,
  type CommRequest,
  type CommValues,
  type SessionEvent,
} from "../../contract/jupyter/codec.js";
import type { JupyterMessage, MessageHeader } from "../../contract/jupyter/messages.js";
import type { SessionPort } from "../shell-api/session-port.js";
import { CLOSED_BY_CLIENT, KernelChannels } from "./kernel-channels.js";
import { chooseKernelspec } from "./kernelspec-choice.js";
import { JupyterServerError, JupyterServerRest, type ServerAddress } from "./server-rest.js";
import { codePointOffset, utf16Offset } from "./code-points.js";

export interface JupyterServerSessionOptions {
  readonly server: ServerAddress;
  /** The kernelspec to start; "" picks Parabook's (kernelspec-choice.ts). */
  readonly kernelName: string;
  /** Hears what failed on the side (a kernel that could not be shut down), for the shell's log. */
  warn?(message: string): void;
}

const NO_CLUSTER: ClusterStatus = { kernel: null, nodes: [], defaultTargets: [] };

/** How long a comm request may wait for its reply (a cluster's start on a busy Slurm queue may take long). */
const COMM_REPLY_TIMEOUT_MS = 15 * 60_000;

/** How long a kernel may take to answer its first requests (kernel_info, then Parabook's comm). */
const READY_TIMEOUT_MS = 60_000;

/** How often kernel_info is asked again while the kernel's publications do not reach this client yet. */
const IOPUB_PROBE_INTERVAL_MS = 200;

/** One kernel under the server, with its channels and Parabook's comm in it. */
interface RemoteKernel {
  readonly id: string;
  readonly channels: KernelChannels;
  commId: string;
}

/** How a cluster was started: a cell's %parallel line, or Start cluster (the kernel's settings). */
type ClusterRecipe = { readonly kind: "line"; readonly line: string } | { readonly kind: "start-cluster" };

/** The last %parallel line of a cell, if any; nodes started by hand (--listen) cannot be started again from here. */
export function parallelLineOf(code: string): string | undefined {
  const line = code.split("\n").filter((l) => /^\s*%parallel(\s|$)/.test(l)).at(-1)?.trim();
  return line === undefined || /(^|\s)--listen(\s|=|$)/.test(line) ? undefined : line;
}

/** A cell sent to the kernel, until its reply and its last output have both arrived. */
interface RunningCell {
  readonly cellId: string;
  readonly finish: (reply: ExecuteReply) => void;
  reply?: ExecuteReply;
  idle: boolean;
  /** The kernel's input_request this cell waits on, until answered (the answer names it as its parent). */
  question?: MessageHeader<string>;
}

export class JupyterServerSession implements SessionPort {
  private readonly rest: JupyterServerRest;
  private readonly listeners = new Set<(event: ParabookEvent) => void>();
  private kernel: Promise<RemoteKernel> | undefined;
  /** The kernel whose channels are open, even while it is still getting ready: what shutdown ends. */
  private live: RemoteKernel | undefined;
  /** Cells sent and not yet finished, by their execute request's msg_id. */
  private readonly running = new Map<string, RunningCell>();
  private readonly commReplies = new Map<number, { resolve(value: unknown): void; reject(err: Error): void; timer: NodeJS.Timeout }>();
  private nextCommId = 1;
  private cluster: ClusterStatus = NO_CLUSTER;
  private kernelList: { name: string; displayName: string }[] = [];
  private executionCount = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private interrupts = 0;
  private closed = false;
  private lastKernelState = "";
  /** How the running cluster was made, to make it again at a restart. */
  private clusterRecipe: ClusterRecipe | undefined;

  constructor(private readonly options: JupyterServerSessionOptions) {
    this.rest = new JupyterServerRest(options.server);
  }

  /** The server's address, as every message names it. */
  get serverUrl(): string {
    return this.rest.url;
  }

  /** Start the kernel on the server (the first cell does it otherwise). Rejects saying why it could not. */
  async start(): Promise<void> {
    await this.remoteKernel();
  }

  execute(cellId: string, code: string): Promise<ExecuteReply> {
    const queuedAfter = this.interrupts;
    return this.enqueue(async () => {
      if (this.interrupts !== queuedAfter) return { status: "aborted", executionCount: this.executionCount };
      return this.runCell(cellId, code);
    });
  }

  async interrupt(): Promise<void> {
    this.interrupts++;
    // The kernel interrupts what it runs (the server sends it interrupt_request, as its kernelspec asks); a kernel
    // still starting runs nothing yet, and the cells waiting here were just dropped.
    const kernel = this.live;
    if (kernel?.channels.isOpen) await this.rest.interruptKernel(kernel.id);
  }

  /** The user's line for the cell's question (input-request), sent as Jupyter's input_reply on the stdin channel. */
  async answerInput(cellId: string, line: string): Promise<void> {
    const cell = [...this.running.values()].find((c) => c.cellId === cellId && c.question !== undefined);
    const kernel = this.live;
    if (!cell || !kernel) throw new Error(`Cell ${cellId} is not waiting for input: it has ended, or was interrupted, since it asked.`);
    const question = cell.question!;
    cell.question = undefined;
    kernel.channels.send("stdin", "input_reply", { value: line }, question);
  }

  /**
   * A fresh kernel process on the server (the server restarts it, keeping the WebSocket), and a fresh cluster like
   * the running one, if any, made as that one was made (the same %parallel line, or Start cluster), as the local
   * Session's restart does.
   */
  async restart(): Promise<void> {
    this.emit({ type: "kernel", state: "restarting" });
    const recipe = this.cluster.nodes.length > 0 ? this.clusterRecipe : undefined;
    const current = await this.kernel?.catch(() => undefined);
    // As the local Session's restart: a cell still running in the old kernel ends, aborted.
    this.abortRunning();
    if (!current || !current.channels.isOpen) {
      // Nothing to restart on the server (it was unreachable, or the connection is gone): start afresh.
      this.kernel = undefined;
      await this.enqueue(() => this.remoteKernel()).catch(() => undefined);
      return;
    }
    const restarted = this.enqueue(async () => {
      try {
        await this.rest.restartKernel(current.id);
        // The server keeps the WebSocket across a restart; the fresh kernel has no comm yet.
        await this.ready(current);
        if (recipe) await this.remakeCluster(current, recipe);
        this.emitKernel("idle");
      } catch (err) {
        this.kernelFailed((err as Error).message);
        throw err;
      }
      return current;
    });
    this.kernel = restarted;
    await restarted;
  }

  /** Starts the cluster again in a restarted kernel, the way the last one was started; throws saying why not. */
  private async remakeCluster(kernel: RemoteKernel, recipe: ClusterRecipe): Promise<void> {
    if (recipe.kind === "start-cluster") {
      await this.commRequest("startCluster", [], kernel);
      return;
    }
    // Silent: the restart shows no output and takes no execution count; the cluster's state comes over the comm.
    const reply = await kernel.channels.request("shell", "execute_request", {
      code: recipe.line,
      silent: true,
      store_history: false,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: false,
    });
    const content = reply.content;
    if (content.status === "error") throw new JupyterServerError(`The cluster did not start again (${recipe.line}): ${content.ename}: ${content.evalue}`);
  }

  async complete(code: string, cursor: number): Promise<CompletionReply> {
    const kernel = await this.remoteKernel();
    const reply = await kernel.channels.request("shell", "complete_request", { code, cursor_pos: codePointOffset(code, cursor) });
    const content = reply.content;
    if (content.status !== "ok") return { matches: [], start: cursor, end: cursor };
    return { matches: [...content.matches], start: utf16Offset(code, content.cursor_start), end: utf16Offset(code, content.cursor_end) };
  }

  async removeStickyMagic(name: string): Promise<void> {
    await this.commRequest("removeStickyMagic", [name]);
  }

  clusterStatus(): ClusterStatus {
    return this.cluster;
  }

  startCluster(): Promise<ClusterStatus> {
    return this.enqueue(async () => {
      const status = await this.commRequest("startCluster", []);
      this.clusterRecipe = { kind: "start-cluster" };
      return status;
    });
  }

  kernels(): { name: string; displayName: string }[] {
    return this.kernelList;
  }

  onEvent(listener: (event: ParabookEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shut the kernel down on the server (which ends its nodes) and close the connection. */
  async shutdown(): Promise<void> {
    this.closed = true;
    // A kernel still getting ready is ended all the same; one still being started on the server is waited for
    // (REST and WebSocket bound that wait), and then its start gives up and ends it.
    const kernel = this.live ?? (await this.kernel?.catch(() => undefined));
    this.kernel = undefined;
    this.live = undefined;
    this.abortRunning();
    this.rejectCommRequests("the notebook was closed");
    if (!kernel) return;
    try {
      if (kernel.channels.isOpen) await this.rest.shutdownKernel(kernel.id);
    } catch (err) {
      this.options.warn?.(`the kernel ${kernel.id} on the Jupyter Server at ${this.serverUrl} may still run: ${(err as Error).message}`);
    } finally {
      kernel.channels.close();
    }
  }

  // ----- the kernel on the server --------------------------------------------------------------------------------

  /** The kernel, started on first use and again after it was lost. */
  private remoteKernel(): Promise<RemoteKernel> {
    if (this.closed) return Promise.reject(new JupyterServerError("the session is shut down"));
    if (this.kernel === undefined) {
      const starting = this.startKernel();
      this.kernel = starting;
      starting.catch((err: Error) => {
        if (this.kernel === starting) this.kernel = undefined;
        this.emitKernel("dead", err.message);
      });
    }
    return this.kernel;
  }

  private async startKernel(): Promise<RemoteKernel> {
    this.emitKernel("starting");
    const name = chooseKernelspec(await this.rest.kernelspecs(), this.options.kernelName, this.serverUrl);
    const model = await this.rest.startKernel(name);
    let channels: KernelChannels;
    try {
      channels = await KernelChannels.open(this.rest, model.id);
    } catch (err) {
      await this.rest.shutdownKernel(model.id).catch(() => undefined);
      throw err;
    }
    const kernel: RemoteKernel = { id: model.id, channels, commId: "" };
    this.live = kernel;
    channels.onMessage((message) => this.received(kernel, message));
    // Closed on purpose (shutdown, a kernel given up): nothing failed.
    channels.onClose((reason) => reason !== CLOSED_BY_CLIENT && this.kernelFailed(`The connection to the Jupyter Server at ${this.serverUrl} was lost (${reason}).`));
    try {
      if (this.closed) throw new JupyterServerError("the session is shut down");
      await this.ready(kernel);
      this.emitKernel("idle");
    } catch (err) {
      // A kernel that cannot serve this notebook (not Parabook's, or gone quiet) is not left running on the server.
      if (this.live === kernel) this.live = undefined;
      await this.rest.shutdownKernel(model.id).catch(() => undefined);
      channels.close();
      throw err;
    }
    return kernel;
  }

  /** Once the kernel answers: open Parabook's comm in it, and learn its kernels and cluster. */
  private async ready(kernel: RemoteKernel): Promise<void> {
    await this.hearPublications(kernel);
    kernel.commId = randomUUID();
    kernel.channels.send("shell", "comm_open", { comm_id: kernel.commId, target_name: PARABOOK_COMM_TARGET, data: {} });
    const [kernels, cluster] = await Promise.all([
      this.commRequest("kernels", [], kernel, READY_TIMEOUT_MS),
      this.commRequest("clusterStatus", [], kernel, READY_TIMEOUT_MS),
    ]);
    this.kernelList = kernels;
    this.cluster = cluster;
    this.emit({ type: "cluster", status: cluster });
  }

  /**
   * Asks kernel_info until what the kernel publishes about it (its busy/idle status) arrives. A fresh kernel (its
   * first start, and every restart) publishes before the server's subscription to it has joined, and ZeroMQ drops
   * those messages ("slow joiner"): a comm's replies and a cell's outputs sent then would be lost. Jupyter's own
   * clients wait the same way.
   */
  private async hearPublications(kernel: RemoteKernel): Promise<void> {
    const asked = new Set<string>();
    let heard!: () => void;
    const published = new Promise<void>((resolve) => (heard = resolve));
    const stop = kernel.channels.onMessage((m) => {
      const parent = (m.parent_header as { msg_id?: string }).msg_id;
      if (m.channel === "iopub" && parent !== undefined && asked.has(parent)) heard();
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    try {
      for (;;) {
        const reply = kernel.channels.request("shell", "kernel_info_request", {}, (id) => asked.add(id));
        reply.catch(() => undefined); // The channels closing ends this wait below, with its own reason.
        const outcome = await Promise.race([
          published.then(() => "heard" as const),
          new Promise<"again">((resolve) => setTimeout(() => resolve("again"), IOPUB_PROBE_INTERVAL_MS)),
        ]);
        if (outcome === "heard") return;
        if (!kernel.channels.isOpen) await reply; // rejects saying why the channels closed
        if (Date.now() > deadline) {
          throw new JupyterServerError(`The kernel on the Jupyter Server at ${this.serverUrl} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
        }
      }
    } finally {
      stop();
    }
  }

  /** The kernel is gone (the connection closed, or the server said it died): every cell waiting for it ends. */
  private kernelFailed(message: string): void {
    this.kernel = undefined;
    if (this.live && !this.live.channels.isOpen) this.live = undefined;
    this.abortRunning(message);
    this.rejectCommRequests(message);
    this.cluster = NO_CLUSTER;
    if (!this.closed) {
      this.emit({ type: "cluster", status: NO_CLUSTER });
      this.emitKernel("dead", message);
    }
  }

  // ----- cells ---------------------------------------------------------------------------------------------------

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runCell(cellId: string, code: string): Promise<ExecuteReply> {
    let kernel: RemoteKernel;
    try {
      kernel = await this.remoteKernel();
    } catch (err) {
      return this.failCell(cellId, (err as Error).message);
    }
    return new Promise<ExecuteReply>((resolve) => {
      let msgId = "";
      const cell: RunningCell = { cellId, finish: resolve, idle: false };
      kernel.channels
        .request(
          "shell",
          "execute_request",
          // stop_on_error false: as in the local Session, an error ends its own cell only; the page decides
          // whether the cells it queued after it still run. allow_stdin: the page answers a program's reads.
          { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: false },
          (id) => {
            msgId = id;
            this.running.set(id, cell);
          },
        )
        .then(
          (reply) => {
            const content = reply.content;
            if ("execution_count" in content && typeof content.execution_count === "number") this.executionCount = content.execution_count;
            cell.reply = { status: content.status, executionCount: this.executionCount };
            if (content.status === "ok" && /^\s*%parallel(\s|$)/m.test(code)) {
              const line = parallelLineOf(code);
              this.clusterRecipe = line === undefined ? undefined : { kind: "line", line };
            }
            this.settle(msgId, cell);
          },
          (err: Error) => {
            // The connection closed before the reply: kernelFailed has ended the cell already, or ends it now.
            if (this.running.delete(msgId)) resolve(this.failCell(cellId, err.message));
          },
        );
    });
  }

  /** A cell ends once both its reply and its kernel's idle status have come (they travel on different channels). */
  private settle(msgId: string, cell: RunningCell): void {
    if (cell.reply === undefined || !cell.idle) return;
    this.running.delete(msgId);
    cell.finish(cell.reply);
  }

  /** Ends every cell sent to the kernel as aborted (the kernel will not answer them), saying why when `lost`. */
  private abortRunning(lost?: string): void {
    const cells = [...this.running.values()];
    this.running.clear();
    for (const cell of cells) {
      if (lost !== undefined) this.emit({ type: "error", cellId: cell.cellId, ename: "KernelLost", evalue: lost, traceback: [] });
      cell.finish({ status: "aborted", executionCount: this.executionCount });
    }
  }

  /** A cell that could not be sent: it says why, with the server's address, and changes nothing else. */
  private failCell(cellId: string, message: string): ExecuteReply {
    this.emit({ type: "error", cellId, ename: "JupyterServerError", evalue: message, traceback: [] });
    return { status: "error", executionCount: this.executionCount };
  }

  // ----- what the kernel sends -----------------------------------------------------------------------------------

  private received(kernel: RemoteKernel, message: JupyterMessage): void {
    const type = message.header.msg_type as string;
    const parentId = (message.parent_header as { msg_id?: string }).msg_id;
    if (message.channel === "stdin") return this.question(message, parentId);
    if (message.channel !== "iopub") return;
    if (type === "comm_msg" || type === "comm_close") {
      const content = message.content as { comm_id?: string; data?: unknown };
      if (content.comm_id !== kernel.commId) return;
      if (type === "comm_msg") this.commMessage(content.data);
      // A kernel without Parabook's comm target closes the comm at once (ipykernel does): it is not Parabook's.
      else this.rejectCommRequests(`The kernel on the Jupyter Server at ${this.serverUrl} is not a Parabook kernel (it has no "${PARABOOK_COMM_TARGET}" comm); choose Parabook's kernelspec in Settings ▸ Kernel`);
      return;
    }
    if (type === "status") {
      const state = (message.content as { execution_state?: string }).execution_state;
      // The server restarted a kernel that died (its own restarter), or gave up on it.
      if (parentId === undefined && (state === "restarting" || state === "dead")) {
        const message = `The kernel on the Jupyter Server at ${this.serverUrl} died${state === "restarting" ? " and the server started a fresh one: its definitions are lost" : ""}.`;
        this.kernelFailed(message);
        if (state === "restarting" && kernel.channels.isOpen) {
          const again = this.ready(kernel).then(() => (this.emitKernel("idle"), kernel));
          this.kernel = again;
          again.catch((err: Error) => this.kernelFailed(err.message));
        }
        return;
      }
      const cell = parentId === undefined ? undefined : this.running.get(parentId);
      if (cell && state === "idle") {
        cell.idle = true;
        this.settle(parentId!, cell);
      }
      return;
    }
    const cell = parentId === undefined ? undefined : this.running.get(parentId);
    if (!cell) return; // Another client's request, or a cell already ended.
    if (type === "execute_input") {
      const count = (message.content as { execution_count?: unknown }).execution_count;
      if (typeof count === "number") this.executionCount = count;
      return;
    }
    try {
      const event = decodeCellEvent(type, message.content, message.metadata, cell.cellId);
      if (event) this.emit(event);
    } catch (err) {
      this.emit({ type: "stream", cellId: cell.cellId, name: "stderr", text: `Parabook could not read a message from the kernel (${type}): ${(err as Error).message}\n` });
    }
  }

  /** A program's read in a running cell asks the user (codec.ts, rule 5): the page shows the question. */
  private question(message: JupyterMessage, parentId: string | undefined): void {
    const cell = parentId === undefined ? undefined : this.running.get(parentId);
    if (message.header.msg_type !== "input_request" || !cell) return;
    try {
      const event = decodeInputRequest(message.content, cell.cellId);
      cell.question = message.header as MessageHeader<string>;
      this.emit(event);
    } catch (err) {
      this.emit({ type: "stream", cellId: cell.cellId, name: "stderr", text: `Parabook could not read the kernel's input_request: ${(err as Error).message}\n` });
    }
  }

  private commMessage(data: unknown): void {
    let decoded;
    try {
      decoded = decodeCommFromKernel(data);
    } catch (err) {
      this.options.warn?.(`a comm message from the kernel on ${this.serverUrl} was not understood: ${(err as Error).message}`);
      return;
    }
    if ("event" in decoded) this.sessionEvent(decoded.event);
    else this.commReply(decoded.reply);
  }

  private sessionEvent(event: SessionEvent): void {
    // The kernel's settings are those of the machine it runs on; the page shows this app's own.
    if (event.type === "settings") return;
    if (event.type === "cluster") this.cluster = event.status;
    this.emit(event);
  }

  private commRequest<M extends CommMethod>(
    method: M,
    args: Extract<CommRequest, { method: M }>["args"],
    kernel?: RemoteKernel,
    timeoutMs = COMM_REPLY_TIMEOUT_MS,
  ): Promise<CommValues[M]> {
    return (async () => {
      const target = kernel ?? (await this.remoteKernel());
      const id = this.nextCommId++;
      return new Promise<CommValues[M]>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.commReplies.delete(id);
          reject(new JupyterServerError(`The kernel on the Jupyter Server at ${this.serverUrl} did not answer ${method} within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        timer.unref();
        this.commReplies.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        try {
          const request = { id, method, args } as CommRequest;
          target.channels.send("shell", "comm_msg", { comm_id: target.commId, data: { request } as never });
        } catch (err) {
          clearTimeout(timer);
          this.commReplies.delete(id);
          reject(err as Error);
        }
      });
    })();
  }

  private rejectCommRequests(message: string): void {
    for (const [id, waiting] of this.commReplies) {
      clearTimeout(waiting.timer);
      waiting.reject(new JupyterServerError(message));
      this.commReplies.delete(id);
    }
  }

  private commReply(reply: CommReply): void {
    const waiting = this.commReplies.get(reply.id);
    if (!waiting) return;
    this.commReplies.delete(reply.id);
    clearTimeout(waiting.timer);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(new Error(reply.error));
  }

  // ----- events --------------------------------------------------------------------------------------------------

  private emitKernel(state: KernelState, message?: string): void {
    this.emit(message === undefined ? { type: "kernel", state } : { type: "kernel", state, message });
  }

  private emit(event: ParabookEvent): void {
    // The kernel's Session reports its own state over the comm, and this client reports the server's: the same
    // state twice in a row says nothing new.
    if (event.type === "kernel") {
      const said = `${event.state} ${event.message ?? ""}`;
      if (said === this.lastKernelState) return;
      this.lastKernelState = said;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing listener must not stop the others.
      }
    }
  }
}
