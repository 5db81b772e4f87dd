import { test } from "node:test";
import assert from "node:assert/strict";
import { createSchemeEvaluator } from "./engine.js";
import { schemeCompleteness } from "./inspection.js";

test("is_complete: whole expressions are complete, open ones incomplete with an indent per open parenthesis, stray ones invalid", () => {
  assert.deepEqual(schemeCompleteness("(define x 1)\n(+ x 2)"), { status: "complete" });
  assert.deepEqual(schemeCompleteness(""), { status: "complete" });
  assert.deepEqual(schemeCompleteness("(define (f x)\n  (let ((y 2))"), { status: "incomplete", indent: "    " });
  assert.deepEqual(schemeCompleteness('(display "a ( string'), { status: "incomplete", indent: "" });
  assert.deepEqual(schemeCompleteness("(list #\\( ; a ( comment\n"), { status: "incomplete", indent: "  " });
  assert.deepEqual(schemeCompleteness("#| open block comment"), { status: "incomplete", indent: "" });
  assert.deepEqual(schemeCompleteness("(+ 1 2))"), { status: "invalid" });
});

test("inspect names built-ins with their arity, syntax, definitions and values; unknown names are not found", () => {
  const ev = createSchemeEvaluator({ stdout: () => undefined, interruptFlag: new Int32Array(new SharedArrayBuffer(4)) });
  ev.execute("(define (square x) (* x x)) (define v (vector 1 2 3))", { name: "test" });
  const at = (code: string, cursor = code.length) => ev.inspect(code, cursor)?.text;
  assert.equal(at("(car"), "car: built-in procedure, takes 1 argument");
  assert.equal(at("(list", 3), "list: built-in procedure, takes 0 or more arguments");
  assert.equal(at("(lambda"), "lambda: syntax (a special form or a macro)");
  assert.equal(at("(square 3)", 4), "square: procedure #<procedure square>");
  assert.equal(at("v"), "v = #(1 2 3)");
  assert.equal(at("no-such-name"), undefined);
  assert.equal(at("(  ", 2), undefined);
  // Asking did not define it.
  assert.throws(() => ev.getVariable("no-such-name"), /unbound variable no-such-name/);
});
