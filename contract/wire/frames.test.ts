import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CHUNK_CHARS,
  encodeWithin,
  explainStringLimit,
  FrameAssembler,
  FrameFormatError,
  MAX_FRAME_BYTES,
  MessageTooLargeError,
  toFrames,
  type Assembled,
} from "./frames.js";

const whole = (assembled: Assembled): string => {
  assert.equal(assembled.kind, "message");
  return (assembled as { text: string }).text;
};

test("a short message is one frame, exactly its text", () => {
  const text = JSON.stringify({ id: 1, method: "kernels", args: [] });
  assert.deepEqual([...toFrames(text, 1)], [text]);
  assert.equal(whole(new FrameAssembler().accept(text)), text);
});

test("a long message goes in chunks that each fit a frame, and comes back whole", () => {
  // Three-byte characters and a surrogate pair right where the first chunk would end.
  const text = "€".repeat(CHUNK_CHARS - 1) + "😀" + "x".repeat(CHUNK_CHARS);
  const frames = [...toFrames(text, 9)];
  assert.equal(frames.length, 3);
  for (const frame of frames) assert.ok(Buffer.byteLength(frame) < MAX_FRAME_BYTES, `a frame of ${Buffer.byteLength(frame)} bytes`);
  assert.ok(!frames.some((f) => f.includes("\uFFFD")));
  assert.ok(frames[0]!.endsWith("€"), "the pair is not split: the first chunk ends before it");
  const assembler = new FrameAssembler();
  assert.deepEqual(assembler.accept(frames[0]!), { kind: "partial" });
  assert.deepEqual(assembler.accept(frames[1]!), { kind: "partial" });
  assert.equal(whole(assembler.accept(frames[2]!)), text);
});

test("chunks of different messages may interleave with each other and with whole messages", () => {
  const a = "a".repeat(CHUNK_CHARS * 2);
  const b = "b".repeat(CHUNK_CHARS + 5);
  const [a0, a1] = [...toFrames(a, 1)];
  const [b0, b1] = [...toFrames(b, 2)];
  const assembler = new FrameAssembler();
  assembler.accept(a0!);
  assembler.accept(b0!);
  assert.equal(whole(assembler.accept('{"event":{"type":"kernel","state":"idle"}}')), '{"event":{"type":"kernel","state":"idle"}}');
  assert.equal(whole(assembler.accept(b1!)), b);
  assert.equal(whole(assembler.accept(a1!)), a);
});

test("a message over the limit is refused at its first chunk, naming its size, and its other chunks are dropped", () => {
  const limit = CHUNK_CHARS * 2;
  const assembler = new FrameAssembler(limit);
  const [first, ...rest] = [...toFrames("z".repeat(limit + 1), 5)];
  const refused = assembler.accept(first!);
  assert.equal(refused.kind, "too-large");
  assert.equal((refused as { message: number }).message, 5);
  assert.equal(
    (refused as { error: Error }).error.message,
    "A message of 2,097,153 characters (2.0 MiB) is over the limit of 2,097,152 characters (2.0 MiB)",
  );
  for (const frame of rest) assert.deepEqual(assembler.accept(frame), { kind: "partial" });
  assert.equal(whole(assembler.accept("{}")), "{}", "the connection goes on");
});

test("half-received messages count together against the limit", () => {
  const assembler = new FrameAssembler(CHUNK_CHARS * 3);
  const [a0] = [...toFrames("a".repeat(CHUNK_CHARS * 2), 1)];
  const [b0] = [...toFrames("b".repeat(CHUNK_CHARS * 2), 2)];
  assembler.accept(a0!);
  const refused = assembler.accept(b0!);
  assert.equal(refused.kind, "too-large");
  assert.match((refused as { error: Error }).error.message, /with the 2,097,152 characters \(2\.0 MiB\) this connection is already receiving/);
});

test("chunks that break the format are refused with what was wrong", () => {
  const header = (h: object) => `{"chunk":${JSON.stringify(h)}}\n`;
  const cases: [string, RegExp][] = [
    ['{"chunk":{"message":1}}', /needs a newline/],
    ['{"chunk":nope}\n', /not JSON/],
    [header({ message: 1, index: 0, count: 0, length: 5 }), /index < count, count ≥ 1/],
    [header({ message: 1, index: 2, count: 3, length: CHUNK_CHARS * 3 }) + "x", /chunk 2 of message 1 came before its first chunk/],
    [header({ message: 1, index: 0, count: 1000, length: 10 }), /a message of 10 characters cannot have 1000 chunks/],
    [header({ message: 1, index: 0, count: 1, length: 3 }) + "four", /longer than the 3 characters its header announced/],
    [header({ message: 1, index: 0, count: 1, length: 3 }) + "tw", /shorter than the 3 characters its header announced/],
  ];
  for (const [frame, problem] of cases) assert.throws(() => new FrameAssembler().accept(frame), (err: Error) => err instanceof FrameFormatError && problem.test(err.message), frame);
  const assembler = new FrameAssembler();
  assembler.accept(header({ message: 7, index: 0, count: 3, length: CHUNK_CHARS * 2 }) + "a");
  assert.throws(() => assembler.accept(header({ message: 7, index: 2, count: 3, length: CHUNK_CHARS * 2 }) + "c"), /chunk 2\/3 of message 7 does not follow chunk 0\/3/);
});

test("a message too long to encode, or over the limit, is refused before anything is sent, naming its size", () => {
  assert.throws(
    () => encodeWithin(() => "x".repeat(2000), "the saveNotebook request", 1000),
    new MessageTooLargeError("Cannot send the saveNotebook request: it is 2,000 characters, over the limit of 1,000 characters"),
  );
  assert.throws(
    () =>
      encodeWithin(() => {
        throw new RangeError("Invalid string length");
      }, "the saveNotebook request"),
    /Cannot send the saveNotebook request: it is longer than 536,870,888 characters \(512\.0 MiB\), the longest text a JavaScript engine can hold/,
  );
  assert.equal(encodeWithin(() => "{}", "a reply"), "{}");
});

test("V8's bare 'Invalid string length' becomes a sentence; other errors pass as they are", () => {
  const explained = explainStringLimit(new RangeError("Invalid string length"), "Cannot saveNotebook") as Error;
  assert.ok(explained instanceof MessageTooLargeError);
  assert.equal(explained.message, "Cannot saveNotebook: it is longer than 536,870,888 characters (512.0 MiB), the longest text a JavaScript engine can hold");
  const other = new RangeError("Maximum call stack size exceeded");
  assert.equal(explainStringLimit(other, "Cannot saveNotebook"), other);
});
