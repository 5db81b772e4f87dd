// The link's frames: each kind as its frames, and anything else refused saying what is wrong.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkHello, linkFrames, readHostMessage, readNodeMessage, type HostToNode, type NodeToHost } from "./link-protocol.js";

const frames = (parts: string[]): Buffer[] => parts.map((p) => Buffer.from(p));

test("messages read back as they were written; heartbeats are one frame", () => {
  const hello = { version: "1.2.3", rank: 2, size: 4, host: "h1", pid: 99 };
  assert.deepEqual(readNodeMessage(frames(linkFrames<NodeToHost, "hello">("hello", hello))), { kind: "hello", payload: hello });
  assert.deepEqual(linkFrames<NodeToHost, "heartbeat">("heartbeat", null), ["heartbeat"]);
  assert.deepEqual(readHostMessage(frames(["terminate"])), { kind: "terminate", payload: null });
  const request = { id: 7, type: "interrupt" } as const;
  assert.deepEqual(readHostMessage(frames(linkFrames<HostToNode, "kernel">("kernel", request))), { kind: "kernel", payload: request });
});

test("what one side may not send the other is refused, as is a payload that is not a JSON object", () => {
  assert.throws(() => readNodeMessage(frames(["welcome", "{}"])), /unknown message kind "welcome"/);
  assert.throws(() => readHostMessage(frames(["hello", "{}"])), /unknown message kind "hello"/);
  assert.throws(() => readNodeMessage(frames(["kernel"])), /a kernel message without its payload/);
  assert.throws(() => readNodeMessage(frames(["kernel", "42"])), /a kernel message whose payload is not an object/);
  assert.throws(() => readNodeMessage([]), /unknown message kind undefined/);
});

test("a hello is checked field by field", () => {
  assert.throws(() => checkHello({ version: 1, rank: 0, size: 1, host: "h", pid: 1 }), /hello: version must be a string, got 1/);
  assert.throws(() => checkHello({ version: "1", rank: 0.5, size: 1, host: "h", pid: 1 }), /hello: rank must be a whole number, got 0.5/);
  assert.throws(() => checkHello({ version: "1", rank: 0, size: 1, host: "x".repeat(300), pid: 1 }), /hello: host must be a host name/);
});
