import { test } from "node:test";
import assert from "node:assert/strict";
import type { CellEvent, ParabookEvent } from "../../contract/api.js";
import { FLOOD_TAIL_CHARS, parseOmissionNote } from "../../contract/output-limits.js";
import { CellOutputs } from "../../contract/outputs.js";
import { StreamBatcher } from "./stream-batcher.js";

const cellId = "c1";
const out = (text: string, node?: number, name: "stdout" | "stderr" = "stdout"): CellEvent =>
  node === undefined ? { type: "stream", cellId, name, text } : { type: "stream", cellId, name, text, node };

/**
 * A batcher whose clock stands still inside one batch period, so its batches go out only when the test says
 * (flush), and what it forwarded. `clock.ms` moves the clock.
 */
function batcher(): { batches: StreamBatcher; sent: ParabookEvent[]; clock: { ms: number } } {
  const sent: ParabookEvent[] = [];
  const clock = { ms: 0 };
  const batches = new StreamBatcher((e) => sent.push(e), 60_000, () => clock.ms);
  batches.flush(); // a batch just went out: what follows waits for the next
  return { batches, sent, clock };
}

test("the first text after a quiet period goes out at once; what follows it within the period waits", () => {
  const { batches, sent, clock } = batcher();
  clock.ms = 60_000;
  batches.push(out("computing…\n"));
  assert.deepEqual(sent, [out("computing…\n")], "the first line of a quiet cell is not held back");
  batches.push(out("1\n"));
  batches.push(out("2\n"));
  assert.equal(sent.length, 1, "text right after it waits for the batch");
  batches.flush();
  assert.deepEqual(sent.at(-1), out("1\n2\n"));
  batches.dispose();
});

test("each writer's text in a batch goes as one event; anything else about the cell goes after the text before it", () => {
  const { batches, sent } = batcher();
  for (const e of [out("a", 0), out("x\n", 1), out("b\n", 0), out("host\n")]) batches.push(e);
  assert.deepEqual(sent, [], "nothing before the batch is due");
  batches.push({ type: "result", cellId, executionCount: 1, data: { "text/plain": "1" } });
  batches.push(out("late\n", 0));
  batches.flush();
  assert.deepEqual(sent, [
    out("ab\n", 0),
    out("x\n", 1),
    out("host\n"),
    { type: "result", cellId, executionCount: 1, data: { "text/plain": "1" } },
    out("late\n", 0),
  ]);
  batches.dispose();
});

test("stdout and stderr keep their order", () => {
  const { batches, sent } = batcher();
  for (const e of [out("1\n", 0), out("oops\n", 0, "stderr"), out("2\n", 0)]) batches.push(e);
  batches.flush();
  assert.deepEqual(sent, [out("1\n", 0), out("oops\n", 0, "stderr"), out("2\n", 0)]);
  batches.dispose();
});

test("far past the file's limit only each batch's end goes out, and the page keeps what it would have kept", () => {
  const nodes = 3;
  const rounds = 6;
  const perRound = 40_000;
  const { batches, sent } = batcher();
  const raw = new CellOutputs();
  let rawChars = 0;
  for (let round = 0; round < rounds; round++) {
    for (let node = 0; node < nodes; node++) {
      const text = Array.from({ length: perRound }, (_, i) => `${round * perRound + i}\n`).join("");
      rawChars += text.length;
      raw.add(out(text, node));
      batches.push(out(text, node));
    }
    batches.flush(); // one batch per round, as if each took a batch's time
  }
  batches.dispose();
  const sentChars = sent.reduce((n, e) => n + (e.type === "stream" ? e.text.length : 0), 0);
  assert.ok(sent.some((e) => e.type === "stream" && e.omitted !== undefined), "some batches were cut");
  assert.ok(sentChars < rawChars / 2, `${sentChars} of ${rawChars} characters went out`);
  for (const e of sent) if (e.type === "stream" && e.omitted) assert.ok(e.text.length <= FLOOD_TAIL_CHARS);

  const page = new CellOutputs();
  for (const e of sent) page.add(e as CellEvent);
  for (const outputs of [raw.outputs(), page.outputs()]) {
    assert.equal(outputs.length, 1);
    const text = (outputs[0] as { text: string }).text;
    for (let node = 0; node < nodes; node++) {
      const prefix = `[node ${node}] `;
      const mine = text.split("\n").filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
      assert.equal(mine[0], "0");
      assert.equal(mine.at(-1), String(rounds * perRound - 1));
      const notes = mine.map(parseOmissionNote).filter((n) => n !== null);
      assert.equal(notes.length, 1);
      assert.equal(mine.length - 1 + notes[0]!.lines, rounds * perRound, `every line of node ${node} is kept or counted`);
    }
  }
});
