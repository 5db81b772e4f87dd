// The Jupyter Server session against Debian's jupyter-server on 127.0.0.1 with token auth, with the kernels there.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { CellEvent, ParabookEvent } from "../../contract/api.js";
import { startJupyterServer, type JupyterServer } from "../../conformance/testing/jupyter-server.js";
import { installKernelspec, type InstalledKernelspec } from "../../conformance/testing/kernelspec.js";
import { JupyterServerSession } from "./jupyter-server-session.js";

let kernelspec: InstalledKernelspec;
let server: JupyterServer;
before(async () => {
  kernelspec = await installKernelspec();
  server = await startJupyterServer({ kernelspec });
});
after(async () => {
  const { leftBehind } = await server.stop();
  await kernelspec.remove();
  assert.deepEqual(leftBehind, [], "no kernel outlived the server");
});

function sessionOn(kernelName: string): { session: JupyterServerSession; events: ParabookEvent[] } {
  const session = new JupyterServerSession({ server: { url: server.url, token: server.token }, kernelName });
  const events: ParabookEvent[] = [];
  session.onEvent((e) => events.push(e));
  return { session, events };
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
    const kernels = (await (await fetch(`${server.url}api/kernels`, { headers: { Authorization: `token ${server.token}` } })).json()) as unknown[];
    assert.deepEqual(kernels, [], "the kernel that turned out not to be Parabook's was shut down");
  } finally {
    await session.shutdown();
  }
});
