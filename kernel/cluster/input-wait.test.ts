// InputWait, the evaluator's side of a wait for input, on one thread: the "main thread" is played by the ask
// callback (it posts the answer and wakes the wait, or raises the interrupt flag, as the switchboard does).

import { test } from "node:test";
import assert from "node:assert/strict";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { InputWait, wakeInputWait } from "./input-wait.js";
import type { InputRequest } from "../language/language.js";

function setUp(onAsk: (answers: MessagePort, wake: Int32Array, interruptFlag: Int32Array) => void) {
  const { port1, port2 } = new MessageChannel();
  const wakeBuffer = new SharedArrayBuffer(4);
  const wake = new Int32Array(wakeBuffer);
  const interruptFlag = new Int32Array(new SharedArrayBuffer(4));
  const asked: InputRequest[] = [];
  const wait = new InputWait({ wakeBuffer, answers: port2 }, interruptFlag, (request) => {
    asked.push(request);
    onAsk(port1, wake, interruptFlag);
  });
  const close = (): void => {
    port1.close();
    port2.close();
  };
  return { wait, asked, interruptFlag, port1, close };
}

const request = { prompt: "Name: ", password: false };

test("the answer posted and woken for is the outcome of the read", () => {
  const s = setUp((answers, wake) => {
    answers.postMessage({ kind: "line", line: "Ada" });
    wakeInputWait(wake);
  });
  assert.deepEqual(s.wait.read(request), { kind: "line", line: "Ada" });
  assert.deepEqual(s.asked, [request]);
  s.close();
});

test("an answer left over from an earlier wait does not answer this one", () => {
  const s = setUp((answers, wake) => {
    answers.postMessage({ kind: "end" });
    wakeInputWait(wake);
  });
  s.port1.postMessage({ kind: "line", line: "stale" });
  assert.deepEqual(s.wait.read(request), { kind: "end" });
  s.close();
});

test("an interrupt ends the wait, leaving the flag for the evaluator; one already raised asks nothing", () => {
  const s = setUp((_answers, wake, interruptFlag) => {
    Atomics.store(interruptFlag, 0, 1);
    wakeInputWait(wake);
  });
  assert.deepEqual(s.wait.read(request), { kind: "interrupted" });
  assert.equal(Atomics.load(s.interruptFlag, 0), 1);
  assert.deepEqual(s.wait.read(request), { kind: "interrupted" });
  assert.equal(s.asked.length, 1, "the second read did not ask");
  s.close();
});

test("an answer the evaluator cannot understand becomes 'unavailable', saying so", () => {
  const s = setUp((answers, wake) => {
    answers.postMessage({ kind: "line", line: 42 });
    wakeInputWait(wake);
  });
  const outcome = s.wait.read(request);
  assert.equal(outcome.kind, "unavailable");
  assert.match(outcome.kind === "unavailable" ? outcome.reason : "", /the host's answer was not understood \(\{"kind":"line","line":42\}\)/);
  s.close();
});
