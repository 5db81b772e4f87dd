// A kernel process waiting for a line from the person at the front end, as Python's input() does: the evaluator's
// thread blocks until the host answers or the user interrupts, whichever comes first.
//
// The evaluator runs synchronously on its worker thread, so it cannot wait for a message the usual way. It blocks
// in Atomics.wait on a counter shared with the process's main thread (the switchboard), which bumps it after
// posting the host's answer on a MessagePort, and after raising the interrupt flag: either wakes the wait. The
// answer is then taken from the port synchronously (receiveMessageOnPort). A counter, not a flag, so a wake that
// lands between the worker's look at the port and its wait is never lost.

import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { InputAnswer, InputOutcome, InputRequest } from "../language/language.js";

/** What the switchboard hands the worker for input (inside EvaluatorWorkerData). */
export interface InputChannel {
  /** Int32Array index 0: bumped by the main thread to wake a waiting worker. */
  readonly wakeBuffer: SharedArrayBuffer;
  /** Where the main thread posts the host's answers (InputAnswer); the worker only ever reads it synchronously. */
  readonly answers: MessagePort;
}

/** The main thread's side: wake the worker (after posting an answer, or after raising the interrupt flag). */
export function wakeInputWait(wake: Int32Array): void {
  Atomics.add(wake, 0, 1);
  Atomics.notify(wake, 0);
}

export class InputWait {
  private readonly wake: Int32Array;

  constructor(
    private readonly channel: InputChannel,
    private readonly interruptFlag: Int32Array,
    /** Sends the request to the host, after everything the program wrote before it. */
    private readonly ask: (request: InputRequest) => void,
  ) {
    this.wake = new Int32Array(channel.wakeBuffer);
  }

  /** Blocks until the answer, or an interrupt (then the flag stays set, for the evaluator to stop as at a poll). */
  read(request: InputRequest): InputOutcome {
    if (this.interrupted()) return { kind: "interrupted" };
    // An answer left from a wait an interrupt ended must not answer this one.
    while (receiveMessageOnPort(this.channel.answers) !== undefined);
    this.ask(request);
    for (;;) {
      const seen = Atomics.load(this.wake, 0);
      if (this.interrupted()) return { kind: "interrupted" };
      const received = receiveMessageOnPort(this.channel.answers);
      if (received !== undefined) return checkedAnswer(received.message);
      Atomics.wait(this.wake, 0, seen);
    }
  }

  private interrupted(): boolean {
    return Atomics.load(this.interruptFlag, 0) !== 0;
  }
}

/** The host's answer as the evaluator may trust it; anything else says it was not understood. */
function checkedAnswer(message: unknown): InputAnswer {
  const m = message as Partial<Record<string, unknown>> | null;
  if (m?.kind === "line" && typeof m.line === "string") return { kind: "line", line: m.line };
  if (m?.kind === "end") return { kind: "end" };
  if (m?.kind === "unavailable" && typeof m.reason === "string") return { kind: "unavailable", reason: m.reason };
  return { kind: "unavailable", reason: `the host's answer was not understood (${JSON.stringify(message)?.slice(0, 80)})` };
}
