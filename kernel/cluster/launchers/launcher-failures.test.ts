// A launcher that cannot start its nodes: the cluster fails to start with the launcher's own words, by rank and
// host, and nothing is left behind. Real ssh, to a port of 127.0.0.1 where nothing listens.

import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTIN_KERNELS } from "../../language/languages.js";
import { KernelManager, KernelStartError } from "../kernel-manager.js";
import { NodeSpawner } from "../node-spawner.js";
import { parseHosts } from "../../../contract/node-placement.js";

test("ssh that cannot reach its host fails the start with ssh's reason, naming the host and the rank", { timeout: 60_000 }, async () => {
  const manager = new KernelManager(new NodeSpawner());
  const placement = { launcher: "ssh" as const, hosts: parseHosts("127.0.0.1:2"), args: ["-p", "1"], listen: { host: "127.0.0.1", port: 0 }, heartbeatTimeoutMs: 5_000 };
  await assert.rejects(manager.startCluster(BUILTIN_KERNELS[0]!, 2, "ssh", () => undefined, "auto", { placement }), (err: Error) => {
    assert.ok(err instanceof KernelStartError, String(err));
    const lines = err.message.split("\n");
    assert.equal(lines.length, 2, err.message);
    for (const [rank, line] of lines.entries()) {
      assert.match(line, new RegExp(`^Node ${rank} \\(Scheme\\) failed to start: the kernel died \\(ssh 127\\.0\\.0\\.1 exited with code 255 before node ${rank} connected: .*port 1: Connection refused\\)$`));
    }
    return true;
  });
});
