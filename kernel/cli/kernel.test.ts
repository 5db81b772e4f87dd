// `parabook kernel -f` as a process, driven over ZeroMQ by a minimal front end (kernel/testing/jupyter-wire-client.ts):
// what Jupyter's own tools (conformance/) do not reach — refused signatures, the heartbeat during a busy cell,
// stop_on_error, silent and store_history, the "parabook" comm, and the parent watch.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { promises as fs, readdirSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { JupyterWireClient, type WireMessage } from "../testing/jupyter-wire-client.js";
import { parabookBin } from "../testing/paths.js";
import { PARABOOK_COMM_TARGET, decodeCommFromKernel } from "../../contract/jupyter/codec.js";
import { processAlive } from "../platform/process-alive.js";

const client = await JupyterWireClient.start();
after(() => client.close());

const execute = async (code: string, extra: Record<string, unknown> = {}): Promise<{ reply: WireMessage; iopub: WireMessage[] }> => {
  const reply = await client.request("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, ...extra } as never);
  return { reply, iopub: await client.iopubUntilIdle(reply.parent_header.msg_id!) };
};
const value = async (code: string): Promise<string | undefined> => {
  const { iopub } = await execute(code);
  const shown = iopub.find((m) => m.header.msg_type === "execute_result" || m.header.msg_type === "error");
  return shown?.header.msg_type === "error" ? `error: ${shown.content.evalue}` : (shown?.content.data as Record<string, string> | undefined)?.["text/plain"];
};

test("a message signed with another key, or not signed, is dropped and reported, never run", async () => {
  const bad = client.send(client.shellSocket, "execute_request", { code: "(define planted-bad 1)", silent: false }, "bad");
  const unsigned = client.send(client.shellSocket, "execute_request", { code: "(define planted-unsigned 1)", silent: false }, "none");
  assert.equal(await value("(list 'after)"), "(after)");
  assert.match(await value("planted-bad") ?? "", /unbound variable planted-bad/);
  assert.match(await value("planted-unsigned") ?? "", /unbound variable planted-unsigned/);
  const stderr = client.stderr.join("");
  assert.match(stderr, /dropped a message on shell: its signature does not match the connection file's key/);
  assert.match(stderr, /dropped a message on shell: it is not signed/);
  // Not even a busy status for them.
  await assert.rejects(client.iopubUntilIdle(bad, 300));
  await assert.rejects(client.iopubUntilIdle(unsigned, 300));
});

test("the heartbeat echoes while a cell loops; the interrupt stops it and the kernel goes on", async () => {
  const loop = client.send(client.shellSocket, "execute_request", { code: "(let loop () (loop))", silent: false, store_history: true });
  await new Promise((r) => setTimeout(r, 200));
  await client.heartbeat.send("ping");
  client.heartbeat.receiveTimeout = 5_000;
  assert.equal((await client.heartbeat.receive())[0]!.toString(), "ping");
  const interrupt = await client.request("control", "interrupt_request", {});
  assert.equal(interrupt.content.status, "ok");
  const iopub = await client.iopubUntilIdle(loop);
  assert.ok(iopub.some((m) => m.header.msg_type === "error" && m.content.ename === "Interrupted"));
  assert.equal(await value("(+ 1 1)"), "2");
});

test("after an error, stop_on_error aborts the executes queued behind it; with stop_on_error false they run", async () => {
  const send = (code: string, extra: Record<string, unknown> = {}) =>
    client.send(client.shellSocket, "execute_request", { code, silent: false, store_history: true, ...extra } as never);
  const replies = new Map<string, WireMessage>();
  // The failing cell first counts for a while, so the two requests sent with it are surely waiting behind it (only
  // those are aborted: Jupyter aborts what was queued when the error came, not what comes later).
  const ids = [send("(let loop ((i 0)) (if (< i 3000000) (loop (+ i 1)) (car i)))"), send("(define after-error 1)"), send("(+ 1 1)")];
  while (replies.size < 3) {
    const reply = await client.nextShellMessage();
    replies.set(reply.parent_header.msg_id!, reply);
  }
  assert.deepEqual(ids.map((id) => replies.get(id)!.content.status), ["error", "aborted", "aborted"]);
  assert.match(await value("after-error") ?? "", /unbound variable after-error/);
  // Requests sent after the failure run.
  const failing = send("(car 1)", { stop_on_error: false });
  const next = await execute("(define after-error 2)");
  assert.equal(next.reply.content.status, "ok");
  await client.iopubUntilIdle(failing);
});

test("silent runs publish nothing and count nothing; store_history false publishes but counts nothing", async () => {
  const before = (await execute("(+ 0 0)")).reply.content.execution_count as number;
  const silent = await execute('(display "quiet") (+ 1 2)', { silent: true });
  assert.deepEqual(silent.iopub.map((m) => m.header.msg_type), ["status", "status"]);
  assert.equal(silent.reply.content.execution_count, before);
  const unstored = await execute("(+ 2 3)", { store_history: false });
  assert.equal(unstored.reply.content.execution_count, before);
  assert.equal(unstored.iopub.find((m) => m.header.msg_type === "execute_result")?.content.execution_count, before);
  assert.equal((await execute("(+ 0 0)")).reply.content.execution_count, before + 1);
});

test("the parabook comm: opened, it sends the session's state and changes, and answers requests; other targets are closed", async () => {
  const commId = "comm-1";
  const open = client.send(client.shellSocket, "comm_open", { comm_id: commId, target_name: PARABOOK_COMM_TARGET, data: {} });
  const opened = await client.iopubUntilIdle(open);
  const events = opened.filter((m) => m.header.msg_type === "comm_msg").map((m) => decodeCommFromKernel(m.content.data));
  assert.ok(events.some((e) => "event" in e && e.event.type === "kernel"), JSON.stringify(events));

  const info = await client.request("shell", "comm_info_request", { target_name: PARABOOK_COMM_TARGET });
  assert.deepEqual(info.content.comms, { [commId]: { target_name: PARABOOK_COMM_TARGET } });

  const sticky = await execute("%%%time\n(+ 1 1)");
  const changes = sticky.iopub.filter((m) => m.header.msg_type === "comm_msg").map((m) => decodeCommFromKernel(m.content.data));
  assert.ok(changes.some((e) => "event" in e && e.event.type === "sticky" && e.event.magics.join() === "%%time"), JSON.stringify(changes));

  const ask = client.send(client.shellSocket, "comm_msg", { comm_id: commId, data: { request: { id: 7, method: "removeStickyMagic", args: ["time"] } } });
  const answered = (await client.iopubUntilIdle(ask)).filter((m) => m.header.msg_type === "comm_msg").map((m) => decodeCommFromKernel(m.content.data));
  assert.ok(answered.some((e) => "reply" in e && e.reply.id === 7 && e.reply.ok));
  assert.ok(answered.some((e) => "event" in e && e.event.type === "sticky" && e.event.magics.length === 0));

  const other = client.send(client.shellSocket, "comm_open", { comm_id: "comm-2", target_name: "jupyter.widget", data: {} });
  assert.ok((await client.iopubUntilIdle(other)).some((m) => m.header.msg_type === "comm_close" && m.content.comm_id === "comm-2"));
});

test("a bad connection file is named with the field that is wrong; nothing starts", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-cf-"));
  after(() => fs.rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, "kernel.json");
  await fs.writeFile(file, JSON.stringify({ ip: "127.0.0.1", shell_port: 1, control_port: 2, stdin_port: 3, iopub_port: 4, key: "k" }));
  const run = promisify(execFile)(process.execPath, [parabookBin, "kernel", "-f", file], { timeout: 30_000 });
  await assert.rejects(run, (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 2);
    assert.equal(err.stderr, `parabook kernel: ${file}: "hb_port" must be a port number from 1 to 65535 (it is missing)\n`);
    return true;
  });
  await assert.rejects(promisify(execFile)(process.execPath, [parabookBin, "kernel", "-f", path.join(dir, "none.json")]), /Cannot read the connection file .*none\.json: no such file or folder/);
});

test("the kernel ends, and every node with it, when the front end that started it (JPY_PARENT_PID) is gone", async () => {
  const parent = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const watched = await JupyterWireClient.start({ JPY_PARENT_PID: String(parent.pid) });
  try {
    assert.equal((await watched.request("shell", "execute_request", { code: "%parallel scheme -n 2", silent: false, store_history: true })).content.status, "ok");
    const pids = descendants(watched.kernel.pid!);
    assert.ok(pids.length >= 3, `the host kernel and 2 nodes run (${pids.length} processes)`);
    const exited = new Promise((resolve) => watched.kernel.once("exit", resolve));
    parent.kill("SIGKILL");
    await exited;
    assert.match(watched.stderr.join(""), /the front end that started this kernel is gone: shutting down/);
    for (let i = 0; i < 100 && pids.some(processAlive); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(pids.filter(processAlive), [], "every node ended with the kernel");
  } finally {
    parent.kill("SIGKILL");
    await watched.close();
  }
});

/** Every process below `pid`, from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  for (const todo = [pid]; todo.length > 0; ) for (const child of children.get(todo.pop()!) ?? []) found.push(child), todo.push(child);
  return found;
}
