import { test } from "node:test";
import assert from "node:assert/strict";
import type { CellEvent, ParabookEvent } from "../api.js";
import { cellOutputs } from "../outputs.js";
import type { Output } from "../notebook.js";
import {
  CellEventEncoder,
  decodeCellEvent,
  decodeCommFromKernel,
  decodeCommToKernel,
  decodeInputRequest,
  isSessionEvent,
  JupyterCodecError,
  PARABOOK_METADATA,
  type IopubCellEvent,
  type IopubMessage,
} from "./codec.js";

const cellId = "msg-1";

/** Encode, cross JSON as the wire does, decode: every event must come back exactly. */
function roundTrip(events: readonly CellEvent[]): { messages: IopubMessage[]; decoded: (CellEvent | undefined)[] } {
  const encoder = new CellEventEncoder(cellId);
  const onIopub = (e: CellEvent): IopubCellEvent => (e.type === "input-request" ? assert.fail("a question goes on stdin, not iopub") : e);
  const messages = events.map((e) => JSON.parse(JSON.stringify(encoder.encode(onIopub(e)))) as IopubMessage);
  const decoded = messages.map((m) => decodeCellEvent(m.msgType, m.content, m.metadata, cellId));
  return { messages, decoded };
}

/** What a Jupyter front end shows: consecutive stream messages of one name merged; displays updated in place. */
function frontEndOutputs(messages: readonly IopubMessage[]): Output[] {
  const outputs: Output[] = [];
  const displays = new Map<string, number>();
  for (const m of messages) {
    const last = outputs.at(-1);
    switch (m.msgType) {
      case "stream":
        if (last?.output_type === "stream" && last.name === m.content.name) last.text += m.content.text;
        else outputs.push({ output_type: "stream", name: m.content.name, text: m.content.text });
        break;
      case "execute_result":
        outputs.push({ output_type: "execute_result", execution_count: m.content.execution_count, data: m.content.data, metadata: {} });
        break;
      case "display_data":
        if (m.content.transient.display_id) displays.set(m.content.transient.display_id, outputs.length);
        outputs.push({ output_type: "display_data", data: m.content.data, metadata: {} });
        break;
      case "update_display_data":
        outputs[displays.get(m.content.transient.display_id)!] = { output_type: "display_data", data: m.content.data, metadata: {} };
        break;
      case "error":
        outputs.push({ output_type: "error", ename: m.content.ename, evalue: m.content.evalue, traceback: [...m.content.traceback] });
        break;
    }
  }
  return outputs;
}

const s = (text: string, node?: number, name: "stdout" | "stderr" = "stdout"): CellEvent => ({
  type: "stream",
  cellId,
  name,
  text,
  ...(node !== undefined ? { node } : {}),
});

test("node and host text interleaved mid-line comes back exactly, and looks as the app folds it", () => {
  const events: CellEvent[] = [
    s("host says "),
    s("part", 0),
    s(" of a line\nand more\n", 0),
    s("hello from 1\n\nwith a blank line\n", 1),
    s("half", 2),
    s("host again\n"),
    s("[node 2] looks like a prefix\n[node 2] twice\n", 2),
    s("oops\n", 1, "stderr"),
    s("back on stdout", 3),
  ];
  const { messages, decoded } = roundTrip(events);
  assert.deepEqual(decoded, events);
  // A front end merging the streams shows what the app shows.
  assert.deepEqual(frontEndOutputs(messages), cellOutputs(events));
  const text = (frontEndOutputs(messages)[0] as { text: string }).text;
  assert.equal(
    text,
    "host says \n[node 0] part of a line\n[node 0] and more\n[node 1] hello from 1\n[node 1] \n[node 1] with a blank line\n" +
      "[node 2] half\nhost again\n[node 2] [node 2] looks like a prefix\n[node 2] [node 2] twice\n",
  );
  // Standard content, Parabook's extras in the metadata only.
  assert.deepEqual(messages[1]!.metadata, { [PARABOOK_METADATA]: { node: 0, lineClosed: true } });
  assert.deepEqual(messages[2]!.metadata, { [PARABOOK_METADATA]: { node: 0, continued: true } });
  assert.deepEqual(messages[0]!.metadata, {});
});

test("results, displays, node errors and %%time become standard messages and come back exactly", () => {
  const events: CellEvent[] = [
    s("computing", 0),
    { type: "timing", cellId, seconds: 0.123456789 },
    { type: "error", cellId, ename: "SchemeError", evalue: "car: not a pair", traceback: ["Traceback:", "  at In [3] on node 1, line 2"], node: 1 },
    { type: "error", cellId, ename: "Interrupted", evalue: "interrupted by the user", traceback: ["Interrupted by the user"] },
    { type: "display", cellId, data: { "text/html": "<b>x</b>", "text/plain": "x" } },
    s("after the display\n"),
    { type: "result", cellId, executionCount: 7, data: { "text/plain": "#3(1 2 3)" } },
  ];
  const { messages, decoded } = roundTrip(events);
  assert.deepEqual(decoded, events);
  assert.deepEqual(frontEndOutputs(messages), cellOutputs(events));
  assert.equal(messages[1]!.msgType, "stream");
  assert.deepEqual(messages[1]!.content, { name: "stdout", text: "\nTime: 0.123456789 seconds.\n" });
  assert.deepEqual(messages[2]!.content, {
    ename: "SchemeError",
    evalue: "[node 1] car: not a pair",
    traceback: ["[node 1] Traceback:", "[node 1]   at In [3] on node 1, line 2"],
  });
  assert.deepEqual(messages[6]!.content, { execution_count: 7, data: { "text/plain": "#3(1 2 3)" }, metadata: {} });
});

test("px progress is one display updated in place; a second px command gets a display of its own", () => {
  const p = (done: number, total: number, failed = 0): CellEvent => ({ type: "px-progress", cellId, done, total, failed });
  const events = [p(0, 2), s("hi\n", 0), p(1, 2), p(2, 2, 1), p(0, 3), p(3, 3)];
  const { messages, decoded } = roundTrip(events);
  assert.deepEqual(decoded, events);
  assert.deepEqual(
    messages.map((m) => m.msgType),
    ["display_data", "stream", "update_display_data", "update_display_data", "display_data", "update_display_data"],
  );
  const first = messages[0] as Extract<IopubMessage, { msgType: "display_data" }>;
  const update = messages[3] as Extract<IopubMessage, { msgType: "update_display_data" }>;
  const second = messages[4] as Extract<IopubMessage, { msgType: "display_data" }>;
  assert.equal(update.content.transient.display_id, first.content.transient.display_id);
  assert.notEqual(second.content.transient.display_id, first.content.transient.display_id);
  assert.ok(first.content.transient.display_id!.startsWith(cellId));
  // A saved notebook keeps the display's metadata: progress stays recognisable there.
  assert.deepEqual(update.content.metadata, { [PARABOOK_METADATA]: { pxProgress: { done: 2, total: 2, failed: 1 } } });
  assert.deepEqual(
    frontEndOutputs(messages).map((o) => (o.output_type === "display_data" ? o.data["text/plain"] : o.output_type)),
    ["2 of 2 done, 1 failed", "stream", "3 of 3 done"],
  );
});

test("text left out of a flood stands as the note line, for the host and for a node, and comes back exactly", () => {
  const events: CellEvent[] = [
    s("line 1\nline 2", 4),
    { ...s("line 99999\n", 4), omitted: { lines: 99_996, bytes: 1_234_567 } } as CellEvent,
    { ...s("", undefined), omitted: { lines: 3, bytes: 30 } } as CellEvent,
    s("tail\n"),
  ];
  const { messages, decoded } = roundTrip(events);
  assert.deepEqual(decoded, events);
  assert.equal(
    (messages[1]!.content as { text: string }).text,
    "\n[node 4] … 99,996 lines (1.2 MB) left out …\n[node 4] line 99999\n",
  );
  assert.equal((messages[2]!.content as { text: string }).text, "… 3 lines (30 B) left out …\n");
});

test("messages that are not cell events decode to nothing; another kernel's plain messages decode as the host's", () => {
  assert.equal(decodeCellEvent("status", { execution_state: "busy" }, {}, cellId), undefined);
  assert.equal(decodeCellEvent("execute_input", { code: "1", execution_count: 1 }, {}, cellId), undefined);
  assert.equal(decodeCellEvent("update_display_data", { data: {}, metadata: {}, transient: { display_id: "x" } }, {}, cellId), undefined);
  assert.deepEqual(decodeCellEvent("stream", { name: "stderr", text: "warning\n" }, {}, cellId), s("warning\n", undefined, "stderr"));
  // Non-text mime entries (JSON) are not CellEvent data and are left out.
  assert.deepEqual(decodeCellEvent("display_data", { data: { "text/plain": "p", "application/json": { a: 1 } }, metadata: {}, transient: {} }, {}, cellId), {
    type: "display",
    cellId,
    data: { "text/plain": "p" },
  });
});

test("a message that claims Parabook's metadata but breaks its rules is refused, saying what is wrong", () => {
  assert.throws(
    () => decodeCellEvent("stream", { name: "stdout", text: "no prefix\n" }, { parabook: { node: 2 } }, cellId),
    (err: Error) => err instanceof JupyterCodecError && /node's stream text does not start with "\[node 2\] "/.test(err.message),
  );
  assert.throws(() => decodeCellEvent("stream", { name: "stdout", text: "x" }, { parabook: { node: -1 } }, cellId), /node is not a rank/);
  assert.throws(() => decodeCellEvent("error", { ename: "E", evalue: "v", traceback: ["t"] }, { parabook: { node: 0 } }, cellId), /node's error value/);
  assert.throws(() => decodeCellEvent("stream", { name: "stdnull", text: "x" }, {}, cellId), /stdout\|stderr/);
  assert.throws(() => decodeCellEvent("display_data", { data: {} }, { parabook: { pxProgress: { done: 1 } } }, cellId), /pxProgress/);
});

test("session-wide events and comm requests cross the comm, checked", () => {
  const events: ParabookEvent[] = [
    { type: "kernel", state: "dead", message: "The host kernel died (killed by SIGKILL)." },
    { type: "cluster", status: { kernel: "scheme", nodes: [{ rank: 0, state: "idle", host: "h1" }], defaultTargets: [0] } },
    { type: "sticky", magics: ["%%px -e"] },
  ];
  for (const event of events) {
    assert.ok(isSessionEvent(event));
    assert.deepEqual(decodeCommFromKernel(JSON.parse(JSON.stringify({ event }))), { event });
  }
  assert.equal(isSessionEvent(s("x")), false);
  assert.deepEqual(decodeCommFromKernel({ reply: { id: 3, ok: false, error: "no cluster" } }), { reply: { id: 3, ok: false, error: "no cluster" } });
  assert.throws(() => decodeCommFromKernel({ event: { type: "stream", text: "x" } }), /neither/);
  assert.deepEqual(decodeCommToKernel({ request: { id: 1, method: "removeStickyMagic", args: ["px"] } }), {
    request: { id: 1, method: "removeStickyMagic", args: ["px"] },
  });
  assert.throws(() => decodeCommToKernel({ request: { id: 1, method: "shutdown", args: [] } }), /"shutdown" is not one of/);
  assert.throws(() => decodeCommToKernel({ request: { id: 1, method: "removeStickyMagic", args: [] } }), /one string argument/);
  assert.throws(() => decodeCommToKernel({ request: { id: 1, method: "toString", args: [] } }), /is not one of/);
});

test("a cell's question travels on stdin as input_request; decoded, it is the input-request event again", () => {
  assert.deepEqual(decodeInputRequest({ prompt: "Name: ", password: false }, cellId), { type: "input-request", cellId, prompt: "Name: ", password: false });
  assert.equal(decodeInputRequest({ prompt: "", password: true }, cellId).password, true);
  assert.throws(() => decodeInputRequest({ password: false }, cellId), /input_request: the prompt is not a string/);
});
