// A worker thread hosting an evaluator, as the kernel process does: tests start it with a big stack
// (resourceLimits.stackSizeMb) and share its interrupt flag.

import { parentPort, workerData } from "node:worker_threads";
import { LanguageError } from "../../language/language.js";
import { createSchemeEvaluator } from "../engine.js";
import { writeString } from "../printer.js";

export interface WorkerRequest {
  readonly code: string;
}
export type WorkerReply =
  | { readonly ok: true; readonly value: string; readonly output: string; readonly heapUsed: number }
  | { readonly ok: false; readonly ename: string; readonly evalue: string; readonly traceback: readonly string[] };

let output = "";
const flag = (workerData as { interruptFlag: Int32Array }).interruptFlag;
const evaluator = createSchemeEvaluator({ stdout: (t) => (output += t), interruptFlag: flag });

parentPort!.on("message", (request: WorkerRequest) => {
  output = "";
  let reply: WorkerReply;
  try {
    const v = evaluator.execute(request.code, { name: "worker" });
    reply = { ok: true, value: writeString(v), output, heapUsed: process.memoryUsage().heapUsed };
  } catch (e) {
    if (!(e instanceof LanguageError)) throw e;
    reply = { ok: false, ename: e.report.ename, evalue: e.report.evalue, traceback: e.report.traceback };
  }
  parentPort!.postMessage(reply);
});
