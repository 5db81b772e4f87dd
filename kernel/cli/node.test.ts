// `parabook node` as a launcher or a user starts it: what it needs (where to connect, its rank, its keys) and
// the clear errors when something is missing, naming the host; keys never on the command line.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { hostname } from "node:os";
import { parabookBin } from "../testing/paths.js";
import { RemoteNodes } from "../testing/remote-nodes.js";
import { NodeListener } from "../cluster/remote/node-listener.js";
import { makeClusterKeys, nodeKeysOf, nodeKeysText } from "../cluster/remote/curve-keys.js";
import { KernelConnection } from "../cluster/kernel-connection.js";
import { parseNodeArguments } from "./node.js";

const execFileAsync = promisify(execFile);
const nodes = new RemoteNodes();
after(() => nodes.stopAll());

async function parabookNode(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  const clean = { ...process.env, ...env };
  for (const name of ["PARABOOK_NODE_KEYS", "SLURM_PROCID", "PMI_RANK", "OMPI_COMM_WORLD_RANK"]) if (!(name in env)) delete clean[name];
  try {
    const { stderr } = await execFileAsync(process.execPath, [parabookBin, "node", ...args], { env: clean, timeout: 30_000 });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

test("the arguments: --connect is required and must be tcp://HOST:PORT; keys are never taken from the command line", () => {
  assert.deepEqual(parseNodeArguments(["--connect", "tcp://h0:41000", "--rank=2", "--size", "4"]), { connect: "tcp://h0:41000", rank: "2", size: "4" });
  assert.throws(() => parseNodeArguments(["--rank", "1"]), /--connect tcp:\/\/HOST:PORT is required/);
  assert.throws(() => parseNodeArguments(["--connect", "h0:41000"]), /--connect wants tcp:\/\/HOST:PORT, got h0:41000/);
  assert.throws(() => parseNodeArguments(["--connect", "tcp://h0:1", "--secret-key", "x"]), /keys never go on the command line/);
  assert.throws(() => parseNodeArguments(["--connect", "tcp://h0:1", "--colour"]), /unknown argument --colour/);
});

test("without a rank, or without keys, the node says what it needs and which host it is on", { timeout: 30_000 }, async () => {
  const noRank = await parabookNode(["--connect", "tcp://127.0.0.1:9"], { PARABOOK_NODE_KEYS: nodeKeysText(nodeKeysOf(makeClusterKeys())) });
  assert.equal(noRank.code, 2);
  assert.match(noRank.stderr, new RegExp(`^parabook node on ${hostname()}: which rank is this node\\?`));
  const noKeys = await parabookNode(["--connect", "tcp://127.0.0.1:9"], { PMI_RANK: "0", PMI_SIZE: "1" });
  assert.equal(noKeys.code, 2);
  assert.match(noKeys.stderr, /no keys: set PARABOOK_NODE_KEYS or give --keys-file FILE/);
});

test("a language the node's installation does not have is reported to the host, naming the host and what is missing", { timeout: 30_000 }, async () => {
  const keys = makeClusterKeys();
  const listener = await NodeListener.open({ bind: "tcp://127.0.0.1:0", size: 1, keys, language: "cobol", heapLimitMb: "auto", heartbeatTimeoutMs: 5_000 });
  try {
    const node = nodes.start({ connect: listener.endpoint, rank: 0, size: 1, keys: nodeKeysOf(keys) });
    const connection = new KernelConnection(listener.node(0));
    await assert.rejects(connection.ready, (err: Error) => err.message.includes(`node 0 on ${hostname()} could not start: the language 'cobol' is not installed in Parabook`));
    assert.equal(await node.exited, 1);
    assert.match(node.stderr(), /the language 'cobol' is not installed in Parabook \S+ at \/.+ on /);
  } finally {
    listener.close();
  }
});
