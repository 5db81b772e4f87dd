// The main thread of every kernel process (host kernel, local nodes, remote nodes alike), whatever channel it talks
// to the host over: a Node IPC channel, Electron's parentPort, or a ZeroMQ socket to a host on another machine.
//
// It is only a switchboard: it runs the language on a worker thread with a 512 MB stack, and answers interrupt,
// memory and shutdown itself, so they work while user code is busy. Interrupt sets a flag in shared memory that
// the evaluator polls. A program waiting for input (input-wait.ts) gets the host's answer through here, and an
// interrupt wakes that wait too.

import { MessageChannel, Worker } from "node:worker_threads";
import { evaluatorHeapLimits } from "./memory-budget.js";
import { wakeInputWait } from "./input-wait.js";
import { isKernelMessage, outOfMemory, type HostMessage, type KernelMessage } from "./protocol.js";
import type { EvaluatorWorkerData, WorkerMessage, WorkerRequest } from "./evaluator-worker.js";

/** How the host reaches this process, and how this process leaves it. */
export interface ParentChannel {
  send(message: KernelMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /**
   * End this process with `code`, once what was sent has had its chance to leave: over IPC a moment suffices, a
   * ZeroMQ socket also says goodbye to the host first.
   */
  leave(code: number): void;
}

/** What the switchboard needs to start the evaluator. */
export interface KernelRuntime {
  /** file: URL of the module exporting `language: KernelLanguage`. */
  readonly languageModule: string;
  readonly rank: number;
  readonly size: number;
  readonly heapLimitMb: number;
}

const STACK_SIZE_MB = 512;

export function runSwitchboard(runtime: KernelRuntime, channel: ParentChannel): void {
  const interruptBuffer = new SharedArrayBuffer(4);
  const interruptFlag = new Int32Array(interruptBuffer);
  const wakeBuffer = new SharedArrayBuffer(4);
  const inputWake = new Int32Array(wakeBuffer);
  const { port1: inputAnswers, port2: workerInputAnswers } = new MessageChannel();
  const workerData: EvaluatorWorkerData = {
    languageModule: runtime.languageModule,
    rank: runtime.rank,
    size: runtime.size,
    interruptBuffer,
    input: { wakeBuffer, answers: workerInputAnswers },
  };
  const worker = new Worker(new URL("./evaluator-worker.js", import.meta.url), {
    workerData,
    transferList: [workerInputAnswers],
    resourceLimits: { stackSizeMb: STACK_SIZE_MB, ...evaluatorHeapLimits(runtime.heapLimitMb) },
  });
  /** Requests handed to the worker and not yet answered (it runs them one at a time, in order). */
  const inWorker = new Set<number>();
  /** The request whose program waits for input now, if any: only an answer for it is passed on. */
  let awaitingInput: number | undefined;
  let exiting = false;

  const die = (reason: string, code: number): void => {
    if (exiting) return;
    exiting = true;
    channel.send({ id: 0, type: "dying", reason });
    channel.leave(code);
  };

  worker.on("message", (m: WorkerMessage) => {
    if (m.type === "failed") return die(m.reason, 3);
    if (m.type === "input_request") awaitingInput = m.id;
    if (m.type === "reply") {
      if (awaitingInput === m.id) awaitingInput = undefined;
      inWorker.delete(m.id);
      // An interrupt that came as the last request was finishing found nothing left to stop; it must not stop
      // the next one. (The main thread owns clearing; a worker clearing at a request's start would race with an
      // interrupt sent right after that request.)
      if (inWorker.size === 0) Atomics.store(interruptFlag, 0, 0);
    }
    channel.send(m);
  });
  worker.on("error", (err: Error & { code?: string }) => {
    die(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? outOfMemory(runtime.heapLimitMb) : `the evaluator crashed: ${err.message}`, 4);
  });
  worker.on("exit", (code) => die(`the evaluator exited with code ${code}`, 5));

  channel.onMessage((raw) => {
    if (!isKernelMessage(raw)) return;
    const request = raw as unknown as HostMessage;
    switch (request.type) {
      case "interrupt":
        if (inWorker.size > 0) {
          Atomics.store(interruptFlag, 0, 1);
          // A program waiting for input stops too; an answer still on its way finds nobody waiting.
          awaitingInput = undefined;
          wakeInputWait(inputWake);
        }
        channel.send({ id: request.id, type: "reply", ok: true, payload: {} });
        return;
      case "input_reply":
        if (request.id !== awaitingInput) return;
        awaitingInput = undefined;
        inputAnswers.postMessage(request.answer);
        wakeInputWait(inputWake);
        return;
      case "memory":
        channel.send({ id: request.id, type: "reply", ok: true, payload: { rssBytes: process.memoryUsage().rss } });
        return;
      case "shutdown":
        exiting = true;
        channel.send({ id: request.id, type: "reply", ok: true, payload: {} });
        void worker.terminate().finally(() => channel.leave(0));
        return;
      default:
        inWorker.add(request.id);
        worker.postMessage(request satisfies WorkerRequest);
    }
  });
}
