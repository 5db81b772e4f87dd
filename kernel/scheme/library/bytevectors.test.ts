import { test } from "node:test";
import assert from "node:assert/strict";
import { MString, VOID } from "../values.js";
import { assertDatum, assertSchemeError, assertWrongType, call, read } from "../testing/primitives.js";

test("make-bytevector, bytevector, bytevector?, bytevector-length, u8-ref, u8-set!", () => {
  assertDatum(call("make-bytevector", 2, 7), "#u8(7 7)");
  assertDatum(call("make-bytevector", 1), "#u8(0)");
  assertDatum(call("bytevector", 1, 255), "#u8(1 255)");
  assert.equal(call("bytevector?", read("#u8()")), true);
  assert.equal(call("bytevector?", read("#()")), false);
  const bv = read("#u8(1 2 3)");
  assert.equal(call("bytevector-length", bv), 3);
  assert.equal(call("bytevector-u8-ref", bv, 1), 2);
  assert.equal(call("bytevector-u8-set!", bv, 1, 200), VOID);
  assertDatum(bv, "#u8(1 200 3)");
  assertWrongType(() => call("bytevector", 1, 256), "bytevector", "a byte (an exact integer from 0 to 255)", 2, "256");
  assertWrongType(() => call("bytevector-u8-set!", bv, 0, -1), "bytevector-u8-set!", "a byte (an exact integer from 0 to 255)", 3, "-1");
  assertWrongType(() => call("make-bytevector", 2, 300), "make-bytevector", "a byte (an exact integer from 0 to 255)", 2, "300");
  assertSchemeError(() => call("bytevector-u8-ref", bv, 3), {
    kind: "IndexOutOfRange",
    procedure: "bytevector-u8-ref",
    message: "valid: 0 to 2",
    irritants: ["3", "#u8(1 200 3)"],
  });
  assertWrongType(() => call("bytevector-length", read("#(1)")), "bytevector-length", "a bytevector", 1, "#(1)");
});

test("bytevector-copy, bytevector-copy!, bytevector-append", () => {
  const bv = read("#u8(1 2 3 4)");
  const copy = call("bytevector-copy", bv);
  assert.notEqual(copy, bv);
  assertDatum(copy, "#u8(1 2 3 4)");
  assertDatum(call("bytevector-copy", bv, 1, 3), "#u8(2 3)");
  call("bytevector-copy!", bv, 1, bv, 0, 3);
  assertDatum(bv, "#u8(1 1 2 3)");
  assertSchemeError(() => call("bytevector-copy!", bv, 3, read("#u8(9 9)")), { kind: "WrongType", message: "2 bytes must fit" });
  assertWrongType(() => call("bytevector-copy!", bv, 0, read("#(1)")), "bytevector-copy!", "a bytevector", 3, "#(1)");
  assertDatum(call("bytevector-append", read("#u8(1)"), read("#u8()"), read("#u8(2 3)")), "#u8(1 2 3)");
});

test("utf8->string and string->utf8, with a clear error for invalid UTF-8", () => {
  assertDatum(call("string->utf8", new MString("λ😀")), "#u8(#xCE #xBB #xF0 #x9F #x98 #x80)");
  assertDatum(call("string->utf8", new MString("aλb"), 1, 2), "#u8(#xCE #xBB)");
  assert.equal((call("utf8->string", read("#u8(#xCE #xBB #x41)")) as MString).value, "λA");
  assert.equal((call("utf8->string", read("#u8(#x41 #x42 #x43)"), 1)) instanceof MString, true);
  assertSchemeError(() => call("utf8->string", read("#u8(#xFF)")), { kind: "WrongType", procedure: "utf8->string", message: "not valid UTF-8" });
});
