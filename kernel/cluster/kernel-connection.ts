// One kernel process seen from the host: typed requests with promised replies, stream text routed to the
// request that produced it, and a single, explained death.

import { LanguageError, type Completion, type ErrorReport, type SourceOrigin } from "../language/language.js";
import { isKernelMessage, type KernelMessage, type KernelRequest, type KernelRequestType, type ReplyPayloads } from "./protocol.js";
import type { KernelExit, KernelProcess } from "./spawner.js";
import type { WireValue } from "../language/wire-value.js";

/** The kernel process went away while (or before) doing what was asked. */
export class KernelDiedError extends Error {
  override readonly name: string = "KernelDiedError";
  constructor(
    /** "killed by SIGKILL", "exited with code 1", "out of memory"… */
    readonly reason: string,
  ) {
    super(`the kernel died (${reason})`);
  }
}

/** How long a kernel has, after an interrupt, to answer it and end what it was running. */
export const INTERRUPT_ANSWER_MS = 2_000;

/**
 * The kernel did not answer an interrupt, or did not end what it ran, within INTERRUPT_ANSWER_MS (it was stopped,
 * hung in native code, or swapping), so it was killed: what it was running is lost, and so is its state.
 */
export class KernelUnresponsiveError extends KernelDiedError {
  override readonly name = "KernelUnresponsiveError";
  constructor() {
    super(`unresponsive (did not answer an interrupt within ${INTERRUPT_ANSWER_MS / 1000} s)`);
  }
}

export type StreamListener = (name: "stdout" | "stderr", text: string) => void;

type WithoutId<R> = R extends KernelRequest ? Omit<R, "id"> : never;
/** A request of type T as the caller writes it; the connection adds the id. */
type RequestBody<T extends KernelRequestType> = WithoutId<Extract<KernelRequest, { type: T }>>;

interface Pending {
  resolve(payload: unknown): void;
  reject(err: Error): void;
  onStream?: StreamListener;
  /** Whether it occupies the evaluator (execute, call…), as opposed to control requests answered at once. */
  runsOnEvaluator: boolean;
  /** Resolves when it has been answered or failed, whichever way. */
  settled: Promise<void>;
}

const CONTROL_REQUESTS: ReadonlySet<string> = new Set(["interrupt", "memory", "shutdown"]);

export type ConnectionState = "starting" | "idle" | "busy" | "dead";

export function describeExit(exit: KernelExit): string {
  if (exit.reason) return exit.reason;
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? "unknown"}`;
}

/** How long a kernel may take from spawn to ready before it counts as failed. */
const READY_TIMEOUT_MS = 30_000;
/** How long a kernel gets to leave politely on shutdown before it is killed. */
const SHUTDOWN_GRACE_MS = 1_000;

export class KernelConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dyingReason: string | undefined;
  private deathReason: string | undefined;
  /** The memory question asked and not yet answered, if any. */
  private memoryQuestion: Promise<number> | undefined;
  /** Set when this kernel was killed for not answering an interrupt: its requests fail with KernelUnresponsiveError. */
  private unresponsive = false;
  private readonly deathListeners: ((reason: string) => void)[] = [];
  private readonly exitedPromise: Promise<void>;
  /** Resolves when the kernel says it is ready; rejects with KernelDiedError if it dies first. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private isReady = false;

  constructor(private readonly process: KernelProcess) {
    let exited!: () => void;
    this.exitedPromise = new Promise<void>((resolve) => (exited = resolve));
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.deathListeners.push((reason) => reject(new KernelDiedError(reason)));
    });
    // Nobody may be waiting for readiness when a kernel dies later; that rejection is reported elsewhere.
    this.ready.catch(() => undefined);
    const timer = setTimeout(() => {
      if (!this.isReady) {
        this.dyingReason = `it did not start within ${READY_TIMEOUT_MS / 1000} s`;
        process.kill("SIGKILL");
      }
    }, READY_TIMEOUT_MS);
    timer.unref();
    process.onMessage((m) => this.receive(m));
    process.onExit((exit) => {
      clearTimeout(timer);
      this.die(this.dyingReason ?? describeExit(exit));
      exited();
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get state(): ConnectionState {
    if (this.deathReason !== undefined) return "dead";
    if (!this.isReady) return "starting";
    return this.hasUserWork() ? "busy" : "idle";
  }

  /** Why it died, once it has. */
  get reasonOfDeath(): string | undefined {
    return this.deathReason;
  }

  onDeath(listener: (reason: string) => void): void {
    if (this.deathReason !== undefined) listener(this.deathReason);
    else this.deathListeners.push(listener);
  }

  /** Run code for its last value (%%px, %pmap). */
  async evaluate(code: string, origin: SourceOrigin, onStream?: StreamListener): Promise<WireValue> {
    return ((await this.request<"execute">({ type: "execute", code, origin, returns: "value" }, onStream)) as { value: WireValue }).value;
  }

  /** Run a notebook cell: the text it shows (null: nothing); a shown value is bound to `_` in the kernel too. */
  async executeCell(code: string, origin: SourceOrigin, onStream?: StreamListener): Promise<string | null> {
    return ((await this.request<"execute">({ type: "execute", code, origin, returns: "shown" }, onStream)) as { shown: string | null }).shown;
  }

  /** Run code for its effects only. */
  async run(code: string, origin: SourceOrigin, onStream?: StreamListener): Promise<void> {
    await this.request<"execute">({ type: "execute", code, origin, returns: "nothing" }, onStream);
  }

  setVariable(name: string, value: WireValue, show = false): Promise<ReplyPayloads["set_variable"]> {
    return this.request<"set_variable">({ type: "set_variable", name, value, show });
  }

  getVariable(name: string): Promise<ReplyPayloads["get_variable"]> {
    return this.request<"get_variable">({ type: "get_variable", name });
  }

  call(procedure: string, args: WireValue[], onStream?: StreamListener): Promise<ReplyPayloads["call"]> {
    return this.request<"call">({ type: "call", procedure, args }, onStream);
  }

  async complete(code: string, cursor: number): Promise<Completion> {
    return (await this.request<"complete">({ type: "complete", code, cursor })).completion;
  }

  /**
   * Stop what the kernel runs; its definitions are kept. The kernel is not trusted to comply: one that has not
   * answered, or not ended what it was running, within INTERRUPT_ANSWER_MS is killed (SIGKILL, which also ends
   * a stopped process), and what it was running fails with KernelUnresponsiveError. Resolves either way.
   */
  async interrupt(): Promise<void> {
    if (this.deathReason !== undefined) return;
    const running = [...this.pending.values()].filter((p) => p.runsOnEvaluator).map((p) => p.settled);
    const answered = this.request<"interrupt">({ type: "interrupt" }).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      Promise.all([answered, ...running]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), INTERRUPT_ANSWER_MS))),
    ]);
    clearTimeout(timer);
    if (!inTime) this.killUnresponsive();
  }

  /**
   * The process's resident memory. One question at a time: a kernel that does not answer (stopped) is asked
   * again only once it has answered, so the cluster panel's polling cannot pile requests up on it.
   */
  memoryBytes(): Promise<number> {
    this.memoryQuestion ??= this.request<"memory">({ type: "memory" })
      .then((reply) => reply.rssBytes)
      .finally(() => (this.memoryQuestion = undefined));
    return this.memoryQuestion;
  }

  /** Ask the process to leave; kill it if it does not within a second. Resolves once it is gone. */
  async shutdown(): Promise<void> {
    if (this.deathReason !== undefined) return;
    this.dyingReason ??= "shut down";
    this.request<"shutdown">({ type: "shutdown" }).catch(() => undefined);
    const timer = setTimeout(() => this.process.kill("SIGKILL"), SHUTDOWN_GRACE_MS);
    await this.exitedPromise;
    clearTimeout(timer);
  }

  /** End the process at once (tests, and kernels that ignore shutdown). */
  kill(signal: "SIGTERM" | "SIGKILL" = "SIGKILL"): void {
    this.process.kill(signal);
  }

  private killUnresponsive(): void {
    if (this.deathReason !== undefined) return;
    this.unresponsive = true;
    const reason = new KernelUnresponsiveError().reason;
    this.dyingReason = reason;
    this.process.kill("SIGKILL");
    // Waiting for the exit to be reported would trust the process table to be quick; the verdict is already in.
    this.die(reason);
  }

  private deathError(): KernelDiedError {
    return this.unresponsive ? new KernelUnresponsiveError() : new KernelDiedError(this.deathReason!);
  }

  private hasUserWork(): boolean {
    for (const p of this.pending.values()) if (p.runsOnEvaluator) return true;
    return false;
  }

  private request<T extends KernelRequestType>(body: RequestBody<T>, onStream?: StreamListener): Promise<ReplyPayloads[T]> {
    if (this.deathReason !== undefined) return Promise.reject(this.deathError());
    const id = this.nextId++;
    let entry!: Pending;
    const reply = new Promise<ReplyPayloads[T]>((resolve, reject) => {
      entry = { resolve: resolve as (payload: unknown) => void, reject, runsOnEvaluator: !CONTROL_REQUESTS.has(body.type), settled: Promise.resolve() };
      if (onStream) entry.onStream = onStream;
    });
    entry.settled = reply.then(
      () => undefined,
      () => undefined,
    );
    this.pending.set(id, entry);
    this.process.send({ ...body, id });
    return reply;
  }

  private receive(raw: object): void {
    if (!isKernelMessage(raw)) return;
    const m = raw as KernelMessage;
    switch (m.type) {
      case "ready":
        this.isReady = true;
        this.markReady();
        return;
      case "dying":
        this.dyingReason = m.reason;
        return;
      case "stream":
        this.pending.get(m.id)?.onStream?.(m.name, m.text);
        return;
      case "reply": {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.payload);
        else p.reject(new LanguageError(m.error as ErrorReport));
      }
    }
  }

  private die(reason: string): void {
    if (this.deathReason !== undefined) return;
    this.deathReason = reason;
    for (const p of this.pending.values()) p.reject(this.deathError());
    this.pending.clear();
    for (const listener of this.deathListeners) listener(reason);
  }
}
