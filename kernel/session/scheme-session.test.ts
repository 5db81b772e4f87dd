// The Session with Parabook's Scheme on the host and on two nodes: values of every kind cross between kernel
// processes through the codec and print as the notebook shows them; interrupt stops tight Scheme loops.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import type { ParabookEvent } from "../../contract/api.js";
import { CellRunner } from "../testing/cell-runs.js";
import { NodeSpawner } from "../cluster/node-spawner.js";
import { Session } from "./session.js";
import { defaultSettings } from "../settings/settings.js";

const session = new Session({ spawner: new NodeSpawner(), settings: () => ({ ...defaultSettings(), clusterSize: 2, defaultNodeKernel: "scheme", theme: "light", kernelMemoryMb: "auto" }) });
after(() => session.shutdown());

const cells = new CellRunner(session);
const run = (code: string) => cells.run(code);

test("%parallel calysto_scheme CalystoScheme starts Scheme nodes", async () => {
  const r = await run("%parallel calysto_scheme CalystoScheme");
  assert.equal(r.reply.status, "ok", JSON.stringify(r.errors));
  assert.equal((await run("%%px\n(* cluster_rank cluster_rank)")).result, "#2(0 1)");
});

test("every kind of value crosses from the nodes and prints as the notebook shows it", async () => {
  const r = await run(`%%px
(list (expt 2 100) (/ cluster_rank 3) 2.5 -0.0 (/ 1.0 0.0) (complex 1.5 -2) "a \\"q\\"" #\\a 'sym #t '() (vector 1 2) (cons 1 2))`);
  assert.equal(r.reply.status, "ok", JSON.stringify(r.errors));
  assert.equal(
    r.result,
    '#2((1267650600228229401496703205376 0 2.5 -0.0 +inf.0 1.5-2.0i "a \\"q\\"" #\\a sym #t () #2(1 2) (1 . 2)) ' +
      '(1267650600228229401496703205376 1/3 2.5 -0.0 +inf.0 1.5-2.0i "a \\"q\\"" #\\a sym #t () #2(1 2) (1 . 2)))',
  );
});

test("a procedure crosses as a stand-in that says what it is; cycles cross as cycles", async () => {
  const proc = await run("%%px\n(define (square x) (* x x))\nsquare");
  assert.equal(proc.result, "#2(#<procedure square> #<procedure square>)");
  await run("%%px -s cycles\n(let ((l (list 1 2))) (set-cdr! (cdr l) l) l)");
  assert.equal((await run("(let ((l (vector-ref cycles 1))) (list (car l) (cadr l) (caddr l) (eq? l (cddr l))))")).result, "(1 2 1 #t)");
});

test("%pmap calls a procedure defined on the nodes, results in input order", async () => {
  await run("%%px\n(define (cube x) (* x x x))");
  assert.equal((await run("%pmap cube (list 1 2 3 4 5)")).result, "#5(1 8 27 64 125)");
  assert.equal((await run("%pmap (lambda (x) (+ x cluster_rank 0.5)) (vector 10) -t 1")).result, "#1(11.5)", "any procedure expression");
  const failing = await run("%pmap car (list 1 (list 2))");
  assert.equal(failing.result, "#2(#<error on node 0> 2)".replace("node 0", `node ${failing.errors[0]?.node}`));
  assert.equal(failing.errors[0]?.ename, "WrongType");
});

test("on the nodes, a primitive's error reaches the handler before the after thunks; an unhandled one keeps its line", async () => {
  const handled = await run(`%%px
(define trail '())
(call/cc (lambda (k)
  (with-exception-handler
    (lambda (e) (set! trail (cons 'handler trail)) (k (error-object-irritants e)))
    (lambda () (dynamic-wind (lambda () #f) (lambda () (vector-ref (vector 'a) (+ cluster_rank 1))) (lambda () (set! trail (cons 'after trail))))))))`);
  assert.equal(handled.reply.status, "ok", JSON.stringify(handled.errors));
  assert.equal(handled.result, "#2((1 #1(a)) (2 #1(a)))");
  assert.equal((await run("%%px\n(reverse trail)")).result, "#2((handler after) (handler after))");
  const unhandled = await run("%%px\n(define v (vector 1))\n(guard (e ((string? e) e))\n  (vector-ref v 5))");
  assert.deepEqual(unhandled.errors.map((e) => e.ename), ["IndexOutOfRange", "IndexOutOfRange"]);
  assert.match(unhandled.errors[0]!.traceback[0]!, /line 4, column 3: vector-ref: index out of range/);
});

test("interrupt stops tight Scheme loops on the host and the nodes and keeps definitions", async () => {
  await run("%%px -e\n(define kept (+ cluster_rank 100))\n(define (forever n) (forever (+ n 1)))");
  const busy = new Promise<void>((resolve) => {
    const off = session.onEvent((e: ParabookEvent) => {
      if (e.type === "cluster" && e.status.nodes.every((n) => n.state === "busy")) {
        off();
        resolve();
      }
    });
  });
  const running = run("%%px -e\n(forever 0)");
  await busy;
  await session.interrupt();
  const r = await running;
  assert.equal(r.reply.status, "aborted");
  assert.deepEqual(r.errors.map((e) => e.ename), ["Interrupted", "Interrupted", "Interrupted"]);
  assert.equal((await run("%px kept -e")).result, "#2(100 101)");
  assert.equal((await run("kept")).result, "99");
});

test("an uncounted execute (Jupyter's store_history false) runs under the current count and takes none", async () => {
  const before = session.nextExecutionCount;
  const reply = await session.execute("uncounted", "(define uncounted-x 41)", { count: false });
  assert.deepEqual(reply, { status: "ok", executionCount: before - 1 });
  assert.equal(session.nextExecutionCount, before);
  assert.equal((await run("(+ uncounted-x 1)")).result, "42");
  assert.equal(session.nextExecutionCount, before + 1);
});

test("is_complete looks past the leading magic lines; inspect gives a magic's usage on its line, else the Scheme's answer", async () => {
  assert.deepEqual(await session.isComplete("%%time\n(define (f x)\n  (let ((y x))"), { status: "incomplete", indent: "    " });
  assert.deepEqual(await session.isComplete("%%px -e\n"), { status: "complete" });
  assert.deepEqual(await session.isComplete("%parallel -n 2\n\n(+ 1 2)"), { status: "complete" });
  assert.deepEqual(await session.isComplete("(+ 1 2))"), { status: "invalid" });
  const px = await session.inspect("%%px -t 0\n(car x)", 3);
  assert.equal(px?.name, "px");
  assert.match(px?.text ?? "", /^%px EXPR.*\n%%px/s);
  assert.equal((await session.inspect("%%px -t 0\n(car x)", 14))?.text, "car: built-in procedure, takes 1 argument");
  assert.equal(await session.inspect("%nosuchmagic", 3), null);
});
