import { test } from "node:test";
import assert from "node:assert/strict";
import { LanguageError } from "../../language/language.js";
import { createSchemeEvaluator, preludeForms } from "../engine.js";
import { readAll } from "../reader/index.js";
import { Pair, Sym, type Value } from "../values.js";
import { notebookRepr } from "../printer.js";
import { prelude } from "./prelude.js";
import { testEvaluator } from "../testing/evaluate.js";

/** A fresh evaluator: `run` returns what the notebook would show; `output` collects what the program printed. */
function scheme() {
  let output = "";
  const evaluator = createSchemeEvaluator({
    stdout: (text) => (output += text),
    interruptFlag: new Int32Array(new SharedArrayBuffer(4)),
  });
  try {
    evaluator.getVariable("fold");
  } catch {
    evaluator.execute(prelude, { name: "prelude" }); // an engine that does not load the prelude itself
  }
  return {
    run: (code: string): string | null => notebookRepr(evaluator.execute(code, { name: "test" })),
    output: (): string => {
      const text = output;
      output = "";
      return text;
    },
    error: (code: string): string => {
      try {
        evaluator.execute(code, { name: "test" });
      } catch (err) {
        assert.ok(err instanceof LanguageError, String(err));
        return `${err.report.ename}: ${err.report.evalue}`;
      }
      assert.fail(`expected ${code} to fail`);
    },
  };
}

const s = scheme();

test("the prelude compiles cleanly on its own", () => {
  const fresh = createSchemeEvaluator({ stdout: () => {}, interruptFlag: new Int32Array(new SharedArrayBuffer(4)) });
  fresh.execute(prelude, { name: "prelude" });
});

test("map over one list or several (the shortest wins), in order", () => {
  assert.equal(s.run("(map (lambda (x) (* x x)) '(1 2 3))"), "(1 4 9)");
  assert.equal(s.run("(map + '(1 2 3) '(10 20) '(100 200 300))"), "(111 222)");
  assert.equal(s.run("(map car '())"), "()");
  assert.equal(s.run("(let ((order '())) (map (lambda (x) (set! order (cons x order))) '(1 2 3)) order)"), "(3 2 1)");
  assert.equal(s.run("(length (map (lambda (x) x) (iota 1000000)))"), "1000000");
  assert.equal(s.error("(map car 5)"), "WrongType: map: expected a proper list as argument 2, got 5");
  assert.equal(s.error("(map + '(1 2) '(1 . 2))"), "WrongType: map: expected a proper list as argument 3, got 2");
});

test("for-each calls in order, over several lists, and returns nothing to show", () => {
  assert.equal(s.run("(for-each display '(1 2 3))"), null);
  assert.equal(s.output(), "123");
  s.run("(for-each (lambda (a b) (display (+ a b))) '(1 2) '(10 20 30))");
  assert.equal(s.output(), "1122");
  assert.equal(s.error("(for-each display '(1 . 2))"), "WrongType: for-each: expected a proper list as argument 2, got 2");
  s.output();
});

test("vector-map, vector-for-each, string-map, string-for-each", () => {
  assert.equal(s.run("(vector-map (lambda (x) (* 2 x)) #(1 2 3))"), "#3(2 4 6)");
  assert.equal(s.run("(vector-map + #(1 2) #(10 20 30))"), "#2(11 22)");
  s.run("(vector-for-each (lambda (x y) (display (list x y))) #(1 2) #(a b))");
  assert.equal(s.output(), "(1 a)(2 b)");
  assert.equal(s.run('(string-map char-upcase "abc")'), '"ABC"');
  assert.equal(s.run('(string-map (lambda (a b) (if (char<? a b) a b)) "adc" "bbbz")'), '"abb"');
  s.run('(string-for-each (lambda (c) (display (char->integer c))) "AB")');
  assert.equal(s.output(), "6566");
  assert.equal(s.error("(vector-map car '(1))"), "WrongType: vector-map: expected a vector as argument 2, got (1)");
  assert.match(s.error('(string-map (lambda (c) 1) "a")'), /^WrongType: string-map: expected a procedure that returns characters as argument 1, got #<procedure/);
  assert.equal(s.error("(string-for-each display 'abc)"), "WrongType: string-for-each: expected a string as argument 2, got abc");
});

test("filter, remove, partition, delete, delete-duplicates", () => {
  assert.equal(s.run("(filter odd? (range 10))"), "(1 3 5 7 9)");
  assert.equal(s.run("(remove odd? (range 10))"), "(0 2 4 6 8)");
  assert.equal(s.run("(call-with-values (lambda () (partition symbol? '(a 1 b 2))) list)"), "((a b) (1 2))");
  assert.equal(s.run("(delete 2 '(1 2 3 2))"), "(1 3)");
  assert.equal(s.run("(delete 2.0 '(1 2 3) =)"), "(1 3)");
  assert.equal(s.run("(delete-duplicates '(a b a c b))"), "(a b c)");
  assert.equal(s.run("(delete-duplicates '(1 2 1.0) =)"), "(1 2)");
  assert.equal(s.error("(filter odd? 7)"), "WrongType: filter: expected a proper list as argument 2, got 7");
});

test("find, find-tail, list-index, any, every, count, filter-map, append-map, list-tabulate", () => {
  assert.equal(s.run("(find even? '(1 4 5 6))"), "4");
  assert.equal(s.run("(find even? '(1 3))"), "#f");
  assert.equal(s.run("(find-tail even? '(1 4 5))"), "(4 5)");
  assert.equal(s.run("(list-index even? '(1 3 4))"), "2");
  assert.equal(s.run("(any odd? '(2 4 5))"), "#t");
  assert.equal(s.run("(any (lambda (x) (and (> x 1) (* x 10))) '(1 2 3))"), "20");
  assert.equal(s.run("(any < '(5 2) '(1 3))"), "#t");
  assert.equal(s.run("(any odd? '())"), "#f");
  assert.equal(s.run("(every odd? '(1 3 5))"), "#t");
  assert.equal(s.run("(every (lambda (x) (and (odd? x) x)) '(1 3 5))"), "5", "every returns the last value");
  assert.equal(s.run("(every odd? '())"), "#t");
  assert.equal(s.run("(count even? '(1 2 4))"), "2");
  assert.equal(s.run("(count < '(1 5 2) '(2 3 4))"), "2");
  assert.equal(s.run("(filter-map (lambda (x) (and (odd? x) (* x x))) '(1 2 3))"), "(1 9)");
  assert.equal(s.run("(append-map (lambda (x) (list x x)) '(1 2))"), "(1 1 2 2)");
  assert.equal(s.run("(append-map list '(1 2) '(a b))"), "(1 a 2 b)");
  assert.equal(s.run("(length (append-map list (iota 200000)))"), "200000");
  assert.equal(s.run("(list-tabulate 4 (lambda (i) (* i i)))"), "(0 1 4 9)");
});

test("fold, fold-left, fold-right, reduce", () => {
  assert.equal(s.run("(fold cons '() '(1 2 3))"), "(3 2 1)");
  assert.equal(s.run("(fold cons* '() '(a b c) '(1 2 3))"), "(c 3 b 2 a 1)");
  assert.equal(s.run("(fold-left list '() '(1 2 3))"), "(((() 1) 2) 3)");
  assert.equal(s.run("(fold-left + 0 '(1 2) '(10 20))"), "33");
  assert.equal(s.run("(fold-right cons '() '(1 2 3))"), "(1 2 3)");
  assert.equal(s.run("(fold-right list 'end '(1 2 3) '(a b))"), "(1 a (2 b end))");
  assert.equal(s.run("(fold-right + 0 (iota 1000000))"), "499999500000");
  assert.equal(s.run("(reduce + 0 '(1 2 3 4))"), "10");
  assert.equal(s.run("(reduce max 0 '())"), "0");
  assert.equal(s.error("(reduce + 0 '(1 2 . 3))"), "WrongType: reduce: expected a proper list as argument 3, got (1 2 . 3)");
  assert.equal(s.error("(fold + 0 '(1 . 2))"), "WrongType: fold: expected a proper list as argument 3, got 2");
});

test("member and assoc take an optional equality predicate", () => {
  assert.equal(s.run("(member 2.0 '(1 2 3) =)"), "(2 3)");
  assert.equal(s.run("(member 2.0 '(1 2 3))"), "#f");
  assert.equal(s.run("(assoc 2.0 '((1 a) (2 b)) =)"), "(2 b)");
  assert.equal(s.run('(assoc "b" \'(("a" . 1) ("b" . 2)))'), '("b" . 2)');
  assert.equal(s.error("(assoc 1 '(1 2) =)"), "WrongType: assoc: expected an association list (a list of pairs) as argument 2, got (1 2)");
  assert.equal(s.error("(member 1 5 =)"), "WrongType: member: expected a proper list as argument 2, got 5");
});

test("alist-delete removes every association whose key matches", () => {
  assert.equal(s.run("(alist-delete 'a '((a . 1) (b . 2) (a . 3)))"), "((b . 2))");
  assert.equal(s.run("(alist-delete 2.0 '((1 . x) (2 . y)) =)"), "((1 . x))");
  assert.equal(s.error("(alist-delete 'a '(1))"), "WrongType: alist-delete: expected an association list (a list of pairs) as argument 2, got (1)");
});

test("string-index takes a predicate as well as a character", () => {
  assert.equal(s.run('(string-index "heLlo" char-upper-case?)'), "2");
  assert.equal(s.run('(string-index "hello" char-upper-case?)'), "#f");
  assert.equal(s.run('(string-index "hello" #\\l)'), "2");
});

test("sort is a stable merge sort, in Calysto's and SRFI-95's argument orders, for lists and vectors", () => {
  assert.equal(s.run("(sort < '(3 1 2))"), "(1 2 3)");
  assert.equal(s.run("(sort '(3 1 2) <)"), "(1 2 3)");
  assert.equal(s.run("(sort (vector 5 3 9 1) >)"), "#4(9 5 3 1)");
  assert.equal(s.run("(sort '((b . 1) (a . 1) (c . 0) (d . 1)) (lambda (x y) (< (cdr x) (cdr y))))"), "((c . 0) (b . 1) (a . 1) (d . 1))");
  assert.equal(s.run("(sort '() <)"), "()");
  assert.equal(s.run("(let ((v (list->vector (reverse (iota 100000))))) (equal? (sort v <) (list->vector (iota 100000))))"), "#t");
  assert.equal(s.run("(list-sort < '(3 2 1))"), "(1 2 3)");
  assert.equal(s.run("(vector-sort < #(3 2 1))"), "#3(1 2 3)");
  assert.equal(s.run("(let ((v (vector 3 1 2))) (vector-sort! v <) v)"), "#3(1 2 3)");
  assert.equal(s.run("(let ((v (vector 3 1 2))) (sort! v <) v)"), "#3(1 2 3)");
  assert.equal(s.run("(let* ((l (list 3 1 2)) (sorted (sort l <))) l)"), "(3 1 2)", "sort leaves its argument alone");
  assert.equal(s.error("(sort '(1 2) 5)"), "WrongType: sort: expected a procedure (the ordering) as argument 2, got 5");
  assert.equal(s.error("(sort 5 <)"), "WrongType: sort: expected a list or a vector as argument 1, got 5");
  assert.equal(s.error("(list-sort < #(1))"), "WrongType: list-sort: expected a list as argument 2, got #(1)");
});

test("with-output-to-string and call-with-output-string capture output; the console comes back even after an error", () => {
  assert.equal(s.run("(with-output-to-string (lambda () (display 42) (write \"x\")))"), '"42\\"x\\""');
  assert.equal(s.run("(call-with-output-string (lambda (port) (write 'sym port)))"), '"sym"');
  assert.ok(s.error("(with-output-to-string (lambda () (display 1) (car 1)))").startsWith("WrongType: car"));
  s.run('(display "back")');
  assert.equal(s.output(), "back");
  assert.equal(s.run("(call/cc (lambda (k) (with-output-to-string (lambda () (display 1) (k 'escaped)))))"), "escaped");
  s.run('(display "still")');
  assert.equal(s.output(), "still");
});

test("the Calysto extras the seed notebook uses, from Scheme", () => {
  s.run(`(define alphabet "@MHWRmEBSQKUGgqyp$8XDPFwdbkA&0ZTNhe9654YV*Cnsyza%3OLxo2JufIrc][vt}{71lji?|+)(=;-_!~:/,^.\` ")
         (define ascii (lambda (i) (get-item alphabet (int (* (/ i 256) 90)))))`);
  assert.equal(s.run("(ascii 0)"), '"@"');
  assert.equal(s.run("(ascii 255)"), '" "');
  assert.equal(s.run("(list->vector (map list->vector (map range (map (lambda (v) 3) (range 3)))))"), "#3(#3(0 1 2) #3(0 1 2) #3(0 1 2))");
  s.run('(printf "~a~a~%" (ascii 0) (ascii 128)) (printf "\\n")');
  assert.equal(s.output(), "@y\n\n");
  assert.equal(s.run('(format "~s and ~a" "x" "x")'), '"\\"x\\" and x"');
  assert.equal(s.run("(string-join \", \" '(a b c))"), '"a, b, c"');
  assert.equal(s.run("(len (range 7))"), "7");
  assert.equal(s.run("(sum (range 101))"), "5050");
});

// The prelude's procedures are compiled when a program first uses their names (engine.ts, GlobalEnvironment):
// nothing a program can do tells that apart from a library compiled at start.
test("library procedures compiled on first use behave as if compiled at start", () => {
  const t = testEvaluator();
  // Completion offers them before anything used them.
  assert.ok(t.complete("(vector-fo", 10).matches.includes("vector-for-each"));
  // Taken as a value, compared, printed.
  assert.equal(t.run("(define m filter) (list (procedure? m) (eq? m filter))"), "(#t #t)");
  assert.equal(t.run("filter"), "#<procedure filter>");
  // Wrapped by set! (which reads the old value first).
  t.run("(define calls 0) (set! remove (let ((old remove)) (lambda (p l) (set! calls (+ calls 1)) (old p l))))");
  assert.equal(t.run("(list (remove odd? '(1 2 3)) calls)"), "((2) 1)");
  // A redefinition whose value fails leaves the library's procedure in place, as any failed define does.
  assert.equal(t.fail("(define vector-map (car '()))").ename, "WrongType");
  assert.equal(t.run("(vector-map - #(1 2))"), "#(-1 -2)");
  // A user definition replaces the library's; library procedures that call it by name call the user's.
  t.run("(define (%check-list-end who tail i) (if (not (null? tail)) (error \"user check\" who)))");
  assert.equal(t.fail("(filter odd? '(1 2 . 3))").evalue, "user check filter");
  // A continuation captured inside a library procedure on its first use can be re-entered.
  t.run("(define k #f)");
  assert.equal(t.run("(string-map (lambda (c) (call/cc (lambda (c2) (if (char=? c #\\b) (set! k c2)) c))) \"ab\")"), '"ab"');
  assert.equal(t.run("(k #\\z)"), '"az"');
});

test("a fresh evaluator reads library procedures through the host's getVariable", () => {
  const ev = createSchemeEvaluator({ stdout: () => undefined, interruptFlag: new Int32Array(new SharedArrayBuffer(4)) });
  assert.equal(notebookRepr(ev.getVariable("vector-map")), "#<procedure vector-map>");
});

test("the prelude cuts into top-level forms by its layout: each piece reads as one form defining the name found", () => {
  const forms = preludeForms();
  assert.ok(forms.length > 40);
  const first = prelude.indexOf("\n(") + 1;
  assert.equal(forms.map((f) => f.source).join(""), prelude.slice(first), "no text is lost between the pieces");
  assert.equal(readAll(prelude, "prelude").datums.length, forms.length);
  for (const form of forms) {
    const { datums, positions } = readAll("\n".repeat(form.line - 1) + form.source, "prelude");
    assert.equal(datums.length, 1, `prelude, line ${form.line}: ${form.source.slice(0, 40)}`);
    assert.equal(positions.topLevel[0]!.line, form.line);
    const [keyword, target, init] = listItems(datums[0]!);
    assert.equal(keyword, Sym.intern("define"));
    const isProcedure = target instanceof Pair || (init instanceof Pair && init.car === Sym.intern("lambda"));
    const named = target instanceof Pair ? target.car : target;
    assert.ok(named instanceof Sym);
    const name = named.name;
    assert.equal(form.procedure, isProcedure ? name : undefined, `prelude, line ${form.line}`);
  }
});

function listItems(list: Value): Value[] {
  const items: Value[] = [];
  for (let p = list; p instanceof Pair; p = p.cdr) items.push(p.car);
  return items;
}
