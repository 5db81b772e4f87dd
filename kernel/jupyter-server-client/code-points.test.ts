import { test } from "node:test";
import assert from "node:assert/strict";
import { codePointOffset, utf16Offset } from "./code-points.js";

test("cursor offsets: UTF-16 units in JavaScript, code points in Jupyter, the same outside astral characters", () => {
  assert.equal(codePointOffset("(define x 1)", 8), 8);
  const text = '(display "😀😀") (dis';
  assert.equal(text.length, 21);
  assert.equal(codePointOffset(text, text.length), 19);
  assert.equal(utf16Offset(text, 19), 21);
  for (let i = 0; i <= text.length; i++) {
    // Every offset that is not inside a surrogate pair comes back as it went.
    if (i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) continue;
    assert.equal(utf16Offset(text, codePointOffset(text, i)), i, `offset ${i}`);
  }
  assert.equal(utf16Offset("ab", 10), 2, "clamped to the text");
});
