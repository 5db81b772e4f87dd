import { test } from "node:test";
import assert from "node:assert/strict";
import { containsCycle, findCycleTargets, GAVE_UP, IdentityMap, IdentitySet } from "./cycles.js";
import { readAll } from "./reader/index.js";
import { NIL, Pair, type Value } from "./values.js";

const read1 = (text: string): Value => readAll(text, "test").datums[0]!;

test("IdentitySet and IdentityMap keep working past one shard (V8 refuses one Set or Map of 2^24 entries)", () => {
  const objects = Array.from({ length: 10 }, (_, i) => ({ i }));
  const set = new IdentitySet<object>(3);
  for (const o of objects) set.add(o);
  set.add(objects[0]!);
  assert.ok(objects.every((o) => set.has(o)));
  assert.equal(set.has({ i: 0 }), false, "by identity");
  const map = new IdentityMap<object, number>(3);
  objects.forEach((o, i) => map.set(o, i));
  map.set(objects[1]!, 100);
  assert.deepEqual(objects.map((o) => map.get(o)), [0, 100, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(map.get({}), undefined);
});

test("the cycle targets are the values a walk meets again inside themselves; sharing alone is none", () => {
  const cyclic = read1("#0=(a b . #0#)") as Pair;
  assert.deepEqual([...(findCycleTargets(cyclic) as Set<unknown>)], [cyclic]);
  assert.equal(containsCycle(read1("(#0=(x) #0# #0#)")), false);
  assert.equal(containsCycle(read1("#(1 #0=#(2 #0#))")), true);
  let long: Value = NIL;
  for (let i = 0; i < 1000; i++) long = new Pair(i, long);
  assert.equal(findCycleTargets(long, { maxNodes: 100, interruptible: false }), GAVE_UP, "a bounded walk gives up");
  assert.equal((findCycleTargets(long) as Set<unknown>).size, 0);
});
