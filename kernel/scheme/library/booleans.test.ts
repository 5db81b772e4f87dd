import { test } from "node:test";
import assert from "node:assert/strict";
import { NIL } from "../values.js";
import { assertWrongType, call } from "../testing/primitives.js";

test("not, boolean?, boolean=?", () => {
  assert.equal(call("not", false), true);
  assert.equal(call("not", NIL), false, "the empty list is true");
  assert.equal(call("not", 0), false);
  assert.equal(call("boolean?", false), true);
  assert.equal(call("boolean?", NIL), false);
  assert.equal(call("boolean=?", true, true, true), true);
  assert.equal(call("boolean=?", false, true), false);
  assertWrongType(() => call("boolean=?", true, 1), "boolean=?", "a boolean", 2, "1");
});
