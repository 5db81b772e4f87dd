// One kernel process seen from the host: typed requests with promised replies, stream text routed to the
// request that produced it, and a single, explained death.

import { LanguageError, type Completeness, type Completion, type ErrorReport, type InputAnswer, type InputRequest, type Inspection, type SourceOrigin } from "../language/language.js";
import { isKernelMessage, type InputReply, type KernelMessage, type KernelRequest, type KernelRequestType, type ReplyPayloads } from "./protocol.js";
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

/**
 * How long a kernel process has to answer an interrupt. Its main thread answers at once whatever the evaluator is
 * doing, so one that does not is stopped or hung as a process.
 */
export const INTERRUPT_ANSWER_MS = 2_000;

/**
 * How long a kernel that answered has to end what it was running. The evaluator stops at its next poll of the
 * interrupt flag, but native work between polls (V8 compiling a form of hundreds of kilobytes, one product of
 * huge bignums) can take seconds on a loaded machine; killing it sooner would lose its definitions for nothing.
 */
export const INTERRUPT_STOP_MS = 10_000;

/** How an interrupted kernel failed to comply. */
export type Unresponsiveness = "did not answer" | "did not stop";

export interface InterruptBounds {
  readonly answerMs: number;
  readonly stopMs: number;
}

const INTERRUPT_BOUNDS: InterruptBounds = { answerMs: INTERRUPT_ANSWER_MS, stopMs: INTERRUPT_STOP_MS };

/**
 * The kernel did not answer an interrupt within its bound (stopped, hung, swapping), or answered but did not end
 * what it ran within the longer one, so it was killed: what it was running is lost, and so is its state.
 */
export class KernelUnresponsiveError extends KernelDiedError {
  override readonly name = "KernelUnresponsiveError";
  constructor(
    /** What it failed to do, in words: "did not answer an interrupt within 2 s". */
    readonly failure: string,
  ) {
    super(`unresponsive (${failure})`);
  }
}

function describeUnresponsiveness(how: Unresponsiveness, bounds: InterruptBounds): string {
  return how === "did not answer"
    ? `did not answer an interrupt within ${bounds.answerMs / 1000} s`
    : `did not stop within ${bounds.stopMs / 1000} s of an interrupt`;
}

export type StreamListener = (name: "stdout" | "stderr", text: string) => void;

/**
 * Answers the program's request for a line from the person at the front end. Resolves to undefined when the
 * question was withdrawn (the cell was interrupted: the kernel stops waiting by itself, and gets no answer).
 */
export type InputListener = (request: InputRequest) => Promise<InputAnswer | undefined>;

/**
 * The answer to a request that was given no InputListener: code a magic sends to a kernel, and all code on the
 * nodes, runs without a console. Forwarding a node's question to the notebook would ask one person the same thing
 * once per node, at the same time, in one cell; the host reads the input and hands it on instead.
 */
export const NO_CONSOLE: InputAnswer = {
  kind: "unavailable",
  reason:
    "only a cell's own code on the host kernel reads input, and this code runs without a console " +
    "(code on the nodes, or run by a magic); read the input in a host cell and hand it on (%pmap, or a variable)",
};

type WithoutId<R> = R extends KernelRequest ? Omit<R, "id"> : never;
/** A request of type T as the caller writes it; the connection adds the id. */
type RequestBody<T extends KernelRequestType> = WithoutId<Extract<KernelRequest, { type: T }>>;

interface Pending {
  resolve(payload: unknown): void;
  reject(err: Error): void;
  onStream?: StreamListener;
  onInput?: InputListener;
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
  /** Set when this kernel was killed for not complying with an interrupt: its requests fail with KernelUnresponsiveError. */
  private unresponsive: string | undefined;
  private readonly deathListeners: ((reason: string) => void)[] = [];
  private readonly exitedPromise: Promise<void>;
  /** Resolves when the kernel says it is ready; rejects with KernelDiedError if it dies first. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private isReady = false;

  constructor(
    private readonly process: KernelProcess,
    private readonly interruptBounds: InterruptBounds = INTERRUPT_BOUNDS,
    /** How long it may take to become ready (a node waiting in a Slurm queue takes longer than a local one). */
    startTimeoutMs: number = READY_TIMEOUT_MS,
  ) {
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
        this.dyingReason = `it did not start within ${startTimeoutMs / 1000} s`;
        process.kill("SIGKILL");
      }
    }, startTimeoutMs);
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

  /** The machine the kernel runs on, when it is not this one. */
  get host(): string | undefined {
    return this.process.host;
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

  /**
   * Run a notebook cell: the text it shows (null: nothing); a shown value is bound to `_` in the kernel too.
   * `onInput` answers the program's requests for input (without it: NO_CONSOLE).
   */
  async executeCell(code: string, origin: SourceOrigin, onStream?: StreamListener, onInput?: InputListener): Promise<string | null> {
    return ((await this.request<"execute">({ type: "execute", code, origin, returns: "shown" }, onStream, onInput)) as { shown: string | null }).shown;
  }

  /** Run code for its effects only; `onInput` as for executeCell. */
  async run(code: string, origin: SourceOrigin, onStream?: StreamListener, onInput?: InputListener): Promise<void> {
    await this.request<"execute">({ type: "execute", code, origin, returns: "nothing" }, onStream, onInput);
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

  async isComplete(code: string): Promise<Completeness> {
    return (await this.request<"is_complete">({ type: "is_complete", code })).completeness;
  }

  async inspect(code: string, cursor: number): Promise<Inspection | null> {
    return (await this.request<"inspect">({ type: "inspect", code, cursor })).inspection;
  }

  /**
   * Stop what the kernel runs; its definitions are kept. The kernel is not trusted to comply: one that has not
   * answered within INTERRUPT_ANSWER_MS, or has answered but not ended what it was running within
   * INTERRUPT_STOP_MS, is killed (SIGKILL, which also ends a stopped process), and what it was running fails with
   * KernelUnresponsiveError. Resolves either way.
   */
  async interrupt(): Promise<void> {
    if (this.deathReason !== undefined) return;
    const running = [...this.pending.values()].filter((p) => p.runsOnEvaluator).map((p) => p.settled);
    const answered = this.request<"interrupt">({ type: "interrupt" }).then(
      () => true as const,
      () => true as const,
    );
    if (!(await within(answered, this.interruptBounds.answerMs))) return this.killUnresponsive("did not answer");
    if (!(await within(Promise.all(running).then(() => true as const), this.interruptBounds.stopMs))) this.killUnresponsive("did not stop");
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

  /** End the process at once (tests, kernels that ignore shutdown, a start given up); `reason` says why it died. */
  kill(signal: "SIGTERM" | "SIGKILL" = "SIGKILL", reason?: string): void {
    if (reason !== undefined && this.deathReason === undefined) this.dyingReason ??= reason;
    this.process.kill(signal);
  }

  private killUnresponsive(how: Unresponsiveness): void {
    if (this.deathReason !== undefined) return;
    this.unresponsive = describeUnresponsiveness(how, this.interruptBounds);
    const reason = new KernelUnresponsiveError(this.unresponsive).reason;
    this.dyingReason = reason;
    this.process.kill("SIGKILL");
    // Waiting for the exit to be reported would trust the process table to be quick; the verdict is already in.
    this.die(reason);
  }

  private deathError(): KernelDiedError {
    return this.unresponsive !== undefined ? new KernelUnresponsiveError(this.unresponsive) : new KernelDiedError(this.deathReason!);
  }

  private hasUserWork(): boolean {
    for (const p of this.pending.values()) if (p.runsOnEvaluator) return true;
    return false;
  }

  private request<T extends KernelRequestType>(body: RequestBody<T>, onStream?: StreamListener, onInput?: InputListener): Promise<ReplyPayloads[T]> {
    if (this.deathReason !== undefined) return Promise.reject(this.deathError());
    const id = this.nextId++;
    let entry!: Pending;
    const reply = new Promise<ReplyPayloads[T]>((resolve, reject) => {
      entry = { resolve: resolve as (payload: unknown) => void, reject, runsOnEvaluator: !CONTROL_REQUESTS.has(body.type), settled: Promise.resolve() };
      if (onStream) entry.onStream = onStream;
      if (onInput) entry.onInput = onInput;
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
      case "input_request":
        this.answerInput(m.id, { prompt: typeof m.prompt === "string" ? m.prompt : "", password: m.password === true });
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

  /** Asks the request's InputListener, and sends its answer while the request still runs. */
  private answerInput(id: number, request: InputRequest): void {
    const asker = this.pending.get(id);
    if (!asker) return;
    const answering = asker.onInput ? asker.onInput(request) : Promise.resolve(NO_CONSOLE);
    const send = (answer: InputAnswer | undefined): void => {
      if (answer === undefined || this.pending.get(id) !== asker || this.deathReason !== undefined) return;
      this.process.send({ id, type: "input_reply", answer } satisfies InputReply);
    };
    answering.then(send, (err: Error) => send({ kind: "unavailable", reason: err.message }));
  }

  private die(reason: string): void {
    if (this.deathReason !== undefined) return;
    this.deathReason = reason;
    for (const p of this.pending.values()) p.reject(this.deathError());
    this.pending.clear();
    for (const listener of this.deathListeners) listener(reason);
  }
}

/** Whether `settles` resolved true within `ms` (false when the time ran out first). */
async function within(settles: Promise<true>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([settles, late]);
  } finally {
    clearTimeout(timer);
  }
}
