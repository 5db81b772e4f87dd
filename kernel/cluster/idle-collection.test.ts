import { test } from "node:test";
import assert from "node:assert/strict";
import { fullCollection, IdleCollector } from "./idle-collection.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a collection runs once the kernel has been idle for the delay after some activity, and only then", async () => {
  let runs = 0;
  const idle = new IdleCollector(60, () => runs++);
  await sleep(120);
  assert.equal(runs, 0, "nothing ran yet: no collection");
  idle.activity();
  await sleep(30);
  idle.activity(); // a second request before the delay: the idle period starts again
  await sleep(40);
  assert.equal(runs, 0);
  await sleep(60);
  assert.equal(runs, 1);
  assert.equal(idle.collections, 1);
  await sleep(120);
  assert.equal(runs, 1, "one collection per idle period");
});

test("fullCollection is V8's full collection: garbage is gone when it returns, and gc stays hidden from programs", () => {
  const collect = fullCollection();
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, "undefined");
  let garbage: number[][] | null = Array.from({ length: 200_000 }, (_, i) => [i]);
  collect();
  const withGarbage = process.memoryUsage().heapUsed;
  garbage = null;
  collect();
  assert.equal(garbage, null);
  const without = process.memoryUsage().heapUsed;
  assert.ok(withGarbage - without > 5 * 1024 * 1024, `freed ${withGarbage - without} bytes`);
});
