import { test } from "node:test";
import assert from "node:assert/strict";
import { createSchemeEvaluator } from "./engine.js";

test("the error port writes to the kernel's stderr, in order with what goes to stdout", () => {
  const chunks: string[] = [];
  const ev = createSchemeEvaluator({
    stdout: (t) => chunks.push(`out:${t}`),
    stderr: (t) => chunks.push(`err:${t}`),
    interruptFlag: new Int32Array(new SharedArrayBuffer(4)),
  });
  ev.execute('(display "a") (display "b" (current-error-port)) (display "c") (newline (current-error-port))', { name: "test" });
  assert.deepEqual(chunks, ["out:a", "err:b", "out:c", "err:\n"]);
});
