import { test } from "node:test";
import assert from "node:assert/strict";
import { Char, EOF, MString, type Value } from "../values.js";
import {
  StringOutputPort,
  flushConsole,
  getCurrentOutputPort,
  setConsoleSink,
  setCurrentOutputPort,
  withOutputPort,
} from "./ports.js";
import { assertDatum, assertSchemeError, assertWrongType, call } from "../testing/primitives.js";

const s = (text: string): MString => new MString(text);
const str = (v: Value): string => (v as MString).value;

function captureConsole(): string[] {
  const chunks: string[] = [];
  setConsoleSink((text) => chunks.push(text));
  return chunks;
}

test("the console port hands its sink whole lines, not characters, and flushConsole delivers the rest", () => {
  const chunks = captureConsole();
  for (const ch of "abc") call("write-char", Char.of(ch.codePointAt(0)!));
  assert.deepEqual(chunks, [], "buffered until the end of the line");
  call("newline");
  assert.deepEqual(chunks, ["abc\n"]);
  call("write-string", s("tail"));
  flushConsole();
  assert.deepEqual(chunks, ["abc\n", "tail"]);
  flushConsole();
  assert.equal(chunks.length, 2, "nothing left to flush");
});

test("console output left in the buffer is delivered once the evaluation yields", async () => {
  const chunks = captureConsole();
  call("write-string", s("no newline"));
  await Promise.resolve();
  assert.deepEqual(chunks, ["no newline"]);
});

test("string output ports collect text; many small writes join once", () => {
  const port = call("open-output-string");
  call("write-string", s("hello, "), port);
  call("write-string", s("wide 😀 world"), port, 5, 8);
  call("write-char", Char.of(0x21), port);
  call("newline", port);
  assert.equal(str(call("get-output-string", port)), "hello, 😀 w!\n");
  const many = call("open-output-string");
  for (let i = 0; i < 100_000; i++) call("write-string", s("x"), many);
  assert.equal(str(call("get-output-string", many)).length, 100_000);
  assertWrongType(() => call("get-output-string", s("x")), "get-output-string", "a string output port", 1, '"x"');
  assertWrongType(() => call("write-string", s("x"), s("port")), "write-string", "an output port", 2, '"port"');
  assertWrongType(() => call("write-char", s("x")), "write-char", "a character", 1, '"x"');
});

test("withOutputPort redirects the current output port and restores it even when the body throws", () => {
  const console = getCurrentOutputPort();
  const port = new StringOutputPort();
  withOutputPort(port, () => call("write-string", s("inside")));
  assert.equal(port.contents(), "inside");
  assert.throws(() => withOutputPort(port, () => call("car", 1)));
  assert.equal(getCurrentOutputPort(), console);
  assert.equal(port.contents(), "inside");
  setCurrentOutputPort(port);
  call("write-string", s("!"));
  setCurrentOutputPort(console);
  assert.equal(port.contents(), "inside!");
  assertSchemeError(() => setCurrentOutputPort(s("not a port")), {
    kind: "WrongType",
    procedure: "current-output-port",
    message: "expected an output port",
  });
});

test("closed ports refuse further use with a clear error", () => {
  const out = call("open-output-string");
  assert.equal(call("output-port-open?", out), true);
  call("close-port", out);
  assert.equal(call("output-port-open?", out), false);
  assertSchemeError(() => call("write-string", s("x"), out), { kind: "WrongType", procedure: "write-string", message: "closed" });
  const input = call("open-input-string", s("abc"));
  call("close-input-port", input);
  assert.equal(call("input-port-open?", input), false);
  assertSchemeError(() => call("read-char", input), { kind: "WrongType", procedure: "read-char", message: "closed" });
});

test("string input ports: read-char, peek-char, read-line, read-string, char-ready?, eof", () => {
  const input = call("open-input-string", s("a😀\nline two\r\nlast"));
  assert.equal((call("peek-char", input) as Char).code, 97);
  assert.equal((call("read-char", input) as Char).code, 97);
  assert.equal((call("read-char", input) as Char).code, 0x1f600);
  assert.equal(str(call("read-line", input)), "");
  assert.equal(str(call("read-line", input)), "line two");
  assert.equal(call("char-ready?", input), true);
  assert.equal(str(call("read-string", 2, input)), "la");
  assert.equal(str(call("read-string", 10, input)), "st");
  assert.equal(call("read-string", 1, input), EOF);
  assert.equal(call("read-char", input), EOF);
  assert.equal(call("peek-char", input), EOF);
  assert.equal(call("read-line", input), EOF);
  assert.equal(call("eof-object?", call("eof-object")), true);
  assert.equal(call("eof-object?", s("")), false);
  assertSchemeError(() => call("read-char", call("open-output-string")), {
    kind: "WrongType",
    procedure: "read-char",
    message: "expected an input port as argument 1",
  });
});

test("read parses one datum at a time from a string port", () => {
  const input = call("open-input-string", s("(1 (2 . 3)) foo \"bar\" #(1)  ; trailing comment\n"));
  assertDatum(call("read", input), "(1 (2 . 3))");
  assertDatum(call("read", input), "foo");
  assert.equal((call("read-char", input) as Char).code, 32, "read stops right after the datum");
  assertDatum(call("read", input), '"bar"');
  assertDatum(call("read", input), "#(1)");
  assert.equal(call("read", input), EOF);
  assertSchemeError(() => call("read", call("open-input-string", s("(1 2"))), { kind: "SyntaxError" });
});

test("port predicates and the current ports", () => {
  const out = call("open-output-string");
  const input = call("open-input-string", s(""));
  assert.equal(call("port?", out), true);
  assert.equal(call("input-port?", input), true);
  assert.equal(call("input-port?", out), false);
  assert.equal(call("output-port?", out), true);
  assert.equal(call("textual-port?", input), true);
  assert.equal(call("binary-port?", out), false);
  assert.equal(call("port?", s("x")), false);
  assert.equal(call("output-port?", call("current-output-port")), true);
  assert.equal(call("output-port?", call("current-error-port")), true);
  assert.equal(call("input-port?", call("current-input-port")), true);
  // The console's input asks the front end (console-input.test.ts); with none connected, a read says so.
  assertSchemeError(() => call("read-char", call("current-input-port")), { kind: "NoInput", message: /no input is available here/ });
});
