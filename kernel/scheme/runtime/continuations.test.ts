import { test } from "node:test";
import assert from "node:assert/strict";
import { testEvaluator } from "../testing/evaluate.js";

type Evaluator = ReturnType<typeof testEvaluator>;
const check = (ev: Evaluator, code: string, expected: string) => assert.equal(ev.run(code), expected, code);
/** Run each line in turn (a later line usually re-enters a continuation an earlier one saved). */
const checkEach = (ev: Evaluator, lines: readonly (readonly [string, string])[]) => lines.forEach(([code, expected]) => check(ev, code, expected));

test("a continuation captured in a top-level form is re-entered from a later form of the same cell, which then goes on", () => {
  const ev = testEvaluator();
  ev.value(`(define k #f) (define n 0)
    (display (+ 1 (call/cc (lambda (c) (set! k c) 1))))
    (set! n (+ n 1)) (if (< n 3) (k n))`);
  assert.equal(ev.output(), "223");
  check(ev, "n", "3");
});

test("a generator over for-each yields each element once per call, then done", () => {
  const ev = testEvaluator();
  ev.value(`(define (make-generator items)
    (define return #f)
    (define resume #f)
    (lambda ()
      (call/cc (lambda (r)
        (set! return r)
        (if resume
            (resume #f)
            (begin
              (for-each (lambda (x) (call/cc (lambda (next) (set! resume next) (return x)))) items)
              (return 'done)))))))`);
  ev.value("(define g (make-generator '(a b c)))");
  check(ev, "(list (g) (g) (g) (g) (g))", "(a b c done done)");
  // One call per cell: each resumes the loop where the previous cell left it.
  ev.value("(define h (make-generator (iota 3)))");
  assert.deepEqual(["(h)", "(h)", "(h)", "(h)"].map((c) => ev.run(c)), ["0", "1", "2", "done"]);
  // A long list: the resumed loop keeps running in constant stack through its tail calls.
  ev.value("(define long (make-generator (iota 20000)))");
  check(ev, "(let loop ((sum 0)) (let ((x (long))) (if (eq? x 'done) sum (loop (+ sum x)))))", String((19999 * 20000) / 2));
});

test("re-entering a continuation captured inside map does not change the lists map returned before", () => {
  const ev = testEvaluator();
  check(
    ev,
    `(define results '()) (define again #f)
     (define m (map (lambda (x) (call/cc (lambda (c) (if (= x 2) (set! again c)) x))) '(1 2 3)))
     (set! results (cons m results))
     (if (< (length results) 3) (again (* 10 (length results))))
     results`,
    "((1 20 3) (1 10 3) (1 2 3))",
  );
});

test("dynamic-wind: re-entering runs the before thunk again, leaving runs the after thunk", () => {
  const ev = testEvaluator();
  check(
    ev,
    `(define trail '()) (define (note x) (set! trail (cons x trail))) (define inside #f) (define count 0)
     (dynamic-wind (lambda () (note 'before)) (lambda () (call/cc (lambda (c) (set! inside c))) (note 'body)) (lambda () (note 'after)))
     (set! count (+ count 1))
     (if (< count 2) (inside #f))
     (reverse trail)`,
    "(before body after before body after)",
  );
  // Jumping from one extent into another leaves the first (after) before entering the second (before).
  check(
    ev,
    `(set! trail '()) (define jumped #f)
     (dynamic-wind (lambda () (note 'in-a)) (lambda () (call/cc (lambda (c) (set! inside c))) (note 'a-body)) (lambda () (note 'out-a)))
     (if (not jumped)
         (dynamic-wind (lambda () (note 'in-b)) (lambda () (set! jumped #t) (inside #f)) (lambda () (note 'out-b))))
     (reverse trail)`,
    "(in-a a-body out-a in-b out-b in-a a-body out-a)",
  );
});

test("a continuation invoked in a later cell re-enters the rest of its own form, whose value the later cell shows", () => {
  const ev = testEvaluator();
  ev.value(`(define saved #f) (define log '())
    (set! log (cons (call/cc (lambda (c) (set! saved c) 1)) log))
    (set! log (cons 'after log))`);
  check(ev, "(define saved-sum #f) (+ 100 (call/cc (lambda (c) (set! saved-sum c) 1)))", "101");
  check(ev, "(saved-sum 5)", "105");
  // Only the rest of that form runs, not the forms after it in its cell, nor the rest of the later cell.
  ev.value("(saved 2) (set! log (cons 'never log))");
  check(ev, "log", "(2 after 1)");
});

test("variables the frame assigns are shared by all re-entries; a deep recursion is re-entered whole", () => {
  const ev = testEvaluator();
  ev.value("(define kk #f) (define (counter) (let ((i 0)) (call/cc (lambda (c) (set! kk c))) (set! i (+ i 1)) i))");
  checkEach(ev, [
    ["(counter)", "1"],
    ["(kk #f)", "2"],
    ["(kk #f)", "3"],
  ]);
  ev.value("(define kd #f) (define (deep n) (if (= n 0) (call/cc (lambda (k) (set! kd k) 0)) (+ 1 (deep (- n 1)))))");
  checkEach(ev, [
    ["(deep 5000)", "5000"],
    ["(kd 7)", "5007"],
  ]);
});

test("escapes still work inside guard, and a continuation based in a built-in procedure's call that returned is refused", () => {
  const ev = testEvaluator();
  check(ev, "(guard (e (#t (list 'caught e))) (+ 1 (call/cc (lambda (k) (raise 'boom)))))", "(caught boom)");
  check(ev, "(guard (e (#t 'caught)) (+ 1 (call/cc (lambda (k) (k 41)))))", "42");
  check(ev, "(define kp #f) (call-with-values (lambda () (call/cc (lambda (c) (set! kp c) 1))) list)", "(1)");
  const r = ev.fail("(kp 2)");
  assert.match(r.evalue, /this continuation cannot be re-entered: it was captured inside a call made by a built-in procedure .* that has since returned/);
});

test("an error in re-entered code is reported like any other, and the kernel stays usable", () => {
  const ev = testEvaluator();
  check(ev, "(define ke #f) (car (call/cc (lambda (c) (set! ke c) '(1))))", "1");
  const r = ev.fail("(ke 5)");
  assert.equal(r.ename, "WrongType");
  assert.match(r.evalue, /car/);
  check(ev, "(ke '(9))", "9");
});

test("a frame is resumed from any kind of expression, and a resumed frame can be captured again", () => {
  const ev = testEvaluator();
  ev.value("(define kk #f) (define k2 #f)");
  checkEach(ev, [
    ["(let ((a (+ 0 1)) (b (call/cc (lambda (c) (set! kk c) 2))) (c 3)) (list a b c))", "(1 2 3)"],
    ["(kk 20)", "(1 20 3)"],
    ["(letrec ((a 1) (b (call/cc (lambda (c) (set! kk c) 2))) (f (lambda () (list a b)))) (f))", "(1 2)"],
    ["(kk 30)", "(1 30)"],
    ["(if (call/cc (lambda (c) (set! kk c) #t)) 'yes 'no)", "yes"],
    ["(kk #f)", "no"],
  ]);
  // Operands evaluated before the capture keep their values; those after it are evaluated again.
  checkEach(ev, [
    ["(+ 1 (call/cc (lambda (c) (set! kk c) 1)) (call/cc (lambda (c) (set! k2 c) 10)))", "12"],
    ["(kk 100)", "111"],
    ["(k2 1000)", "1101"],
  ]);
  ev.value("(define (pair-up) (let ((x (call/cc (lambda (c) (set! kk c) 1)))) (let ((y (call/cc (lambda (c) (set! k2 c) 2)))) (list x y))))");
  checkEach(ev, [
    ["(pair-up)", "(1 2)"],
    ["(kk 10)", "(10 2)"],
    ["(k2 20)", "(10 20)"],
  ]);
  ev.value("(define (with-rest . xs) (cons (call/cc (lambda (c) (set! kk c) 0)) xs))");
  checkEach(ev, [
    ["(with-rest 1 2)", "(0 1 2)"],
    ["(kk 7)", "(7 1 2)"],
  ]);
  ev.value("(define (adder n) (let ((m (call/cc (lambda (c) (set! kk c) 1)))) (lambda (x) (+ x n m))))");
  checkEach(ev, [
    ["((adder 100) 1)", "102"],
    ["((kk 5) 1)", "106"],
  ]);
});

// A procedure enters a local procedure it binds (a named let) by a direct call, not through the trampoline
// (codegen.ts); these pin down what that must not change.
test("entering a named let directly keeps tail calls proper and continuations re-entrant", () => {
  const ev = testEvaluator();
  // Letrec siblings calling each other in tail position: a million bounces on the test's small default stack.
  check(ev, "(letrec ((ev? (lambda (n) (if (= n 0) #t (od? (- n 1))))) (od? (lambda (n) (if (= n 0) #f (ev? (- n 1)))))) (ev? 1000000))", "#t");
  // A procedure whose named let tail-calls the procedure again: a million rounds, the stack stays flat.
  check(ev, "(define (rounds n) (let loop ((i 0)) (if (< i 2) (loop (+ i 1)) (if (= n 0) 'done (rounds (- n 1)))))) (rounds 1000000)", "done");
  // A continuation captured inside a named let returns, when re-entered, to the caller of the procedure.
  ev.value(`(define k #f) (define log '())
    (define (g) (let loop ((i 0)) (if (< i 3) (loop (+ i 1)) (+ 1 (call/cc (lambda (c) (set! k c) i))))))`);
  check(ev, "(set! log (cons (g) log)) (if (< (length log) 3) (k 20)) log", "(21 21 4)");
  // An error inside the loop names the loop and the procedure that entered it.
  ev.value("(define (h l) (let walk ((l l)) (if (null? l) 'end (walk (cdr (car l))))))");
  assert.deepEqual(ev.fail("(h '(1))").traceback.slice(1), ["  in walk", "  in h"]);
});
