// The worker-thread side of a kernel process: it hosts the language's Evaluator on a thread created with a big
// stack (deep recursion then uses the JavaScript stack itself), runs one request at a time, and leaves the
// process's main thread free to receive interrupts, memory queries and shutdowns while user code runs.

import { parentPort, workerData } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { LanguageError, type ErrorReport, type Evaluator } from "../language/language.js";
import type { KernelLanguage } from "../language/language.js";
import { fullCollection, IDLE_COLLECTION_MS, IdleCollector } from "./idle-collection.js";
import { loadLanguage } from "../language/load-language.js";
import { InputWait, type InputChannel } from "./input-wait.js";
import type { KernelMessage, KernelRequest, ReplyPayloads } from "./protocol.js";

/** What the switchboard (switchboard.ts) hands the worker. */
export interface EvaluatorWorkerData {
  readonly languageModule: string;
  readonly rank: number;
  readonly size: number;
  /** Int32Array view index 0: 1 means "interrupt now". */
  readonly interruptBuffer: SharedArrayBuffer;
  /** How the host's answers to the program's input requests reach it (input-wait.ts). */
  readonly input: InputChannel;
}

/** Requests the worker handles; the main thread answers the rest itself. */
export type WorkerRequest = Extract<KernelRequest, { type: "execute" | "set_variable" | "get_variable" | "call" | "complete" | "is_complete" | "inspect" }>;

/** Worker → main thread: kernel messages, or a failure to start at all. */
export type WorkerMessage = KernelMessage | { id: 0; type: "failed"; reason: string };

/** Text written within this long of the last flush waits for the next one; the first write after a pause goes at once. */
const STREAM_FLUSH_MS = 10;
const STREAM_FLUSH_BYTES = 16 * 1024;

const port = parentPort!;
const data = workerData as EvaluatorWorkerData;
const post = (m: WorkerMessage): void => port.postMessage(m);

class StdoutBatcher {
  private buffer = "";
  /** The stream the buffered text was written to: a switch to the other flushes first, keeping the order. */
  private name: "stdout" | "stderr" = "stdout";
  private lastFlush = 0;
  /** The request running now: its output, and its input requests, carry its id. */
  requestId = 0;

  /**
   * Text now belongs to request `id`. Its first write goes out at once: the flush that ended the request before
   * must not hold it back, since nothing else flushes while code runs (a cell that prints, then loops, would show
   * nothing until it ended).
   */
  startRequest(id: number): void {
    this.requestId = id;
    this.lastFlush = -Infinity;
  }

  write(text: string, name: "stdout" | "stderr" = "stdout"): void {
    if (name !== this.name) {
      this.flush();
      this.name = name;
    }
    this.buffer += text;
    const now = performance.now();
    if (now - this.lastFlush >= STREAM_FLUSH_MS || this.buffer.length >= STREAM_FLUSH_BYTES) this.flush(now);
  }

  flush(now = performance.now()): void {
    this.lastFlush = now;
    if (this.buffer === "") return;
    post({ id: this.requestId, type: "stream", name: this.name, text: this.buffer });
    this.buffer = "";
  }
}

/**
 * A completion cursor inside the code. The host may pass anything a client sent; a language that walks back from
 * the cursor would otherwise walk from 1e9 down to the code, one character at a time (37 s).
 */
function cursorWithin(code: string, cursor: number): number {
  if (Number.isNaN(cursor)) return code.length;
  return Math.min(code.length, Math.max(0, Math.trunc(cursor)));
}

function reportOf(err: unknown): ErrorReport {
  if (err instanceof LanguageError) return err.report;
  // A failure the language did not turn into a report (a bug, or the stack overflowing outside user code).
  const e = err instanceof Error ? err : new Error(String(err));
  return { ename: e.name, evalue: e.message, traceback: [`${e.name}: ${e.message}`] };
}

function serve<V>(language: KernelLanguage<V>, evaluator: Evaluator<V>, stdout: StdoutBatcher): void {
  /** How the notebook shows a cell's value; a value that is shown also becomes `_`. */
  const shownAndBound = (value: V): string | null => {
    const text = language.notebookRepr(value);
    if (text !== null) evaluator.setVariable("_", value);
    return text;
  };

  const handle = (request: WorkerRequest): ReplyPayloads[WorkerRequest["type"]] => {
    switch (request.type) {
      case "execute": {
        const value = evaluator.execute(request.code, request.origin);
        switch (request.returns) {
          case "value":
            return { value: language.toWire(value) };
          case "shown":
            return { shown: shownAndBound(value) };
          case "nothing":
            return {};
        }
      }
      case "set_variable": {
        const value = language.fromWire(request.value);
        evaluator.setVariable(request.name, value);
        return { shown: request.show ? language.notebookRepr(value) : null };
      }
      case "get_variable":
        return { value: language.toWire(evaluator.getVariable(request.name)) };
      case "call": {
        const value = language.callProcedure(evaluator, request.procedure, request.args.map((a) => language.fromWire(a)));
        return { value: language.toWire(value), shown: language.notebookRepr(value) };
      }
      case "complete":
        return { completion: evaluator.complete(request.code, cursorWithin(request.code, request.cursor)) };
      case "is_complete":
        return { completeness: evaluator.isComplete(request.code) };
      case "inspect":
        return { inspection: evaluator.inspect(request.code, cursorWithin(request.code, request.cursor)) };
    }
  };

  const idle = new IdleCollector(IDLE_COLLECTION_MS, fullCollection());
  port.on("message", (request: WorkerRequest) => {
    stdout.startRequest(request.id);
    let reply: KernelMessage;
    try {
      reply = { id: request.id, type: "reply", ok: true, payload: handle(request) };
    } catch (err) {
      reply = { id: request.id, type: "reply", ok: false, error: reportOf(err) };
    }
    stdout.flush();
    post(reply);
    idle.activity();
  });
}

async function start(): Promise<void> {
  const interruptFlag = new Int32Array(data.interruptBuffer);
  const stdout = new StdoutBatcher();
  let language: KernelLanguage<unknown>;
  let evaluator: Evaluator<unknown>;
  try {
    const loaded = await loadLanguage(data.languageModule);
    language = loaded.module.language;
    const input = new InputWait(data.input, interruptFlag, ({ prompt, password }) => {
      // What the program wrote before it asked comes first (the prompt may refer to it).
      stdout.flush();
      post({ id: stdout.requestId, type: "input_request", prompt, password });
    });
    evaluator = language.createEvaluator({
      stdout: (text) => stdout.write(text),
      stderr: (text) => stdout.write(text, "stderr"),
      interruptFlag,
      readInput: (request) => input.read(request),
    });
    loaded.saveCodeCache();
    evaluator.setVariable("cluster_rank", language.fromWire(data.rank));
    evaluator.setVariable("cluster_size", language.fromWire(data.size));
  } catch (err) {
    post({ id: 0, type: "failed", reason: `cannot start the language from ${data.languageModule}: ${(err as Error).message}` });
    return;
  }
  serve(language, evaluator, stdout);
  post({ id: 0, type: "ready", pid: process.pid });
}

void start();
