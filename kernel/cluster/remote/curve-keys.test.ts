// Keys as a node receives them: through the environment's text or a file, which must be the user's alone.

import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeClusterKeys, nodeKeysOf, nodeKeysText, parseNodeKeys, readNodeKeysFile, writeNodeKeysFile, z85Decode, NodeKeysError } from "./curve-keys.js";

test("Z85 decodes the RFC's example", () => {
  assert.deepEqual([...z85Decode("HelloWorld")], [0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
  assert.equal(z85Decode(makeClusterKeys().node.publicKey).length, 32);
});

test("each cluster gets keys of its own", () => {
  const [a, b] = [makeClusterKeys(), makeClusterKeys()];
  assert.notEqual(a.server.secretKey, b.server.secretKey);
  assert.notEqual(a.node.secretKey, b.node.secretKey);
  assert.notEqual(a.server.publicKey, a.node.publicKey);
});

test("node keys survive their text, and bad text is refused naming its source and the field", () => {
  const keys = nodeKeysOf(makeClusterKeys());
  assert.deepEqual(parseNodeKeys(nodeKeysText(keys), "X"), keys);
  assert.throws(() => parseNodeKeys("secret", "PARABOOK_NODE_KEYS"), /^NodeKeysError: PARABOOK_NODE_KEYS does not hold Parabook node keys \(not JSON\)$/);
  assert.throws(() => parseNodeKeys(JSON.stringify({ ...keys, nodeSecretKey: "short" }), "F"), /^NodeKeysError: F: nodeSecretKey must be a 40-character Z85 CURVE key$/);
});

test("a keys file is written for its user alone, and one others can read is refused", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-keys-"));
  try {
    const keys = nodeKeysOf(makeClusterKeys());
    const file = await writeNodeKeysFile(path.join(dir, "keys"), keys);
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    assert.equal((await fs.stat(path.dirname(file))).mode & 0o777, 0o700);
    assert.deepEqual(readNodeKeysFile(file), keys);
    await fs.chmod(file, 0o644);
    assert.throws(() => readNodeKeysFile(file), (err: Error) => err instanceof NodeKeysError && err.message.includes("readable by other users (mode 644)"));
    assert.throws(() => readNodeKeysFile(path.join(dir, "missing")), /cannot read the keys file .*missing/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
