// Kernel processes dying in the ways users meet: out of memory, a language that cannot start, a kill.

import { test } from "node:test";
import assert from "node:assert/strict";
import { FAKE_KERNEL } from "../testing/fake-language.js";
import { KernelDiedError } from "./kernel-connection.js";
import { KernelManager, KernelStartError } from "./kernel-manager.js";
import { NodeSpawner } from "./node-spawner.js";

test("a node that runs out of memory dies alone, reported by rank as out of memory with its limit", async () => {
  const deaths: [number, string][] = [];
  const manager = new KernelManager(new NodeSpawner());
  const cluster = await manager.startCluster(FAKE_KERNEL, 2, "oom", (rank, reason) => deaths.push([rank, reason]), 32);
  try {
    const hog = cluster.nodes[1]!.run("const keep = []; for (;;) keep.push(new Array(100000).fill(cluster_rank))", { name: "test" });
    await assert.rejects(hog, new KernelDiedError("out of memory (limit 32 MB)"));
    assert.deepEqual(deaths, [[1, "out of memory (limit 32 MB)"]]);
    assert.deepEqual(cluster.status().nodes.map((n) => [n.state, n.reason]), [["idle", undefined], ["dead", "out of memory (limit 32 MB)"]]);
    assert.equal(await cluster.nodes[0]!.evaluate("cluster_rank + 1", { name: "test" }), 1);
  } finally {
    await cluster.shutdown();
  }
});

test("a kernel whose language cannot load fails to start with the reason, and no half cluster is left", async () => {
  const broken = { ...FAKE_KERNEL, displayName: "Broken", module: new URL("./no-such-language.js", import.meta.url).href };
  const manager = new KernelManager(new NodeSpawner());
  await assert.rejects(manager.startCluster(broken, 2, "broken", () => undefined), (err: Error) => {
    assert.ok(err instanceof KernelStartError);
    // Both failed the same way: one line names them both.
    assert.match(err.message, /^Nodes 0-1 \(Broken\) failed to start: the kernel died \(cannot start the language from .*no-such-language\.js: Cannot find module/);
    assert.equal(err.message.split("\n").length, 1);
    return true;
  });
});
