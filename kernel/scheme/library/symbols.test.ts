import { test } from "node:test";
import assert from "node:assert/strict";
import { MString, Sym, sym } from "../values.js";
import { assertWrongType, call } from "../testing/primitives.js";

test("symbol?, symbol->string, string->symbol, symbol=?", () => {
  assert.equal(call("symbol?", sym("a")), true);
  assert.equal(call("symbol?", new MString("a")), false);
  const s = call("symbol->string", sym("hello")) as MString;
  assert.equal(s.value, "hello");
  s.value = "changed";
  assert.equal(sym("hello").name, "hello", "the string is a fresh copy");
  assert.equal(call("string->symbol", new MString("x y")), sym("x y"));
  assert.equal(call("symbol=?", sym("a"), sym("a"), sym("a")), true);
  assert.equal(call("symbol=?", sym("a"), sym("b")), false);
  assertWrongType(() => call("symbol->string", new MString("a")), "symbol->string", "a symbol", 1, '"a"');
  assertWrongType(() => call("string->symbol", sym("a")), "string->symbol", "a string", 1, "a");
  assertWrongType(() => call("symbol=?", sym("a"), 1), "symbol=?", "a symbol", 2, "1");
});

test("gensym and string->uninterned-symbol make symbols no other symbol is eq? to", () => {
  const g1 = call("gensym") as Sym;
  const g2 = call("gensym") as Sym;
  assert.notEqual(g1, g2);
  assert.equal(g1.isInterned(), false);
  assert.match((call("gensym", new MString("tmp")) as Sym).name, /^tmp\d+$/);
  assert.match((call("gensym", sym("loop")) as Sym).name, /^loop\d+$/);
  const u = call("string->uninterned-symbol", new MString("a")) as Sym;
  assert.equal(u.name, "a");
  assert.notEqual(u, sym("a"));
  assertWrongType(() => call("gensym", 5), "gensym", "a string or a symbol", 1, "5");
});
