// Start an evaluator on a worker thread with the kernel's big stack, and talk to it.

import { Worker } from "node:worker_threads";
import type { WorkerReply } from "./evaluator-worker.js";

export interface BigStackEvaluator {
  run(code: string): Promise<WorkerReply>;
  /** Set the interrupt flag, as the kernel's main thread does. */
  interrupt(): void;
  close(): Promise<void>;
}

export function startBigStackEvaluator(stackSizeMb = 512): BigStackEvaluator {
  const interruptFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL("./evaluator-worker.js", import.meta.url), {
    workerData: { interruptFlag },
    resourceLimits: { stackSizeMb },
  });
  return {
    run: (code) =>
      new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.postMessage({ code });
      }),
    interrupt: () => Atomics.store(interruptFlag, 0, 1),
    close: async () => {
      await worker.terminate();
    },
  };
}
