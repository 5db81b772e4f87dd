// The Jupyter Server session against Debian's jupyter-server on 127.0.0.1 with token auth, with the kernels there.

import { test } from "node:test";
import assert from "node:assert/strict";
import type { CellEvent, ParabookEvent } from "../../contract/api.js";
import { JupyterServerSession, parallelLineOf } from "./jupyter-server-session.js";
import { startJupyterServer } from "../../conformance/testing/jupyter-server.js";
import { jupyterServerForThisFile } from "../../conformance/testing/server-for-file.js";

const served = jupyterServerForThisFile();

function sessionOn(kernelName: string): { session: JupyterServerSession; events: ParabookEvent[] } {
  const session = new JupyterServerSession({ server: { url: served.server.url, token: served.server.token }, kernelName });
  const events: ParabookEvent[] = [];
  session.onEvent((e) => events.push(e));
  return { session, events };
}

/** Resolves once `events` holds one that `matches` (checked every 20 ms, up to 60 s). */
async function eventArrives(events: ParabookEvent[], matches: (e: ParabookEvent) => boolean, from = 0): Promise<void> {
  for (let i = 0; i < 3000 && !events.slice(from).some(matches); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(events.slice(from).some(matches), "the awaited event came");
}

/** `promise`, or a failure naming `what` and the last events when it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string, events: ParabookEvent[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s; the last events:\n${events.slice(-12).map((e) => JSON.stringify(e)).join("\n")}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const cellEvents = (events: ParabookEvent[], cellId: string) => events.filter((e): e is CellEvent => "cellId" in e && e.cellId === cellId);

test("a kernelspec that is not Parabook's is refused saying so, and the kernel it started is shut down", { timeout: 60_000 }, async () => {
  const { session, events } = sessionOn("python3");
  try {
    const reply = await session.execute("c1", "1 + 1");
    assert.equal(reply.status, "error");
    const [error] = cellEvents(events, "c1");
    assert.equal(error?.type, "error");
    assert.match(error?.type === "error" ? error.evalue : "", /The kernel on the Jupyter Server at http:\/\/127\.0\.0\.1:\d+\/ is not a Parabook kernel \(it has no "parabook" comm\); choose Parabook's kernelspec in Settings ▸ Kernel/);
    const dead = events.filter((e) => e.type === "kernel").at(-1);
    assert.deepEqual(dead?.type === "kernel" ? [dead.state, /not a Parabook kernel/.test(dead.message ?? "")] : [], ["dead", true]);
    const kernels = (await (await fetch(`${served.server.url}api/kernels`, { headers: { Authorization: `token ${served.server.token}` } })).json()) as unknown[];
    assert.deepEqual(kernels, [], "the kernel that turned out not to be Parabook's was shut down");
  } finally {
    await session.shutdown();
  }
});

test("Parabook's kernel under the server: outputs, results, errors, the cluster, px progress and sticky magics come back as the Session's own events", { timeout: 180_000 }, async () => {
  const { session, events } = sessionOn("");
  try {
    await session.start();
    assert.deepEqual(events.filter((e) => e.type === "kernel").map((e) => e.type === "kernel" && e.state), ["starting", "idle"]);
    assert.deepEqual(session.kernels().map((k) => k.name), ["scheme"], "the kernels Parabook has there, over the comm");

    const ok = await session.execute("a", '(display "hi")\n(newline)\n(+ 1 2)');
    assert.equal(ok.status, "ok");
    assert.deepEqual(
      cellEvents(events, "a").map((e) => (e.type === "stream" ? ["stream", e.name, e.text] : e.type === "result" ? ["result", e.data["text/plain"], e.executionCount] : [e.type])),
      [["stream", "stdout", "hi\n"], ["result", "3", ok.executionCount]],
    );

    const bad = await session.execute("b", "(car 1)");
    assert.equal(bad.status, "error");
    const [error] = cellEvents(events, "b");
    assert.equal(error?.type, "error");

    const parallel = await session.execute("c", "%parallel calysto_scheme CalystoScheme -n 2");
    assert.equal(parallel.status, "ok", JSON.stringify(cellEvents(events, "c")));
    assert.deepEqual(session.clusterStatus().nodes.map((n) => [n.rank, n.state]), [[0, "idle"], [1, "idle"]], "the cluster state arrived over the comm");

    const px = await session.execute("d", "%%px\n(display cluster_rank)\ncluster_rank");
    assert.equal(px.status, "ok");
    const pxEvents = cellEvents(events, "d");
    const streams = pxEvents.filter((e) => e.type === "stream").map((e) => e.type === "stream" && [e.node, e.text]);
    assert.deepEqual(streams.sort(), [[0, "0"], [1, "1"]], "each node's text attributed to its node, as locally");
    assert.ok(pxEvents.some((e) => e.type === "px-progress" && e.done === 2 && e.total === 2), "px progress");
    assert.equal(pxEvents.find((e) => e.type === "result")?.type === "result" && (pxEvents.find((e) => e.type === "result") as { data: Record<string, string> }).data["text/plain"], "#2(0 1)");

    assert.equal((await session.execute("e", "%%%px -e")).status, "ok");
    assert.deepEqual(events.filter((e) => e.type === "sticky").at(-1), { type: "sticky", magics: ["%%px -e"] });
    await session.removeStickyMagic("px");
    assert.deepEqual(events.filter((e) => e.type === "sticky").at(-1), { type: "sticky", magics: [] });

    const completion = await session.complete('(display "😀") (string-app', 26);
    assert.ok(completion.matches.includes("string-append"), JSON.stringify(completion));
    assert.deepEqual([completion.start, completion.end], [16, 26], "offsets in UTF-16 units, past an astral character");
  } finally {
    await session.shutdown();
  }
});

test("interrupt stops a loop keeping the definitions; restart gives a fresh kernel through the same connection, and the cluster again as it was made", { timeout: 180_000 }, async () => {
  const { session, events } = sessionOn("");
  try {
    assert.equal((await within(session.execute("a", "(define kept 41)"), 60_000, "the first cell", events)).status, "ok");
    assert.equal((await within(session.execute("a2", "%parallel calysto_scheme CalystoScheme -n 3"), 60_000, "%parallel", events)).status, "ok");
    const before = events.length;
    const looping = session.execute("b", "(let loop () (loop))");
    // Well inside the loop: the kernel said it is busy with it.
    await eventArrives(events, (e) => e.type === "kernel" && e.state === "busy", before);
    await new Promise((r) => setTimeout(r, 300));
    const waiting = session.execute("b2", "(display 'never)");
    await within(session.interrupt(), 30_000, "the interrupt", events);
    assert.notEqual((await within(looping, 30_000, "the interrupted loop", events)).status, "ok");
    assert.equal((await within(waiting, 30_000, "the queued cell", events)).status, "aborted", "a cell queued before the interrupt is dropped unrun, as locally");
    assert.deepEqual(cellEvents(events, "b2"), []);
    assert.equal((await within(session.execute("c", "(+ kept 1)"), 30_000, "the cell after the interrupt", events)).status, "ok");
    assert.deepEqual(cellEvents(events, "c").map((e) => e.type === "result" && e.data["text/plain"]), ["42"]);

    await within(session.restart(), 60_000, "the restart", events);
    const states = events.filter((e) => e.type === "kernel").map((e) => e.type === "kernel" && e.state);
    assert.ok(states.includes("restarting") && states.at(-1) === "idle", states.join(" "));
    const gone = await within(session.execute("d", "kept"), 30_000, "the cell after the restart", events);
    assert.equal(gone.status, "error", "the fresh kernel has no definitions");
    assert.equal(session.clusterStatus().nodes.length, 3, "the cluster was started again, as its %parallel line said");
    assert.equal((await session.execute("d2", "%%px\ncluster_rank")).status, "ok");
    assert.deepEqual(cellEvents(events, "d2").flatMap((e) => (e.type === "result" ? [e.data["text/plain"]] : [])), ["#3(0 1 2)"]);
    assert.deepEqual(cellEvents(events, "d2").filter((e) => e.type === "error"), []);
    assert.equal((await session.execute("e", "(+ 1 1)")).status, "ok");
  } finally {
    await session.shutdown();
  }
});

test("a server that goes away: the running cell and the kernel state say so with its address, and the next cell names it", { timeout: 180_000 }, async () => {
  const own = await startJupyterServer({ kernelspec: served.kernelspec });
  const session = new JupyterServerSession({ server: { url: own.url, token: own.token }, kernelName: "" });
  const events: ParabookEvent[] = [];
  session.onEvent((e) => events.push(e));
  try {
    assert.equal((await session.execute("a", "(+ 1 2)")).status, "ok");
    const before = events.length;
    const looping = session.execute("b", "(let loop () (loop))");
    await eventArrives(events, (e) => e.type === "kernel" && e.state === "busy", before);
    // The server's machine fails: the server ends at once, without shutting its kernel down.
    process.kill(own.pid, "SIGKILL");
    assert.equal((await looping).status, "aborted");
    const url = own.url.replace(/[.]/g, "\\.");
    assert.match(cellEvents(events, "b").map((e) => (e.type === "error" ? e.evalue : "")).join(""), new RegExp(`The connection to the Jupyter Server at ${url} was lost`));
    const dead = events.filter((e) => e.type === "kernel").at(-1);
    assert.equal(dead?.type === "kernel" && dead.state, "dead");
    assert.match(dead?.type === "kernel" ? dead.message ?? "" : "", new RegExp(`The connection to the Jupyter Server at ${url} was lost`));
    assert.deepEqual(session.clusterStatus().nodes, []);

    // The kernel, its server gone, ends by itself (it watches its parent, as ipykernel does).
    for (let i = 0; i < 300 && own.processes().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(own.processes(), [], "the kernel, its server gone, ended by itself");
    const next = await session.execute("c", "(+ 1 2)");
    assert.equal(next.status, "error");
    assert.match(cellEvents(events, "c").map((e) => (e.type === "error" ? e.evalue : "")).join(""), new RegExp(`Cannot reach the Jupyter Server at ${url} to list its kernels: connection refused`));
  } finally {
    await session.shutdown();
    await own.stop();
  }
});

test("the %parallel line a restart runs again: the cell's last, never one that waits for nodes started by hand", () => {
  assert.equal(parallelLineOf("%parallel calysto_scheme CalystoScheme -n 4 --launcher slurm"), "%parallel calysto_scheme CalystoScheme -n 4 --launcher slurm");
  assert.equal(parallelLineOf("(define x 1)\n  %parallel scheme -n 2\n%parallel scheme -n 3 -i 0,1\n"), "%parallel scheme -n 3 -i 0,1");
  assert.equal(parallelLineOf("%parallel scheme -n 4 --listen 0.0.0.0:41000"), undefined);
  assert.equal(parallelLineOf("(display \"%parallel\")"), undefined);
});

test("a program's read asks the page through the server's stdin channel, and the answer goes back to it", { timeout: 120_000 }, async () => {
  const { session, events } = sessionOn("");
  try {
    const running = session.execute("a", '(display "Name: ")\n(display (string-append "hello " (read-line)))');
    await eventArrives(events, (e) => e.type === "input-request" && e.cellId === "a");
    const question = events.find((e) => e.type === "input-request");
    assert.deepEqual(question, { type: "input-request", cellId: "a", prompt: "Name: ", password: false });
    await assert.rejects(session.answerInput("b", "x"), /Cell b is not waiting for input/);
    await session.answerInput("a", "Ada");
    assert.equal((await within(running, 30_000, "the cell after its answer", events)).status, "ok");
    assert.equal(cellEvents(events, "a").flatMap((e) => (e.type === "stream" ? [e.text] : [])).join(""), "hello Ada", "the unfinished line became the prompt, as locally");
    await assert.rejects(session.answerInput("a", "again"), /Cell a is not waiting for input: it has ended/);
  } finally {
    await session.shutdown();
  }
});
