// The console's input port: reads with no port argument ask the front end (EvaluatorIO.readInput) for a line, with
// the unfinished line of output as the prompt; the answer is read character by character, as a datum, or as a line;
// the end of input gives the eof object; an unavailable front end, or an interrupt, stops the program saying so.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createSchemeEvaluator } from "../engine.js";
import { writeString } from "../printer.js";
import { LanguageError, type ErrorReport, type InputOutcome, type InputRequest } from "../../language/language.js";

/** An evaluator whose front end answers from `answers` in turn (then: end of input), recording every question. */
function console(answers: InputOutcome[]) {
  const asked: InputRequest[] = [];
  let out = "";
  const interruptFlag = new Int32Array(new SharedArrayBuffer(4));
  const ev = createSchemeEvaluator({
    stdout: (text) => (out += text),
    interruptFlag,
    readInput: (request) => {
      asked.push(request);
      return answers.shift() ?? { kind: "end" };
    },
  });
  const run = (code: string): string => writeString(ev.execute(code, { name: "test" }));
  const fail = (code: string): ErrorReport => {
    try {
      ev.execute(code, { name: "test" });
    } catch (e) {
      if (e instanceof LanguageError) return e.report;
      throw e;
    }
    throw new Error(`expected ${code} to fail`);
  };
  /** What was written since the last call. */
  const output = (): string => {
    const written = out;
    out = "";
    return written;
  };
  return { run, fail, asked, output, interruptFlag };
}

const line = (text: string): InputOutcome => ({ kind: "line", line: text });

test("(read-line) asks the front end for a line and returns it without its newline", () => {
  const c = console([line("Ada")]);
  assert.equal(c.run('(string-append "hello " (read-line))'), '"hello Ada"');
  assert.deepEqual(c.asked, [{ prompt: "", password: false }]);
});

test("the unfinished line of output is the prompt; complete lines before it are written as usual", () => {
  const c = console([line("Ada")]);
  assert.equal(c.run('(display "Welcome\\nName: ") (read-line)'), '"Ada"');
  assert.deepEqual(c.asked, [{ prompt: "Name: ", password: false }]);
  assert.equal(c.output(), "Welcome\n", "the prompt is not written twice");
});

test("read-char and peek-char read the answer one character at a time, its newline included, then ask again", () => {
  const c = console([line("ab"), line("c")]);
  assert.equal(c.run("(list (peek-char) (read-char) (read-char) (read-char) (read-char))"), "(#\\a #\\a #\\b #\\newline #\\c)");
  assert.equal(c.asked.length, 2);
});

test("read takes a datum, across lines while it is unfinished, and a read-line after it asks anew", () => {
  const c = console([line("(1 2"), line("3) 4"), line("Ada")]);
  assert.equal(c.run("(list (read) (read) (read-line))"), '((1 2 3) 4 "Ada")');
  assert.equal(c.asked.length, 3);
});

test("read skips answers that hold no datum and asks again", () => {
  const c = console([line(""), line("   ; just a comment"), line("sym")]);
  assert.equal(c.run("(read)"), "sym");
  assert.equal(c.asked.length, 3);
});

test("a syntax error in what was typed is reported and the bad text is not read again", () => {
  const c = console([line("(1 . . 2)"), line("ok")]);
  const report = c.fail("(read)");
  assert.equal(report.ename, "SyntaxError");
  assert.match(report.traceback[0]!, /^console input, line 1, column \d+: a list may have only one '\.'/);
  assert.equal(c.run("(read)"), "ok");
});

test("read-string gathers characters over as many answers as it takes", () => {
  const c = console([line("ab"), line("cdef")]);
  assert.equal(c.run("(read-string 5)"), '"ab\\ncd"');
});

test("the end of input gives the eof object to every reader", () => {
  const c = console([{ kind: "end" }, { kind: "end" }, { kind: "end" }, { kind: "end" }]);
  assert.equal(c.run("(map eof-object? (list (read-line) (read-char) (peek-char) (read)))"), "(#t #t #t #t)");
});

test("char-ready? never asks: true only while part of an answer is unread", () => {
  const c = console([line("x")]);
  assert.equal(c.run("(char-ready?)"), "#f");
  assert.equal(c.asked.length, 0);
  assert.equal(c.run("(list (read-char) (char-ready?) (read-char) (char-ready?))"), "(#\\x #t #\\newline #f)");
});

test("what a cell leaves unread is dropped: the next cell's read asks again", () => {
  const c = console([line("Ada"), line("Grace")]);
  assert.equal(c.run("(read-char)"), "#\\A");
  assert.equal(c.run("(read-line)"), '"Grace"');
});

test("a front end that cannot answer stops the program with NoInput, saying why", () => {
  const c = console([{ kind: "unavailable", reason: "parabook run's stdin is a terminal" }]);
  const report = c.fail('(define x 1)\n(display (read-line))');
  assert.equal(report.ename, "NoInput");
  assert.equal(report.evalue, "no input is available here: parabook run's stdin is a terminal");
  assert.match(report.traceback[0]!, /test, line 2, column 10/);
  assert.equal(c.run("x"), "1", "the definitions before it are kept");
});

test("a prompt whose question could not be asked, or was interrupted, is written as output: nothing is lost", () => {
  const c = console([{ kind: "unavailable", reason: "nobody here" }, { kind: "interrupted" }]);
  c.fail('(display "Name: ") (read-line)');
  assert.equal(c.output(), "Name: ");
  Atomics.store(c.interruptFlag, 0, 1);
  c.fail('(display "Again: ") (read-line)');
  assert.equal(c.output(), "Again: ");
});

test("without readInput the console says there is nobody to ask", () => {
  const ev = createSchemeEvaluator({ stdout: () => undefined, interruptFlag: new Int32Array(new SharedArrayBuffer(4)) });
  assert.throws(
    () => ev.execute("(read-line)", { name: "test" }),
    (e: unknown) => e instanceof LanguageError && e.report.ename === "NoInput" && /no front end/.test(e.report.evalue),
  );
});

test("an interrupt that ends the wait stops the program with Interrupted and clears the flag", () => {
  const c = console([{ kind: "interrupted" }]);
  Atomics.store(c.interruptFlag, 0, 1); // as the switchboard leaves it
  assert.equal(c.fail("(read-line)").ename, "Interrupted");
  assert.equal(Atomics.load(c.interruptFlag, 0), 0);
});

test("a string port given as the port is read as before, without asking", () => {
  const c = console([]);
  assert.equal(c.run('(let ((p (open-input-string "x\\ny"))) (list (read-line p) (read-line p) (char-ready? p)))'), '("x" "y" #t)');
  assert.equal(c.asked.length, 0);
});

test("parameterize can make a string port the current input port; the console comes back after", () => {
  const c = console([line("typed")]);
  assert.equal(c.run('(parameterize ((current-input-port (open-input-string "given"))) (read-line))'), '"given"');
  assert.equal(c.run("(list (input-port? (current-input-port)) (read-line))"), '(#t "typed")');
});
