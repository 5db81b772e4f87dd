import { test } from "node:test";
import assert from "node:assert/strict";
import type { ParabookEvent } from "../../contract/api.js";
import { ProgressPacer } from "./progress-pacer.js";

const progress = (done: number, total = 10, cellId = "c1"): ParabookEvent => ({ type: "px-progress", cellId, done, total, failed: 0 });
const describe = (e: ParabookEvent) => (e.type === "px-progress" ? `${e.done}/${e.total}` : e.type);

test("a fast px sends its first and last count only; the counts between are dropped", () => {
  const sent: ParabookEvent[] = [];
  const pacer = new ProgressPacer((e) => sent.push(e), 10_000);
  for (let done = 0; done <= 10; done++) pacer.push(progress(done));
  pacer.push({ type: "result", cellId: "c1", executionCount: 1, data: { "text/plain": "#10(…)" } });
  pacer.flush();
  assert.deepEqual(sent.map(describe), ["0/10", "10/10", "result"]);
});

test("a slow px sends the latest count once per period; other output of the cell sends a waiting count first", async () => {
  const sent: ParabookEvent[] = [];
  const pacer = new ProgressPacer((e) => sent.push(e), 20);
  pacer.push(progress(0));
  pacer.push(progress(1));
  pacer.push(progress(2));
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(sent.map(describe), ["0/10", "2/10"]);
  pacer.push(progress(3));
  pacer.push({ type: "stream", cellId: "other", name: "stdout", text: "not this cell's\n" });
  pacer.push({ type: "stream", cellId: "c1", name: "stdout", text: "[node 3] done\n" });
  pacer.push(progress(4));
  pacer.flush();
  assert.deepEqual(sent.map(describe), ["0/10", "2/10", "stream", "3/10", "stream", "4/10"]);
  pacer.flush();
  assert.equal(sent.length, 6, "nothing is sent twice");
});
