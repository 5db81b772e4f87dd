import { test } from "node:test";
import assert from "node:assert/strict";
import { RunQueue } from "./run-queue.js";

test("cells run one at a time in the order asked, never queued twice", () => {
  const q = new RunQueue();
  assert.deepEqual(q.enqueue(["a", "b", "a"]), ["a", "b"]);
  assert.equal(q.start(), "a");
  assert.equal(q.start(), null, "one at a time");
  assert.deepEqual(q.enqueue(["a", "b", "c"]), ["c"], "running and waiting cells are not added again");
  assert.deepEqual(q.finish("ok"), []);
  assert.equal(q.start(), "b");
  q.finish("ok");
  assert.equal(q.start(), "c");
  q.finish("ok");
  assert.equal(q.start(), null);
});

test("an error or an interrupt drops the cells still waiting", () => {
  const q = new RunQueue();
  q.enqueue(["a", "b", "c"]);
  q.start();
  assert.deepEqual(q.finish("error"), ["b", "c"]);
  assert.equal(q.start(), null);
  q.enqueue(["d", "e"]);
  q.start();
  assert.deepEqual(q.finish("aborted"), ["e"]);
});

test("clearing keeps the running cell, removing forgets one waiting cell", () => {
  const q = new RunQueue();
  q.enqueue(["a", "b", "c"]);
  q.start();
  q.remove("b");
  assert.deepEqual(q.queued, ["c"]);
  assert.deepEqual(q.clear(), ["c"]);
  assert.equal(q.running, "a");
});
