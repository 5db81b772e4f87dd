// The ZeroMQ transport with real `parabook node` processes on 127.0.0.1: nodes that connect back, are welcomed
// and then run the kernel protocol as local ones do; and the ones that must not get in (a wrong key, another
// version, a rank of another cluster), which are refused saying why, and never reach a kernel.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { Dealer } from "zeromq";
import { LanguageError } from "../../language/language.js";
import { KernelConnection } from "../kernel-connection.js";
import { NodeListener, type ListenerOptions } from "./node-listener.js";
import { makeClusterKeys, nodeKeysOf, type ClusterKeys } from "./curve-keys.js";
import { PARABOOK_VERSION } from "./version.js";
import { RemoteNodes } from "../../testing/remote-nodes.js";

const nodes = new RemoteNodes();
const listeners: NodeListener[] = [];
after(async () => {
  for (const listener of listeners) listener.close();
  await nodes.stopAll();
});

async function listen(size: number, options: Partial<ListenerOptions> = {}): Promise<{ listener: NodeListener; keys: ClusterKeys }> {
  const keys = options.keys ?? makeClusterKeys();
  const listener = await NodeListener.open({ bind: "tcp://127.0.0.1:0", size, keys, language: "scheme", heapLimitMb: "auto", heartbeatTimeoutMs: 5_000, ...options });
  listeners.push(listener);
  return { listener, keys };
}

const origin = { name: "test" };

test("nodes that connect back run the kernel protocol as local ones do: values, output, interrupt, shutdown", { timeout: 60_000 }, async () => {
  const { listener, keys } = await listen(3);
  assert.match(listener.endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(listener.port > 0, "port 0 chose a free port");
  const started = [0, 1, 2].map((rank) => nodes.start({ connect: listener.endpoint, rank, size: 3, keys: nodeKeysOf(keys) }));
  const connections = [0, 1, 2].map((rank) => new KernelConnection(listener.node(rank)));
  await Promise.all(connections.map((c) => c.ready));

  assert.deepEqual(
    await Promise.all(connections.map((c) => c.evaluate("(list cluster_rank cluster_size)", origin))),
    [0, 1, 2].map((rank) => ({ t: "list", items: [rank, 3] })),
  );
  assert.deepEqual(connections.map((c) => c.host), [hostname(), hostname(), hostname()]);
  assert.deepEqual(connections.map((c) => c.pid), started.map((n) => n.child.pid), "the pid is the node's own");

  let printed = "";
  await connections[1]!.run('(display "from afar")', origin, (_, text) => (printed += text));
  assert.equal(printed, "from afar");

  await connections[2]!.run("(define kept 42)", origin);
  const busy = connections[2]!.run("(let loop () (loop))", origin);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(connections[2]!.state, "busy");
  await connections[2]!.interrupt();
  await assert.rejects(busy, (err: unknown) => err instanceof LanguageError && err.report.ename === "Interrupted");
  assert.equal(await connections[2]!.evaluate("kept", origin), 42, "definitions survive the interrupt");

  await Promise.all(connections.map((c) => c.shutdown()));
  assert.deepEqual(await Promise.all(started.map((n) => n.exited)), [0, 0, 0]);
  assert.deepEqual(connections.map((c) => c.reasonOfDeath), ["shut down", "shut down", "shut down"]);
});

test("a peer that knows the host's key but not the node key is refused by the host and never reaches a kernel", { timeout: 60_000 }, async () => {
  const { listener, keys } = await listen(1);
  const refusals: string[] = [];
  listener.onRefused((_, why) => refusals.push(why));
  const other = makeClusterKeys().node;
  const intruder = nodes.start({ connect: listener.endpoint, rank: 0, size: 1, keys: { ...nodeKeysOf(keys), nodePublicKey: other.publicKey, nodeSecretKey: other.secretKey } });
  assert.equal(await intruder.exited, 1);
  assert.match(intruder.stderr(), /did not accept this node's keys/);
  assert.ok(refusals.includes("not this cluster's key"), refusals.join("; "));
  assert.equal(listener.node(0).connected, false);
  assert.equal(listener.node(0).pid, undefined, "nothing it said reached the host");
});

test("a node with another cluster's keys cannot complete the handshake, and says so", { timeout: 60_000 }, async () => {
  const { listener } = await listen(1);
  const confused = nodes.start({ connect: listener.endpoint, rank: 0, size: 1, keys: nodeKeysOf(makeClusterKeys()) });
  assert.equal(await confused.exited, 1);
  assert.match(confused.stderr(), /did not accept this node's keys/);
  assert.equal(listener.node(0).connected, false);
});

test("a node of another version is refused, and both versions are named on both sides", { timeout: 60_000 }, async () => {
  const { listener, keys } = await listen(1, { version: "0.0.0-elsewhere" });
  const node = nodes.start({ connect: listener.endpoint, rank: 0, size: 1, keys: nodeKeysOf(keys) });
  const connection = new KernelConnection(listener.node(0));
  await assert.rejects(connection.ready, (err: Error) => /runs Parabook 0\.0\.0-elsewhere/.test(err.message) && err.message.includes(`runs Parabook ${PARABOOK_VERSION}`));
  assert.equal(await node.exited, 1);
  assert.match(node.stderr(), new RegExp(`refused this node: version mismatch: this node \\(.+\\) runs Parabook ${PARABOOK_VERSION.replace(/\./g, "\\.")}, the host \\(.+\\) runs Parabook 0\\.0\\.0-elsewhere`));
});

test("a node started for another cluster size, or out of range, is refused saying so", { timeout: 60_000 }, async () => {
  const { listener, keys } = await listen(2);
  const wrongSize = nodes.start({ connect: listener.endpoint, rank: 1, size: 5, keys: nodeKeysOf(keys) });
  assert.equal(await wrongSize.exited, 1);
  assert.match(wrongSize.stderr(), /started for a cluster of 5 nodes; this cluster has 2/);
  assert.equal(listener.node(1).hasExited, true, "the rank it claimed is reported, not waited for");
});

test("a peer with the keys that speaks nonsense is ignored, and the rank it claims stays free", { timeout: 30_000 }, async () => {
  const { listener, keys } = await listen(1);
  const refusals: string[] = [];
  listener.onRefused((who, why) => refusals.push(`${who}: ${why}`));
  const peer = new Dealer({ routingId: "0", curveServerKey: keys.server.publicKey, curvePublicKey: keys.node.publicKey, curveSecretKey: keys.node.secretKey, linger: 0 });
  try {
    peer.connect(listener.endpoint);
    await peer.send(["hello", "{not json"]);
    await peer.send(["execute", "{}"]);
    await peer.send(["hello", JSON.stringify({ version: PARABOOK_VERSION, rank: "0", size: 1, host: "x", pid: 1 })]);
    for (let i = 0; i < 100 && refusals.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    peer.close();
  }
  assert.deepEqual(refusals, [
    'peer "0": a hello message whose payload is not JSON',
    'peer "0": unknown message kind "execute"',
    'peer "0": hello: rank must be a whole number, got "0"',
  ]);
  assert.equal(listener.node(0).connected, false);
});

test("a node killed with SIGKILL is gone as soon as its connection closes; a stopped one when its heartbeats stop", { timeout: 60_000 }, async () => {
  const { listener, keys } = await listen(2, { heartbeatTimeoutMs: 1_500 });
  const [killed, stopped] = [0, 1].map((rank) => nodes.start({ connect: listener.endpoint, rank, size: 2, keys: nodeKeysOf(keys) }));
  const connections = [0, 1].map((rank) => new KernelConnection(listener.node(rank)));
  await Promise.all(connections.map((c) => c.ready));
  const deaths = connections.map((c) => new Promise<string>((resolve) => c.onDeath(resolve)));

  process.kill(killed!.child.pid!, "SIGKILL");
  assert.match(await deaths[0]!, /^its connection closed \(the node process on .+ ended\)$/);

  process.kill(stopped!.child.pid!, "SIGSTOP");
  try {
    assert.match(await deaths[1]!, /^no heartbeat from .+ for 1\.5 s \(the machine stopped, the process hung or was stopped/);
  } finally {
    process.kill(stopped!.child.pid!, "SIGCONT");
  }
  // Woken, it finds the host long silent towards it (or told to leave), and leaves by itself.
  assert.equal(await stopped!.exited, 0);
  assert.match(stopped!.stderr(), /leaving/);
});
