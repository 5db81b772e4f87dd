// The Session: one notebook's kernels and magics. It owns the host kernel process and the cluster, runs cells one
// at a time in order through the magics, numbers executions, and reports everything as ParabookEvents. The
// Electron shell, `parabook serve` and `parabook run` all drive this class and nothing below it.

import type { ClusterStatus, CompletionReply, ExecuteReply, ParabookEvent, Settings } from "../../contract/api.js";
import type { InputAnswer, InputRequest } from "../language/language.js";
import { builtinMagics } from "../magics/all-magics.js";
import type { ClusterControl, StickyControl } from "../magics/magic.js";
import { DEFAULT_CLUSTER_NAME } from "../magics/parallel.js";
import { placementFor, type PlacementOptions } from "../magics/placement-options.js";
import { CellExecution } from "./cell-execution.js";
import type { KernelConnection } from "../cluster/kernel-connection.js";
import { Cluster, HOST_RANK, KernelManager, KernelStartError } from "../cluster/kernel-manager.js";
import { BUILTIN_KERNELS, findKernel, type KernelSpec } from "../language/languages.js";
import type { Completeness, Inspection } from "../language/language.js";
import { parseMagicLine, splitFirstLine } from "../magics/parser.js";
import { usage } from "../magics/magic.js";
import { kernelMemoryMb } from "../cluster/memory-budget.js";
import type { Spawner } from "../cluster/spawner.js";

/** How one execute counts (Jupyter's store_history and silent). */
export interface ExecuteOptions {
  /** Give the cell the next execution count (default). Uncounted, it runs under the current count and takes none. */
  readonly count?: boolean;
  /** As SessionOptions.noInput, for this execute (Jupyter's allow_stdin false). */
  readonly noInput?: string;
}

export interface SessionOptions {
  spawner: Spawner;
  settings: () => Settings;
  /** The kernels `%parallel` can start; the first is the host kernel's language. Default: Parabook's own. */
  kernels?: readonly KernelSpec[];
  /** Where `%parallel --listen` writes a cluster's keys file. Default: ~/.parabook/cluster-keys. */
  keysDirectory?: string;
  /** Where nodes run when a %parallel line does not say (`parabook run --launcher …`); default: the Settings. */
  placement?: PlacementOptions;
  /**
   * Set when the front end cannot answer a program's requests for input (input-request events, answerInput): why
   * not. A read then fails saying "no input is available here: " and this. Unset: the front end answers them.
   */
  noInput?: string;
}

/** A program's question to the front end, waiting for answerInput. */
interface WaitingInput {
  readonly cellId: string;
  /** Settles the question: the answer, or undefined when it is withdrawn (the kernel then gets nothing). */
  readonly settle: (answer: InputAnswer | undefined) => void;
}

/** How often a running cluster's node memory is refreshed for the status panel. */
const MEMORY_POLL_MS = 3_000;

const NO_CLUSTER: ClusterStatus = { kernel: null, nodes: [], defaultTargets: [] };

export class Session {
  private readonly manager: KernelManager;
  private readonly kernelSpecs: readonly KernelSpec[];
  private readonly magics = builtinMagics();
  private readonly listeners = new Set<(event: ParabookEvent) => void>();
  private readonly stickyMagics: { name: string; line: string }[] = [];
  private host: Promise<KernelConnection> | undefined;
  private cluster: Cluster | undefined;
  private executionCount = 0;
  /** The tail of the execution queue: each cell starts when the one before it has finished. */
  private queue: Promise<unknown> = Promise.resolve();
  private memoryTimer: NodeJS.Timeout | undefined;
  /** The cell now running; interrupt marks it so that none of its further steps starts. */
  private runningCell: CellExecution | undefined;
  /** Counts interrupts; a cell queued before the latest one is dropped unrun, as the UI drops its own queue. */
  private interrupts = 0;
  /** Gives up the cluster now starting, if any (an interrupt does: a Slurm queue or nodes started by hand can take
   * long). */
  private clusterStart: AbortController | undefined;
  /** The question the running cell's program waits on, if any (its kernel blocks until it is answered). */
  private waitingInput: WaitingInput | undefined;
  private closed = false;

  constructor(private readonly options: SessionOptions) {
    this.manager = new KernelManager(options.spawner);
    this.kernelSpecs = options.kernels ?? BUILTIN_KERNELS;
  }

  /** Start the host kernel. */
  async start(): Promise<void> {
    await this.hostKernel();
  }

  execute(cellId: string, code: string, options: ExecuteOptions = {}): Promise<ExecuteReply> {
    const queuedAfter = this.interrupts;
    return this.enqueue(async () => {
      // It never ran, so it shows nothing and takes no execution count (Jupyter's "aborted" reply).
      if (this.interrupts !== queuedAfter) return { status: "aborted", executionCount: this.executionCount };
      return this.runCell(cellId, code, options.count ?? true, options.noInput ?? this.options.noInput);
    });
  }

  /** The execution count the next counted cell takes (Jupyter's execute_input shows it before the cell runs). */
  get nextExecutionCount(): number {
    return this.executionCount + 1;
  }

  /**
   * The line the user typed for the input request of cell `cellId` (null: the input has ended, as a pipe does).
   * Rejects when that cell does not wait for input (any more).
   */
  async answerInput(cellId: string, line: string | null): Promise<void> {
    const waiting = this.waitingInput;
    if (waiting?.cellId !== cellId) {
      throw new Error(`Cell ${cellId} is not waiting for input: it has ended, or was interrupted, since it asked.`);
    }
    this.waitingInput = undefined;
    waiting.settle(line === null ? { kind: "end" } : { kind: "line", line });
  }

  /**
   * The front end cannot answer the question of cell `cellId` after all (its reply was unusable): the read fails
   * with "no input is available here: " and `reason`. Rejects as answerInput does.
   */
  async declineInput(cellId: string, reason: string): Promise<void> {
    const waiting = this.waitingInput;
    if (waiting?.cellId !== cellId) throw new Error(`Cell ${cellId} is not waiting for input: it has ended, or was interrupted, since it asked.`);
    this.waitingInput = undefined;
    waiting.settle({ kind: "unavailable", reason });
  }

  /**
   * Stop what the host kernel and every busy node are running, and drop the cells waiting in the queue;
   * definitions are kept. A kernel that does not answer, or does not stop, within its bound is killed and reported
   * (KernelConnection.interrupt), so this always ends.
   */
  async interrupt(): Promise<void> {
    this.interrupts++;
    this.runningCell?.markInterrupted();
    // The interrupt ends the kernel's wait by itself; an answer typed from now on has nobody to go to.
    this.withdrawInput();
    this.clusterStart?.abort();
    const host = this.host ? await this.host.catch(() => undefined) : undefined;
    const busyNodes = this.cluster?.nodes.filter((n) => n.state === "busy") ?? [];
    await Promise.all([host?.interrupt(), ...busyNodes.map((n) => n.interrupt())].map((p) => p?.catch(() => undefined)));
  }

  /**
   * A fresh host kernel, and a fresh cluster like the running one, if any. The old kernels stop at once (a cell
   * stuck in them ends, aborted); the new ones start in the execution queue, so later cells wait for them.
   */
  async restart(): Promise<void> {
    this.emit({ type: "kernel", state: "restarting" });
    const oldHost = this.host;
    const previous = this.cluster;
    this.host = undefined;
    this.cluster = undefined;
    const stopped = Promise.all([oldHost?.then((k) => k.shutdown(), () => undefined), previous?.shutdown()]);
    await this.enqueue(async () => {
      await stopped;
      // Nodes started by hand (--listen) cannot be started again from here: the cluster ends, and %parallel
      // --listen prints the line to start new ones.
      if (previous && previous.placement.launcher !== "listen") {
        const fresh = await this.clusterControl.start(previous.spec, previous.size, previous.name, previous.heapLimitMb, {
          placement: previous.placement,
          announce: () => undefined,
        });
        fresh.defaultTargets = previous.defaultTargets;
      }
      this.emitCluster();
      await this.hostKernel();
    });
  }

  async complete(code: string, cursor: number): Promise<CompletionReply> {
    const completion = await (await this.hostKernel()).complete(code, cursor);
    return { matches: [...completion.matches], start: completion.start, end: completion.end };
  }

  /** Whether a cell's code is ready to run: its leading magic lines are whole, the code after them decides. */
  async isComplete(code: string): Promise<Completeness> {
    const rest = withoutLeadingMagics(code);
    if (rest.trim() === "") return { status: "complete" };
    return (await this.hostKernel()).isComplete(rest);
  }

  /** What the name at `cursor` is: a magic's usage on a magic line, else what the host kernel's language says. */
  async inspect(code: string, cursor: number): Promise<Inspection | null> {
    const lineStart = code.lastIndexOf("\n", cursor - 1) + 1;
    const lineEnd = code.indexOf("\n", cursor);
    const magicLine = parseMagicLine(code.slice(lineStart, lineEnd < 0 ? code.length : lineEnd));
    if (magicLine) {
      const magic = this.magics.get(magicLine.name);
      return magic ? { name: magicLine.name, text: usage(magic) } : null;
    }
    return (await this.hostKernel()).inspect(code, cursor);
  }

  async removeStickyMagic(name: string): Promise<void> {
    this.stickyControl.remove(name.replace(/^%+/, ""));
  }

  clusterStatus(): ClusterStatus {
    return this.cluster?.status() ?? NO_CLUSTER;
  }

  /** Start (or restart) the cluster with the settings' size and kernel. */
  startCluster(): Promise<ClusterStatus> {
    return this.enqueue(async () => {
      const settings = this.options.settings();
      const spec = findKernel(this.kernelSpecs, [settings.defaultNodeKernel]);
      await this.clusterControl.start(spec, settings.clusterSize, DEFAULT_CLUSTER_NAME, undefined, {
        placement: placementFor(this.options.placement ?? {}, settings),
        announce: () => undefined,
      });
      return this.clusterStatus();
    });
  }

  kernels(): { name: string; displayName: string }[] {
    return this.kernelSpecs.map((s) => ({ name: s.name, displayName: s.displayName }));
  }

  onEvent(listener: (event: ParabookEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    this.clusterStart?.abort();
    this.stopMemoryPolling();
    const host = this.host;
    this.host = undefined;
    await Promise.all([host?.then((k) => k.shutdown(), () => undefined), this.cluster?.shutdown()]);
    this.cluster = undefined;
  }

  // ----- running cells ---------------------------------------------------------------------------------------

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runCell(cellId: string, code: string, counted: boolean, noInput: string | undefined): Promise<ExecuteReply> {
    const cell = new CellExecution({
      cellId,
      executionCount: counted ? ++this.executionCount : this.executionCount,
      emit: (event) => this.emit(event),
      hostKernel: () => this.hostKernel(),
      askInput: (request) => this.askInput(cellId, request, noInput),
      cluster: this.clusterControl,
      sticky: this.stickyControl,
      magics: this.magics,
      settings: this.options.settings,
    });
    this.runningCell = cell;
    this.emit({ type: "kernel", state: "busy" });
    try {
      return await cell.run(code);
    } finally {
      this.runningCell = undefined;
      // A kernel that died while its program waited for input leaves the question open.
      this.withdrawInput();
      this.emit({ type: "kernel", state: this.host ? "idle" : "dead" });
      this.emitCluster();
    }
  }

  /** Puts the program's question to the front end, or answers at once that it cannot be answered here. */
  private askInput(cellId: string, request: InputRequest, noInput: string | undefined): Promise<InputAnswer | undefined> {
    if (noInput !== undefined) return Promise.resolve({ kind: "unavailable", reason: noInput });
    this.withdrawInput(); // one question at a time: the kernel that asked again has stopped waiting for the last
    return new Promise((settle) => {
      this.waitingInput = { cellId, settle };
      this.emit({ type: "input-request", cellId, prompt: request.prompt, password: request.password });
    });
  }

  private withdrawInput(): void {
    const waiting = this.waitingInput;
    this.waitingInput = undefined;
    waiting?.settle(undefined);
  }

  // ----- kernels ---------------------------------------------------------------------------------------------

  /** The host kernel, started on first use and again after it died. */
  private hostKernel(): Promise<KernelConnection> {
    if (this.closed) return Promise.reject(new KernelStartError("the session is shut down"));
    if (this.host === undefined) {
      this.emit({ type: "kernel", state: "starting" });
      const spec = this.kernelSpecs[0]!;
      const clusterSize = this.cluster?.size ?? 0;
      // Before any cluster runs, the host kernel takes its share as if one of the settings' size were running.
      const heapLimitMb = this.kernelMemoryMb(this.cluster?.size ?? this.options.settings().clusterSize);
      const starting = this.manager.startKernel(spec, HOST_RANK, clusterSize, heapLimitMb);
      this.host = starting;
      starting.then(
        (kernel) => {
          this.emit({ type: "kernel", state: "idle" });
          kernel.onDeath((reason) => {
            if (this.host !== starting) return; // replaced on purpose (restart, shutdown)
            this.host = undefined;
            this.emit({ type: "kernel", state: "dead", message: `The host kernel died (${reason}).` });
          });
        },
        (err: Error) => {
          if (this.host === starting) this.host = undefined;
          this.emit({ type: "kernel", state: "dead", message: err.message });
        },
      );
    }
    return this.host;
  }

  private readonly clusterControl: ClusterControl = {
    current: () => this.cluster,
    kernels: () => this.kernelSpecs,
    placementDefaults: () => this.options.placement ?? {},
    changed: () => this.emitCluster(),
    start: async (spec, size, name, heapLimitMb, where) => {
      const previous = this.cluster;
      this.cluster = undefined;
      await previous?.shutdown();
      this.emitCluster();
      const placement = where?.placement ?? { launcher: "local" };
      // Local nodes share this machine with the host kernel: their share is decided here. A remote node takes its
      // share of its own machine ("auto") or the limit given.
      const limit =
        placement.launcher === "local"
          ? typeof heapLimitMb === "number"
            ? heapLimitMb
            : this.kernelMemoryMb(size)
          : (heapLimitMb ?? this.options.settings().kernelMemoryMb);
      const starting = new AbortController();
      this.clusterStart = starting;
      let cluster: Cluster;
      try {
        cluster = await this.manager.startCluster(spec, size, name, () => this.emitCluster(), limit, {
          placement,
          ...(where ? { announce: where.announce } : {}),
          ...(this.options.keysDirectory !== undefined ? { keysDirectory: this.options.keysDirectory } : {}),
          signal: starting.signal,
        });
      } finally {
        if (this.clusterStart === starting) this.clusterStart = undefined;
      }
      this.cluster = cluster;
      const host = await this.hostKernel();
      await host.setVariable("cluster_size", size);
      this.startMemoryPolling();
      this.emitCluster();
      return cluster;
    },
  };

  /** Each kernel's heap limit by the settings, when the host kernel and `clusterSize` nodes share the machine. */
  private kernelMemoryMb(clusterSize: number): number {
    return kernelMemoryMb(this.options.settings().kernelMemoryMb, clusterSize + 1);
  }

  private startMemoryPolling(): void {
    if (this.memoryTimer) return;
    this.memoryTimer = setInterval(() => {
      const cluster = this.cluster;
      if (!cluster || this.listeners.size === 0) return;
      void cluster.refreshMemory().then(() => this.cluster === cluster && this.emitCluster());
    }, MEMORY_POLL_MS);
    this.memoryTimer.unref();
  }

  private stopMemoryPolling(): void {
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    this.memoryTimer = undefined;
  }

  // ----- sticky magics ---------------------------------------------------------------------------------------

  private readonly stickyControl: StickyControl = {
    list: () => this.stickyMagics.map((s) => s.line),
    has: (name) => this.stickyMagics.some((s) => s.name === name),
    add: (name, line) => {
      this.stickyMagics.push({ name, line });
      this.emit({ type: "sticky", magics: this.stickyControl.list() as string[] });
    },
    remove: (name) => {
      const i = this.stickyMagics.findIndex((s) => s.name === name);
      if (i < 0) return;
      this.stickyMagics.splice(i, 1);
      this.emit({ type: "sticky", magics: this.stickyControl.list() as string[] });
    },
  };

  // ----- events ----------------------------------------------------------------------------------------------

  private emitCluster(): void {
    this.emit({ type: "cluster", status: this.clusterStatus() });
  }

  private emit(event: ParabookEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener must not stop the cell or the other listeners.
      }
    }
  }
}

/** The code after a cell's leading magic lines (and blank lines among them). */
function withoutLeadingMagics(code: string): string {
  let rest = code;
  for (;;) {
    const { first, rest: after } = splitFirstLine(rest);
    if (first.trim() !== "" && parseMagicLine(first) === undefined) return rest;
    if (after === "") return "";
    rest = after;
  }
}
