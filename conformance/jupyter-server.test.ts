// Debian's Jupyter Server (1.23) runs the Parabook kernel through its REST and WebSocket API, as JupyterLab and
// every remote front end use it: POST /api/kernels starts one, /api/kernels/{id}/channels carries the protocol
// (token auth), a cell runs, %parallel starts nodes under the kernel and %%px reaches them, interrupt (the server
// sends interrupt_request: the kernelspec says interrupt_mode "message") stops a loop and keeps definitions, restart
// gives a fresh kernel without the old one's nodes, and DELETE leaves no kernel or node process.

import { test } from "node:test";
import assert from "node:assert/strict";
import { KernelSocket, resultText } from "./testing/kernel-socket.js";
import { describeProcesses, type MarkedProcess } from "./testing/marked-processes.js";
import { waitFor } from "../multihost/testing/commands.js";
import type { JupyterMessage, MessageContents } from "../contract/jupyter/messages.js";
import { jupyterServerForThisFile } from "./testing/server-for-file.js";

const served = jupyterServerForThisFile();

interface KernelModel {
  readonly id: string;
  readonly name: string;
  readonly execution_state: string;
}

async function rest(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${served.server.url}${path}`, {
    method,
    headers: { ...served.server.authHeaders, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, json: text === "" ? undefined : JSON.parse(text) };
}

/** The processes of the server's kernels: `parabook kernel` ones, and everything else (their nodes). */
function kernelProcesses(): { kernels: MarkedProcess[]; others: MarkedProcess[] } {
  const all = served.server.processes();
  const isKernel = (p: MarkedProcess) => p.argv.includes("kernel") && p.argv.includes("-f");
  return { kernels: all.filter(isKernel), others: all.filter((p) => !isKernel(p)) };
}

function errorOf(messages: readonly JupyterMessage[]): MessageContents["error"] | undefined {
  const error = messages.find((m) => m.header.msg_type === "error");
  return error?.content as MessageContents["error"] | undefined;
}

test("a kernel started through the REST API runs cells, nodes, interrupt, restart, and DELETE ends it all", async () => {
  const created = await rest("POST", "api/kernels", { name: served.kernelspec.name });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const kernel = created.json as KernelModel;
  assert.equal(kernel.name, served.kernelspec.name);
  const listed = (await rest("GET", "api/kernels")).json as KernelModel[];
  assert.deepEqual(listed.map((k) => k.id), [kernel.id]);

  // Token auth: the channels refuse a client without the token.
  await assert.rejects(KernelSocket.open(served.server, kernel.id, { withToken: false }), /HTTP 403/);
  const socket = await KernelSocket.open(served.server, kernel.id);
  try {
    const info = await socket.request("shell", "kernel_info_request", {});
    const infoContent = info.reply.content as MessageContents["kernel_info_reply"];
    assert.equal(infoContent.status, "ok");
    assert.ok(infoContent.status === "ok" && infoContent.language_info.name === "scheme");

    // A cell: busy, execute_input, the result, idle; the reply counts it.
    const defined = await socket.execute("(define x 21)");
    assert.equal((defined.reply.content as { status: string }).status, "ok");
    const doubled = await socket.execute("(* x 2)");
    assert.equal(resultText(doubled), "42");
    assert.deepEqual(
      doubled.iopub.map((m) => m.header.msg_type),
      ["status", "execute_input", "execute_result", "status"],
      "busy, the input, the result, idle",
    );
    const failed = await socket.execute("(car '())");
    assert.equal((failed.reply.content as { status: string }).status, "error");
    assert.ok(errorOf(failed.iopub), "an error message on iopub");

    // Nodes under the kernel, reached by %%px.
    const parallel = await socket.execute("%parallel calysto_scheme CalystoScheme -n 2", 60_000);
    assert.equal((parallel.reply.content as { status: string }).status, "ok", JSON.stringify(errorOf(parallel.iopub)));
    const ranks = await socket.execute("%%px\ncluster_rank");
    assert.equal(resultText(ranks), "#2(0 1)");
    const before = kernelProcesses();
    assert.equal(before.kernels.length, 1, describeProcesses(served.server.processes()));
    assert.ok(before.others.length >= 2, `the two nodes run under the kernel:\n${describeProcesses(served.server.processes())}`);

    // Interrupt through the REST API stops an endless loop; the definitions stay.
    const loopId = socket.send("shell", "execute_request", {
      code: "(let loop () (loop))",
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    await socket.waitFor("busy for the loop", (m) => "msg_id" in m.parent_header && m.parent_header.msg_id === loopId && m.header.msg_type === "execute_input", 30_000);
    const interrupted = await rest("POST", `api/kernels/${kernel.id}/interrupt`);
    assert.equal(interrupted.status, 204);
    const loop = await socket.exchange("execute_request", loopId, 30_000);
    assert.equal((loop.reply.content as { status: string }).status, "error");
    assert.match(errorOf(loop.iopub)?.ename ?? "", /Interrupt/);
    assert.equal(resultText(await socket.execute("x")), "21");

    // Restart: a new kernel process, without the old one's state or nodes.
    const restarted = await rest("POST", `api/kernels/${kernel.id}/restart`);
    assert.equal(restarted.status, 200, JSON.stringify(restarted.json));
    const oldPids = [...before.kernels, ...before.others].map((p) => p.pid);
    await waitFor(
      "the old kernel and its nodes to end after restart",
      () => (served.server.processes().some((p) => oldPids.includes(p.pid)) ? undefined : true),
      { timeoutMs: 20_000, intervalMs: 100 },
      () => describeProcesses(served.server.processes()),
    );
    const afterRestart = await socket.execute("x");
    assert.equal((afterRestart.reply.content as { status: string }).status, "error", "x is gone with the old kernel");
    assert.equal(resultText(await socket.execute("(+ 1 2)")), "3");
    assert.equal(kernelProcesses().kernels.length, 1);
  } finally {
    await socket.close();
  }

  // DELETE: no kernel listed, no process of it left.
  const deleted = await rest("DELETE", `api/kernels/${kernel.id}`);
  assert.equal(deleted.status, 204);
  assert.deepEqual((await rest("GET", "api/kernels")).json, []);
  await waitFor(
    "no kernel or node process left after DELETE",
    () => (served.server.processes().length === 0 ? true : undefined),
    { timeoutMs: 20_000, intervalMs: 100 },
    () => describeProcesses(served.server.processes()),
  );
});
