// Input from the user while a cell runs, through real kernel processes: the Scheme's (read-line) on the host
// kernel asks the front end with an input-request event and gets the line answerInput sends, while the evaluation
// waits; an interrupt ends the wait keeping the definitions; a front end that cannot answer, and code on the nodes,
// get a clear "no input is available here" error instead.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import type { CellEvent, ExecuteReply } from "../../contract/api.js";
import { NodeSpawner } from "../cluster/node-spawner.js";
import { defaultSettings } from "../settings/settings.js";
import { Session, type ExecuteOptions } from "./session.js";

const session = new Session({ spawner: new NodeSpawner(), settings: () => ({ ...defaultSettings(), clusterSize: 2 }) });
after(() => session.shutdown());

type InputRequestEvent = Extract<CellEvent, { type: "input-request" }>;

interface Running {
  readonly cellId: string;
  /** Resolves with the cell's next input request. */
  nextInputRequest(): Promise<InputRequestEvent>;
  readonly done: Promise<{ reply: ExecuteReply; stdout: string; result: string | undefined; errors: Extract<CellEvent, { type: "error" }>[]; events: CellEvent[] }>;
}

let cells = 0;
function start(code: string, options?: ExecuteOptions): Running {
  const cellId = `input-${++cells}`;
  const events: CellEvent[] = [];
  const waiters: ((e: InputRequestEvent) => void)[] = [];
  const requests: InputRequestEvent[] = [];
  const off = session.onEvent((e) => {
    if (!("cellId" in e) || e.cellId !== cellId) return;
    events.push(e);
    if (e.type === "input-request") {
      const waiter = waiters.shift();
      if (waiter) waiter(e);
      else requests.push(e);
    }
  });
  const done = session.execute(cellId, code, options).then((reply) => {
    off();
    const result = events.find((e) => e.type === "result");
    return {
      reply,
      stdout: events.map((e) => (e.type === "stream" && e.name === "stdout" ? e.text : "")).join(""),
      result: result?.type === "result" ? result.data["text/plain"] : undefined,
      errors: events.filter((e): e is Extract<CellEvent, { type: "error" }> => e.type === "error"),
      events,
    };
  });
  return {
    cellId,
    nextInputRequest: () => {
      const ready = requests.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiters.push(resolve));
    },
    done,
  };
}

test("(read-line) in a host cell asks the front end and the cell goes on with the line it was given", async () => {
  const cell = start('(display (string-append "hello " (read-line)))');
  const request = await cell.nextInputRequest();
  assert.deepEqual(request, { type: "input-request", cellId: cell.cellId, prompt: "", password: false });
  await session.answerInput(cell.cellId, "Ada");
  const ran = await cell.done;
  assert.equal(ran.reply.status, "ok", JSON.stringify(ran.errors));
  assert.equal(ran.stdout, "hello Ada");
});

test("the prompt is the unfinished line written before the read; what came before it arrives first", async () => {
  const cell = start('(display "Two numbers.\\nFirst: ")\n(define a (read))\n(display "Second: ")\n(define b (read))\n(+ a b)');
  const first = await cell.nextInputRequest();
  assert.equal(first.prompt, "First: ");
  await session.answerInput(cell.cellId, "40");
  assert.equal((await cell.nextInputRequest()).prompt, "Second: ");
  await session.answerInput(cell.cellId, "2");
  const ran = await cell.done;
  assert.equal(ran.result, "42");
  assert.equal(ran.stdout, "Two numbers.\n", "the prompts are the front end's to show, not written twice");
  const order = ran.events.map((e) => e.type);
  assert.ok(order.indexOf("stream") < order.indexOf("input-request"), `the text before the prompt comes first: ${order.join(", ")}`);
});

test("an interrupt ends the wait with the usual Interrupted error, keeps the definitions, and the next read works", { timeout: 60_000 }, async () => {
  await start("(define kept 41)").done;
  const cell = start("(read-line)");
  await cell.nextInputRequest();
  await session.interrupt();
  const ran = await cell.done;
  assert.equal(ran.reply.status, "aborted");
  assert.deepEqual(ran.errors.map((e) => e.ename), ["Interrupted"]);
  await assert.rejects(session.answerInput(cell.cellId, "too late"), /not waiting for input/);
  const next = start("(list (+ kept 1) (read-line))");
  await next.nextInputRequest();
  await session.answerInput(next.cellId, "again");
  assert.equal((await next.done).result, '(42 "again")');
});

test("the end of the front end's input gives the eof object", async () => {
  const cell = start("(eof-object? (read-line))");
  await cell.nextInputRequest();
  await session.answerInput(cell.cellId, null);
  assert.equal((await cell.done).result, "#t");
});

test("an answer for a cell that is not waiting is refused, and leaves the waiting one waiting", async () => {
  const cell = start("(read-line)");
  await cell.nextInputRequest();
  await assert.rejects(session.answerInput("some-other-cell", "x"), /Cell some-other-cell is not waiting for input/);
  await session.answerInput(cell.cellId, "mine");
  assert.equal((await cell.done).result, '"mine"');
});

test("an execute whose front end cannot answer fails at the read, saying why, and asks nothing", async () => {
  const cell = start("(define before-read 1)\n(read-line)", { noInput: "the front end does not accept input (allow_stdin is false)" });
  const ran = await cell.done;
  assert.equal(ran.reply.status, "error");
  assert.ok(!ran.events.some((e) => e.type === "input-request"));
  assert.deepEqual(ran.errors.map((e) => [e.ename, e.evalue]), [
    ["NoInput", "no input is available here: the front end does not accept input (allow_stdin is false)"],
  ]);
  assert.match(ran.errors[0]!.traceback[0]!, /line 2, column 1/);
  assert.equal((await start("before-read").done).result, "1", "the kernel keeps its state");
});

test("code on the nodes reads no input: each node says so, and the notebook is asked nothing", { timeout: 60_000 }, async () => {
  assert.equal((await start("%parallel scheme -n 2").done).reply.status, "ok");
  const ran = await start("%%px\n(read-line)").done;
  assert.ok(!ran.events.some((e) => e.type === "input-request"));
  // The nodes answer in whatever order they finish.
  assert.deepEqual(ran.errors.map((e) => [e.node, e.ename]).sort(), [
    [0, "NoInput"],
    [1, "NoInput"],
  ]);
  assert.match(ran.errors[0]!.evalue, /^no input is available here: only a cell's own code on the host kernel reads input/);
});

test("a front end that declines the question after all fails the read with its reason", async () => {
  const cell = start("(read-line)");
  await cell.nextInputRequest();
  await session.declineInput(cell.cellId, "the front end's input_reply carried no text");
  const ran = await cell.done;
  assert.deepEqual(ran.errors.map((e) => [e.ename, e.evalue]), [["NoInput", "no input is available here: the front end's input_reply carried no text"]]);
  await assert.rejects(session.declineInput(cell.cellId, "again"), /not waiting for input/);
});
