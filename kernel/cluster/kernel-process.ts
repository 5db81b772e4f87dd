// The entry every kernel process runs (host kernel and cluster nodes alike).
//
// The main thread is only a switchboard: it talks to the host over whichever channel the process was started
// with, runs the language on a worker thread with a 512 MB stack, and answers interrupt, memory and shutdown
// itself, so they work while user code is busy. Interrupt sets a flag in shared memory that the evaluator polls.

import { Worker } from "node:worker_threads";
import { watchHost } from "./host-watch.js";
import { evaluatorHeapLimits } from "./memory-budget.js";
import { isKernelMessage, outOfMemory, parseLaunchArgs, type KernelMessage, type KernelRequest } from "./protocol.js";
import type { EvaluatorWorkerData, WorkerMessage, WorkerRequest } from "./evaluator-worker.js";

/** How the host reaches this process: Electron's utilityProcess gives process.parentPort; child_process.fork
 * gives process.send. */
interface ParentChannel {
  send(message: KernelMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: "message", listener: (event: { data: unknown }) => void): void;
}

function parentChannel(): ParentChannel {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return { send: (m) => electronPort.postMessage(m), onMessage: (l) => electronPort.on("message", (e) => l(e.data)) };
  }
  if (process.send) {
    // The host went away: nobody can use this kernel any more. A reply sent just as it went fails with EPIPE
    // before "disconnect" arrives; that is the same news, not a crash to print on the user's terminal.
    const hostGone = (): never => process.exit(0);
    process.on("disconnect", hostGone);
    // A host that went while this process was still loading has already disconnected, and told nobody.
    if (!process.connected) hostGone();
    const sent = (err: Error | null): void => {
      if (err) hostGone();
    };
    return { send: (m) => process.connected && process.send!(m, undefined, undefined, sent), onMessage: (l) => process.on("message", l) };
  }
  throw new Error("kernel process: started without a channel to its host; start it through a Spawner");
}

const STACK_SIZE_MB = 512;

function main(): void {
  const launch = parseLaunchArgs(process.argv.slice(2));
  watchHost(launch.hostPid, () => process.exit(0));
  const channel = parentChannel();
  const interruptBuffer = new SharedArrayBuffer(4);
  const interruptFlag = new Int32Array(interruptBuffer);
  const workerData: EvaluatorWorkerData = { ...launch, interruptBuffer };
  const worker = new Worker(new URL("./evaluator-worker.js", import.meta.url), {
    workerData,
    resourceLimits: { stackSizeMb: STACK_SIZE_MB, ...evaluatorHeapLimits(launch.heapLimitMb) },
  });
  /** Requests handed to the worker and not yet answered (it runs them one at a time, in order). */
  const inWorker = new Set<number>();
  let exiting = false;

  const die = (reason: string, code: number): void => {
    if (exiting) return;
    exiting = true;
    channel.send({ id: 0, type: "dying", reason });
    // Let the message leave before the process does.
    setTimeout(() => process.exit(code), 50);
  };

  worker.on("message", (m: WorkerMessage) => {
    if (m.type === "failed") return die(m.reason, 3);
    if (m.type === "reply") {
      inWorker.delete(m.id);
      // An interrupt that came as the last request was finishing found nothing left to stop; it must not stop
      // the next one. (The main thread owns clearing; a worker clearing at a request's start would race with an
      // interrupt sent right after that request.)
      if (inWorker.size === 0) Atomics.store(interruptFlag, 0, 0);
    }
    channel.send(m);
  });
  worker.on("error", (err: Error & { code?: string }) => {
    die(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? outOfMemory(launch.heapLimitMb) : `the evaluator crashed: ${err.message}`, 4);
  });
  worker.on("exit", (code) => die(`the evaluator exited with code ${code}`, 5));

  channel.onMessage((raw) => {
    if (!isKernelMessage(raw)) return;
    const request = raw as unknown as KernelRequest;
    switch (request.type) {
      case "interrupt":
        if (inWorker.size > 0) Atomics.store(interruptFlag, 0, 1);
        channel.send({ id: request.id, type: "reply", ok: true, payload: {} });
        return;
      case "memory":
        channel.send({ id: request.id, type: "reply", ok: true, payload: { rssBytes: process.memoryUsage().rss } });
        return;
      case "shutdown":
        exiting = true;
        channel.send({ id: request.id, type: "reply", ok: true, payload: {} });
        void worker.terminate().finally(() => setTimeout(() => process.exit(0), 20));
        return;
      default:
        inWorker.add(request.id);
        worker.postMessage(request satisfies WorkerRequest);
    }
  });
}

main();
