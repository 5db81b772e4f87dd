// The kernel side as the UI sees it: kernel and cluster state, sticky magics, settings, and the run queue.
// Cells run one at a time in the order they were asked for; typing never waits on any of it. Events for a cell
// are folded into nbformat outputs immediately but reach the screen at most once per animation frame, so a cell
// that prints 10^5 lines costs a few hundred renders, not 10^5.

import type {
  CellEvent,
  ClusterStatus,
  KernelState,
  ParabookApi,
  ParabookEvent,
  Settings,
  SettingsPatch,
} from "../../../contract/api.js";
import { defaultSettingsWith } from "../../../contract/api.js";
import { answeredInputText, CellOutputs } from "../../../contract/outputs.js";
import { RunQueue, type RunOutcome } from "../model/run-queue.js";
import type { NotebookStore } from "./notebook.svelte.js";

export type RunStatus = "queued" | "running";

export interface CellRun {
  status: RunStatus;
  /** performance.now() when the kernel started on it. */
  startedAt?: number;
  progress?: { done: number; total: number; failed: number };
  /** The program's question while it waits for a line from the user ((read-line)…): shown with a field to answer. */
  input?: { prompt: string; password: boolean };
}

export class SessionStore {
  kernelState = $state<KernelState>("starting");
  kernelMessage = $state<string | undefined>(undefined);
  sticky = $state<string[]>([]);
  cluster = $state<ClusterStatus>({ kernel: null, nodes: [], defaultTargets: [] });
  /** A placeholder until the host sends the real settings. */
  settings = $state<Settings>(defaultSettingsWith(4));
  kernels = $state<{ name: string; displayName: string }[]>([]);
  /** Cells queued or running, by id. */
  runs = $state<Record<string, CellRun>>({});
  /** Wall time of each cell's last run in seconds, by id: view state, never saved. */
  elapsed = $state<Record<string, number>>({});

  readonly busy = $derived(this.kernelState === "busy" || Object.keys(this.runs).length > 0);

  #queue = new RunQueue();
  /** The code each queued cell had when it was queued. */
  #code = new Map<string, string>();
  /** The outputs of running cells, folded from events as they come (and kept within the file's limits), by id. */
  #pending = new Map<string, CellOutputs>();
  #frame = 0;

  constructor(
    private readonly api: ParabookApi,
    private readonly notebook: NotebookStore,
    private readonly onError: (message: string) => void,
  ) {}

  /** Subscribe to the host's events and read its state; never fails (a failure is reported, defaults stay). */
  async start(): Promise<() => void> {
    const unsubscribe = this.api.onEvent((event) => this.#onEvent(event));
    try {
      const [settings, cluster, kernels] = await Promise.all([
        this.api.getSettings(),
        this.api.clusterStatus(),
        this.api.kernels(),
      ]);
      this.settings = settings;
      this.cluster = cluster;
      this.kernels = kernels;
      // A host that has not said otherwise by now has its kernel ready.
      if (this.kernelState === "starting") this.kernelState = "idle";
    } catch (err) {
      this.onError(`Could not read the settings and cluster state: ${(err as Error).message}`);
    }
    return unsubscribe;
  }

  /** Queue cells to run (in order). A cell already waiting or running is not queued twice. */
  run(ids: readonly string[]): void {
    for (const id of this.#queue.enqueue(ids)) {
      this.runs[id] = { status: "queued" };
      // What runs is the code as it was when the user asked, as in Jupyter, even if they edit it while it waits.
      const cell = this.notebook.cellById(id);
      if (cell) this.#code.set(id, cell.source);
    }
    void this.#drain();
  }

  /** Forget queued cells (after an error, an interrupt or a restart), as Jupyter aborts them. */
  clearQueue(): void {
    this.#forget(this.#queue.clear());
  }

  #forget(ids: readonly string[]): void {
    for (const id of ids) {
      delete this.runs[id];
      this.#code.delete(id);
    }
  }

  async interrupt(): Promise<void> {
    this.clearQueue();
    // The interrupt ends the program's wait for input: its question goes at once, not when the cell's reply comes.
    for (const run of Object.values(this.runs)) delete run.input;
    await this.api.interrupt();
  }

  /**
   * Send the line the user typed for a running cell's question. The question and its answer stay in the cell's
   * output as "prompt answer" (the answer hidden for a password), as JupyterLab shows them.
   */
  async answerInput(cellId: string, line: string): Promise<void> {
    const run = this.runs[cellId];
    const question = run?.input;
    if (!run || !question) return;
    delete run.input;
    const outputs = this.#pending.get(cellId);
    if (outputs) {
      outputs.add({ type: "stream", cellId, name: "stdout", text: answeredInputText(question.prompt, line, question.password) });
      this.#flush();
    }
    try {
      await this.api.answerInput(cellId, line);
    } catch (err) {
      // A cell that ended meanwhile (interrupted as the line went) needs no answer; anything else the user must know.
      if (this.runs[cellId]) this.onError(`Could not send the input: ${(err as Error).message}`);
    }
  }

  async restart(): Promise<void> {
    this.clearQueue();
    this.kernelState = "restarting";
    await this.api.restart();
  }

  async removeSticky(magic: string): Promise<void> {
    // "%%px -e" → "px": the API names a sticky magic without its percent signs and options.
    const name = magic.replace(/^%+/, "").split(/\s+/)[0] ?? "";
    await this.api.removeStickyMagic(name);
  }

  async updateSettings(patch: SettingsPatch): Promise<void> {
    this.settings = await this.api.setSettings(patch);
  }

  async startCluster(): Promise<void> {
    this.cluster = await this.api.startCluster();
  }

  get clusterRunning(): boolean {
    return this.cluster.kernel !== null && this.cluster.nodes.some((n) => n.state !== "dead");
  }

  async #drain(): Promise<void> {
    for (let id = this.#queue.start(); id !== null; id = this.#queue.start()) {
      const cell = this.notebook.cellById(id);
      if (!cell || cell.cell_type !== "code") {
        // Deleted or turned into markdown while it waited.
        this.#queue.finish("ok");
        delete this.runs[id];
        continue;
      }
      this.runs[id] = { status: "running", startedAt: performance.now() };
      cell.outputs = [];
      cell.execution_count = null;
      this.#pending.set(id, new CellOutputs());
      let outcome: RunOutcome = "ok";
      try {
        const code = this.#code.get(id) ?? cell.source;
        this.#code.delete(id);
        const reply = await this.api.execute(id, code);
        this.#flush();
        const current = this.notebook.cellById(id);
        if (current?.cell_type === "code") current.execution_count = reply.executionCount;
        outcome = reply.status;
      } catch (err) {
        this.#flush();
        this.onError(`Could not run the cell: ${(err as Error).message}`);
        outcome = "aborted";
      } finally {
        const startedAt = this.runs[id]?.startedAt;
        if (startedAt !== undefined) this.elapsed[id] = (performance.now() - startedAt) / 1000;
        delete this.runs[id];
        this.#pending.delete(id);
        this.notebook.changed();
      }
      this.#forget(this.#queue.finish(outcome));
    }
  }

  #onEvent(event: ParabookEvent): void {
    switch (event.type) {
      case "kernel":
        this.kernelState = event.state;
        this.kernelMessage = event.message;
        return;
      case "cluster":
        this.cluster = event.status;
        return;
      case "sticky":
        this.sticky = event.magics;
        return;
      case "settings":
        this.settings = event.settings;
        return;
      case "px-progress": {
        const run = this.runs[event.cellId];
        if (run) run.progress = { done: event.done, total: event.total, failed: event.failed };
        return;
      }
      default:
        this.#onCellEvent(event);
    }
  }

  #onCellEvent(event: CellEvent): void {
    const outputs = this.#pending.get(event.cellId);
    if (!outputs) return; // a cell that is no longer running (or was deleted): nothing to show it in
    if (event.type === "input-request") {
      const run = this.runs[event.cellId];
      // What the cell printed before it asked is on screen with the question, not a frame later.
      this.#flush();
      if (run) run.input = { prompt: event.prompt, password: event.password };
      return;
    }
    outputs.add(event);
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#flush());
  }

  /** Put the folded outputs of running cells on screen. */
  #flush(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    for (const [id, outputs] of this.#pending) {
      const cell = this.notebook.cellById(id);
      if (cell?.cell_type === "code") cell.outputs = outputs.outputs();
    }
  }
}
