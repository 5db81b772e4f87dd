// An execute's reply carries only what the host asked for: the value (px), the shown text with `_` bound (a
// cell), or nothing (effects only), through a real Scheme kernel process.

import { test, before, after } from "node:test";
import { LanguageError } from "../language/language.js";
import assert from "node:assert/strict";
import { KernelConnection, KernelUnresponsiveError } from "./kernel-connection.js";
import type { KernelProcess } from "./spawner.js";
import { HOST_RANK, KernelManager } from "./kernel-manager.js";
import { BUILTIN_KERNELS } from "../language/languages.js";
import { NodeSpawner } from "./node-spawner.js";
import { wireVector } from "../language/wire-value.js";

let kernel: KernelConnection;
before(async () => {
  kernel = await new KernelManager(new NodeSpawner()).startKernel(BUILTIN_KERNELS[0]!, HOST_RANK, 0);
});
after(() => kernel.shutdown());

const origin = { name: "test" };

test("evaluate gives the value itself and leaves _ alone", async () => {
  await kernel.run("(define _ 'untouched)", origin);
  assert.deepEqual(await kernel.evaluate("(vector 1 2 3)", origin), wireVector([1, 2, 3]));
  assert.deepEqual(await kernel.getVariable("_"), { value: { t: "sym", v: "untouched" } });
});

test("executeCell gives the notebook's text and binds a shown value to _", async () => {
  assert.equal(await kernel.executeCell("(vector 1 2 3)", origin), "#3(1 2 3)");
  assert.deepEqual(await kernel.getVariable("_"), { value: wireVector([1, 2, 3]) });
  assert.equal(await kernel.executeCell("(define x 1)", origin), null);
  assert.deepEqual(await kernel.getVariable("_"), { value: wireVector([1, 2, 3]) });
});

test("run keeps the effects and streams the output, and returns nothing", async () => {
  let printed = "";
  assert.equal(await kernel.run('(define y 42) (display "hi") y', origin, (_, text) => (printed += text)), undefined);
  assert.equal(printed, "hi");
  assert.equal(await kernel.evaluate("y", origin), 42);
});

test("completion with the cursor past the end of the code completes at the end, at once", async () => {
  await kernel.run("(define defined-for-completion 1)", origin);
  for (const cursor of [1e9, Number.MAX_SAFE_INTEGER, 5]) {
    const completion = await kernel.complete("(defi", cursor);
    assert.deepEqual([completion.start, completion.end], [1, 5], `cursor ${cursor}`);
    assert.ok(completion.matches.includes("defined-for-completion"));
  }
  const before = await kernel.complete("(defi", -3);
  assert.deepEqual([before.start, before.end], [0, 0], "a cursor before the start is the start");
});

test("what a request prints right after the one before ended arrives while it still runs", { timeout: 30_000 }, async () => {
  await kernel.run("(define quick 1)", origin);
  let printed!: () => void;
  const arrived = new Promise<void>((resolve) => (printed = resolve));
  const looping = kernel.run('(display "started") (newline) (let loop () (loop))', origin, (_, text) => text === "started\n" && printed());
  await arrived;
  await kernel.interrupt();
  await assert.rejects(looping, (err: unknown) => err instanceof LanguageError && err.report.ename === "Interrupted");
});

test("a kernel that does not answer is asked for its memory once, however often the panel polls", async () => {
  const sent: { type: string }[] = [];
  let receive!: (message: object) => void;
  const silent: KernelProcess = {
    pid: undefined,
    send: (message) => void sent.push(message as { type: string }),
    onMessage: (listener) => void (receive = listener),
    onExit: () => undefined,
    kill: () => undefined,
  };
  const connection = new KernelConnection(silent);
  const asked = [connection.memoryBytes(), connection.memoryBytes(), connection.memoryBytes()];
  assert.deepEqual(sent.map((m) => m.type), ["memory"], "one question while none is answered");
  receive({ id: 1, type: "reply", ok: true, payload: { rssBytes: 42 } });
  assert.deepEqual(await Promise.all(asked), [42, 42, 42]);
  void connection.memoryBytes().catch(() => undefined);
  assert.deepEqual(sent.map((m) => m.type), ["memory", "memory"], "asked again once answered");
});

/** A kernel process that answers only what the test tells it to, and records what it was sent and whether it was killed. */
function scriptedKernel(): { process: KernelProcess; sent: { id: number; type: string }[]; reply(id: number, payload?: object): void; killed(): boolean } {
  const sent: { id: number; type: string }[] = [];
  let receive!: (message: object) => void;
  let exit!: (e: { code: number | null; signal: string | null }) => void;
  let killed = false;
  const process: KernelProcess = {
    pid: undefined,
    send: (message) => void sent.push(message as { id: number; type: string }),
    onMessage: (listener) => void (receive = listener),
    onExit: (listener) => void (exit = listener),
    kill: () => {
      killed = true;
      exit({ code: null, signal: "SIGKILL" });
    },
  };
  return { process, sent, reply: (id, payload = {}) => receive({ id, type: "reply", ok: true, payload }), killed: () => killed };
}

const quickBounds = { answerMs: 100, stopMs: 2_000 };
test("a kernel that answers an interrupt gets longer to stop: native work between polls is not a hang", async () => {
  const k = scriptedKernel();
  const connection = new KernelConnection(k.process, quickBounds);
  const running = connection.run("(compile-a-huge-form)", origin);
  const interrupted = connection.interrupt();
  const interrupt = k.sent.find((m) => m.type === "interrupt")!;
  k.reply(interrupt.id);
  // Still running past the answer bound, as V8 compiling a huge form would be.
  await new Promise((r) => setTimeout(r, 3 * quickBounds.answerMs));
  assert.equal(k.killed(), false, "not killed while it stops");
  k.reply(k.sent.find((m) => m.type === "execute")!.id);
  await interrupted;
  await running;
  assert.equal(k.killed(), false);
  assert.equal(connection.state === "dead", false);
});

test("a kernel that does not answer an interrupt, or answers and does not stop, is killed and says which", async () => {
  const silent = scriptedKernel();
  const hung = new KernelConnection(silent.process, quickBounds);
  const lost = hung.run("(loop)", origin);
  await hung.interrupt();
  assert.equal(silent.killed(), true);
  await assert.rejects(lost, (err: unknown) => err instanceof KernelUnresponsiveError && err.failure === "did not answer an interrupt within 0.1 s");

  const busy = scriptedKernel();
  const stuck = new KernelConnection(busy.process, { answerMs: 100, stopMs: 200 });
  const running = stuck.run("(native-forever)", origin);
  const interrupted = stuck.interrupt();
  busy.reply(busy.sent.find((m) => m.type === "interrupt")!.id);
  await interrupted;
  assert.equal(busy.killed(), true);
  await assert.rejects(running, (err: unknown) => err instanceof KernelUnresponsiveError && err.failure === "did not stop within 0.2 s of an interrupt");
});
