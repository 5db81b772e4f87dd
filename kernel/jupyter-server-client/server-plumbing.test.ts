// The REST API and the channels WebSocket of Debian's Jupyter Server (1.23), on 127.0.0.1 with token auth, driven
// with the kernel Debian ships (ipykernel): what Parabook's client relies on whichever kernel runs there.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import type { JupyterMessage } from "../../contract/jupyter/messages.js";
import { KernelChannels } from "./kernel-channels.js";
import { JupyterServerError, JupyterServerRest } from "./server-rest.js";
import { jupyterServerForThisFile } from "../../conformance/testing/server-for-file.js";

const served = jupyterServerForThisFile();

const rest = () => new JupyterServerRest({ url: served.server.url, token: served.server.token });

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

/** Collects a kernel's iopub messages about one request until its idle status. */
function outputsOf(channels: KernelChannels, parent: () => string): Promise<JupyterMessage[]> {
  const seen: JupyterMessage[] = [];
  return new Promise((resolve) => {
    const stop = channels.onMessage((m) => {
      if ((m.parent_header as { msg_id?: string }).msg_id !== parent()) return;
      seen.push(m);
      if (m.header.msg_type === "status" && (m.content as { execution_state: string }).execution_state === "idle") {
        stop();
        resolve(seen);
      }
    });
  });
}

async function withKernel(body: (id: string, channels: KernelChannels) => Promise<void>): Promise<void> {
  const kernel = await rest().startKernel("python3");
  const channels = await KernelChannels.open(rest(), kernel.id);
  try {
    await body(kernel.id, channels);
  } finally {
    if (channels.isOpen) await rest().shutdownKernel(kernel.id);
    channels.close();
  }
}

test("the kernelspecs are listed with the token, and refused without it, saying so without repeating it", async () => {
  const listing = await rest().kernelspecs();
  assert.ok(listing.kernelspecs.python3, "Debian's ipykernel spec is listed");
  assert.equal(listing.kernelspecs.python3!.spec.language, "python");

  const wrong = new JupyterServerRest({ url: served.server.url, token: "not-the-token-0123" });
  await assert.rejects(wrong.kernelspecs(), (err: unknown) => {
    assert.ok(err instanceof JupyterServerError);
    assert.equal(err.status, 403);
    assert.match(err.message, new RegExp(`The Jupyter Server at ${served.server.url} refused to list its kernels: 403 .*the token was not accepted`));
    assert.ok(!err.message.includes("not-the-token-0123"), "the message never repeats the token");
    return true;
  });
  const none = new JupyterServerRest({ url: served.server.url, token: "" });
  await assert.rejects(none.kernelspecs(), /it needs a token \(Settings ▸ Kernel\)/);
});

test("a server that is not there, or an address that is not a Jupyter Server's, is named in the message", async () => {
  const port = await closedPort();
  const gone = new JupyterServerRest({ url: `http://127.0.0.1:${port}/`, token: "t" });
  await assert.rejects(gone.kernelspecs(), new RegExp(`Cannot reach the Jupyter Server at http://127\\.0\\.0\\.1:${port}/ to list its kernels: connection refused`));
  const wrongBase = new JupyterServerRest({ url: `${served.server.url}no/such/base/`, token: served.server.token });
  await assert.rejects(wrongBase.kernelspecs(), /refused to list its kernels: 404 Not Found — is http:\/\/127\.0\.0\.1:\d+\/no\/such\/base\/ a Jupyter Server/);
  await assert.rejects(rest().startKernel("no_such_kernel"), /refused to start the kernel no_such_kernel: 404|refused to start the kernel no_such_kernel/);
});

test("a kernel started through REST runs code over the channels WebSocket, its outputs and reply tied to the request", { timeout: 60_000 }, async () => {
  await withKernel(async (_id, channels) => {
    let msgId = "";
    const outputs = outputsOf(channels, () => msgId);
    const reply = await channels.request(
      "shell",
      "execute_request",
      { code: "print(6 * 7)\n'done'", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false },
      (id) => (msgId = id),
    );
    assert.equal(reply.content.status, "ok");
    assert.equal((reply.parent_header as { msg_id: string }).msg_id, msgId);
    const types = (await outputs).map((m) => m.header.msg_type);
    assert.deepEqual(types, ["status", "execute_input", "stream", "execute_result", "status"]);
    const stream = (await outputs).find((m) => m.header.msg_type === "stream")!;
    assert.deepEqual(stream.content, { name: "stdout", text: "42\n" });
  });
});

test("the channels refuse a wrong token and a kernel that does not exist, saying which", { timeout: 60_000 }, async () => {
  const kernel = await rest().startKernel("python3");
  try {
    const wrong = new JupyterServerRest({ url: served.server.url, token: "wrong-token-xyz" });
    await assert.rejects(KernelChannels.open(wrong, kernel.id), (err: unknown) => {
      assert.match((err as Error).message, /Cannot open the kernel's channels on the Jupyter Server at .*: 403 Forbidden — the token was not accepted/);
      assert.ok(!(err as Error).message.includes("wrong-token-xyz"));
      return true;
    });
  } finally {
    await rest().shutdownKernel(kernel.id);
  }
  await assert.rejects(KernelChannels.open(rest(), "00000000-0000-0000-0000-000000000000"), /404 Not Found — the kernel is gone/);
});

test("interrupt through REST stops running code; restart keeps the WebSocket, with a fresh kernel behind it", { timeout: 120_000 }, async () => {
  await withKernel(async (id, channels) => {
    const run = (code: string) => channels.request("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false });
    await run("x = 5");
    const sleeping = run("import time\nfor _ in range(600): time.sleep(0.1)");
    await new Promise((r) => setTimeout(r, 500));
    await rest().interruptKernel(id);
    const interrupted = await sleeping;
    assert.equal(interrupted.content.status, "error");
    assert.equal((interrupted.content as { ename: string }).ename, "KeyboardInterrupt");
    const kept = await run("assert x == 5");
    assert.equal(kept.content.status, "ok", "an interrupt keeps the definitions");

    await rest().restartKernel(id);
    assert.ok(channels.isOpen, "the server keeps the channels open across a restart");
    const fresh = await run("x");
    assert.equal(fresh.content.status, "error", "the restarted kernel has no x");
    assert.equal((fresh.content as { ename: string }).ename, "NameError");
  });
});

test("requests waiting when the channels close fail naming the server", { timeout: 60_000 }, async () => {
  const kernel = await rest().startKernel("python3");
  const channels = await KernelChannels.open(rest(), kernel.id);
  const waiting = channels.request("shell", "execute_request", { code: "import time; time.sleep(30)", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false });
  const closed = new Promise<string>((resolve) => channels.onClose(resolve));
  channels.close();
  assert.equal(await closed, "closed by Parabook");
  await assert.rejects(waiting, new RegExp(`The connection to the Jupyter Server at ${served.server.url.replace(/[.]/g, "\\.")} is closed \\(closed by Parabook\\)`));
  assert.throws(() => channels.send("shell", "kernel_info_request", {}), /is closed/);
  // Jupyter Server 1.23 leaves a deleted kernel's WebSocket open: the client closes its own (above).
  await rest().shutdownKernel(kernel.id);
});
