// An execute's reply carries only what the host asked for: the value (px), the shown text with `_` bound (a
// cell), or nothing (effects only), through a real Scheme kernel process.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { KernelConnection } from "./kernel-connection.js";
import { HOST_RANK, KernelManager } from "./kernel-manager.js";
import { BUILTIN_KERNELS } from "./languages.js";
import { NodeSpawner } from "./node-spawner.js";
import { wireVector } from "./wire-value.js";

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
