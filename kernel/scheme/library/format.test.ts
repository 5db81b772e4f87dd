import { test } from "node:test";
import assert from "node:assert/strict";
import { Char, MString, VOID, sym, type Value } from "../values.js";
import { StringOutputPort, withOutputPort } from "./ports.js";
import { assertSchemeError, assertWrongType, call, read } from "../testing/primitives.js";

const s = (text: string): MString => new MString(text);
const str = (v: Value): string => (v as MString).value;

/** What `body` writes to the current output port. */
function output(body: () => unknown): string {
  const port = new StringOutputPort();
  withOutputPort(port, body);
  return port.contents();
}

test("display and write follow R7RS, to the current port or the given one", () => {
  assert.equal(output(() => call("display", read('("a" #\\b 1.5 sym)'))), "(a b 1.5 sym)");
  assert.equal(output(() => call("write", read('("a" #\\b 1.5 sym)'))), '("a" #\\b 1.5 sym)');
  assert.equal(output(() => call("write-shared", read("#0=(1 . #0#)"))), "#0=(1 . #0#)");
  assert.equal(output(() => call("write-simple", s("q\"uote"))), '"q\\"uote"');
  const port = call("open-output-string");
  assert.equal(call("display", s("to port"), port), VOID);
  assert.equal(str(call("get-output-string", port)), "to port");
  assertWrongType(() => call("display", 1, s("not a port")), "display", "an output port", 2, '"not a port"');
});

test("format: ~a displays, ~s writes, ~% and ~n are newlines, ~~ is a tilde", () => {
  const text = call("format", s("~a and ~s, ~A/~S~%50~~ done~n"), s("x"), s("x"), Char.of(0x63), Char.of(0x63));
  assert.equal(str(text), 'x and "x", c/#\\c\n50~ done\n');
  assert.equal(str(call("format", s("no directives"))), "no directives");
  assert.equal(str(call("format", s("~a"), read("#(1 (2))"))), "#(1 (2))");
  assert.equal(str(call("format", s("~a"), s("extra"), s("ignored"))), "extra", "extra arguments are ignored, as in Calysto");
});

test("format reports a missing argument, an unknown directive and a lone tilde", () => {
  assertSchemeError(() => call("format", s("~a and ~a"), 1), {
    kind: "WrongArity",
    procedure: "format",
    message: "directive ~a at position 7 has no argument (1 given)",
    irritants: ['"~a and ~a"'],
  });
  assertSchemeError(() => call("format", s("~d"), 1), { kind: "WrongType", procedure: "format", message: "unknown directive ~d at position 0" });
  assertSchemeError(() => call("format", s("100~")), { kind: "WrongType", procedure: "format", message: "lone ~" });
  assertWrongType(() => call("format", sym("x")), "format", "an output port", 1, "x");
});

test("format with a destination: #f returns the text, #t and a port write it", () => {
  assert.equal(str(call("format", false, s("~a!"), 1)), "1!");
  assert.equal(output(() => assert.equal(call("format", true, s("~s"), s("q")), VOID)), '"q"');
  const port = call("open-output-string");
  call("format", port, s("to ~a"), sym("port"));
  assert.equal(str(call("get-output-string", port)), "to port");
  assertSchemeError(() => call("format", false), { kind: "WrongArity", procedure: "format" });
  assertWrongType(() => call("format", false, 5), "format", "a string", 2, "5");
});

test("printf writes to the current output port and names itself in errors", () => {
  assert.equal(output(() => call("printf", s("~a~a~%"), s("@"), 7)), "@7\n");
  assert.equal(output(() => call("printf", s("."))), ".");
  assertSchemeError(() => call("printf", s("~s")), { kind: "WrongArity", procedure: "printf" });
  assertWrongType(() => call("printf", 1), "printf", "a string", 1, "1");
});
