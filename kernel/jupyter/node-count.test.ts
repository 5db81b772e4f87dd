import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { defaultSettings } from "../settings/settings.js";
import { parabookBin } from "../testing/paths.js";
import { kernelspecCommand, parseInstallArguments } from "../cli/kernelspec.js";
import { kernelJson } from "./kernelspec.js";
import { nodeCountFromEnvironment, NodeCountError, parseNodeCount, withNodeCount } from "./node-count.js";

test("PARABOOK_NODES gives the cluster size; unset or empty leaves the settings' own", () => {
  assert.equal(nodeCountFromEnvironment({ PARABOOK_NODES: "10" }), 10);
  assert.equal(nodeCountFromEnvironment({}), undefined);
  assert.equal(nodeCountFromEnvironment({ PARABOOK_NODES: "" }), undefined);
  const settings = { ...defaultSettings(), clusterSize: 3 };
  assert.equal(withNodeCount(settings, 10).clusterSize, 10);
  assert.equal(withNodeCount(settings, undefined), settings);
});

test("a node count that is not a whole number from 1 to 64 is refused, naming where it came from and what it was", () => {
  for (const bad of ["0", "65", "2.5", "ten", "-3", "1e1", " "]) {
    assert.throws(() => parseNodeCount(bad, "PARABOOK_NODES"), (err: Error) => {
      assert.ok(err instanceof NodeCountError);
      assert.equal(err.message, `PARABOOK_NODES wants a whole number of nodes from 1 to 64, got ${JSON.stringify(bad)}`);
      return true;
    });
  }
  assert.equal(parseNodeCount("64", "--nodes"), 64);
});

test("parabook kernel with a bad PARABOOK_NODES exits 2 saying what was wrong, before it binds anything", async () => {
  const child = spawn(process.execPath, [parabookBin, "kernel", "-f", "/nonexistent/kernel-1.json"], {
    env: { ...process.env, PARABOOK_NODES: "ten" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  const [code] = (await once(child, "close")) as [number];
  assert.equal(code, 2);
  assert.match(stderr, /^parabook kernel: PARABOOK_NODES wants a whole number of nodes from 1 to 64, got "ten" \(from the environment or the kernelspec's "env"\)$/m);
});

test("parabook kernelspec install --nodes writes PARABOOK_NODES into kernel.json's env, and refuses a bad count", async () => {
  assert.deepEqual(kernelJson("1.0", "/usr/bin/node", "/opt/parabook/bin/parabook.js", 10).env, { PARABOOK_NODES: "10" });
  assert.equal(kernelJson("1.0", "/usr/bin/node", "/opt/parabook/bin/parabook.js").env, undefined);
  assert.equal(parseInstallArguments(["--user", "--nodes", "10"]).nodes, 10);
  let err = "";
  const code = await kernelspecCommand(["install", "--user", "--nodes", "0"], undefined, () => {}, (t) => (err += t));
  assert.equal(code, 2);
  assert.match(err, /^parabook kernelspec: --nodes wants a whole number of nodes from 1 to 64, got "0"$/m);
});
