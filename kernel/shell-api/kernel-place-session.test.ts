// Where the kernel runs follows Settings ▸ Kernel at each restart, with the real pieces: the local Session (kernel
// processes of this computer) and the Jupyter Server client (here pointed at a server that is not running).

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { CellEvent, ParabookEvent } from "../../contract/api.js";
import { NodeSpawner } from "../cluster/node-spawner.js";
import { JupyterServerSession } from "../jupyter-server-client/jupyter-server-session.js";
import { Session } from "../session/session.js";
import { SettingsStore } from "../settings/store.js";
import { KernelPlaceSession } from "./kernel-place-session.js";

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-kernel-place-"));
const settings = await SettingsStore.load(path.join(dir, "settings.json"), assert.fail);
await settings.update({ clusterSize: 1 });
const made: string[] = [];
const session = new KernelPlaceSession(settings, {
  local: () => {
    made.push("local");
    return new Session({ spawner: new NodeSpawner(), settings: () => settings.current() });
  },
  jupyterServer: (server) => {
    made.push(`jupyter ${server.url} token=${server.token}`);
    return new JupyterServerSession({ server, kernelName: server.kernelName });
  },
});
const events: ParabookEvent[] = [];
session.onEvent((e) => events.push(e));
after(async () => {
  await session.shutdown();
  await fs.rm(dir, { recursive: true, force: true });
});

let cells = 0;
async function run(code: string): Promise<{ status: string; shown: string }> {
  const cellId = `c${++cells}`;
  const reply = await session.execute(cellId, code);
  const mine = events.filter((e): e is CellEvent => "cellId" in e && e.cellId === cellId);
  const shown = mine.map((e) => (e.type === "result" ? e.data["text/plain"] : e.type === "error" ? `${e.ename}: ${e.evalue}` : "")).join("");
  return { status: reply.status, shown };
}

const lastKernelEvent = () => events.filter((e) => e.type === "kernel").at(-1);

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

test("this computer by default; the setting changes where the next restart puts the kernel, and not before", { timeout: 60_000 }, async () => {
  await session.start();
  assert.deepEqual(await run("(+ 1 2)"), { status: "ok", shown: "3" });
  assert.deepEqual(made, ["local"]);

  const port = await closedPort();
  await settings.update({ kernelPlace: "jupyter-server", jupyterServerUrl: `http://127.0.0.1:${port}`, jupyterServerToken: "tok-1" });
  assert.deepEqual(await run("(* 6 7)"), { status: "ok", shown: "42" }, "a changed setting leaves the running kernel alone");
  assert.deepEqual(made, ["local"]);

  await session.restart();
  assert.deepEqual(made, ["local", `jupyter http://127.0.0.1:${port}/ token=tok-1`]);
  const dead = lastKernelEvent();
  assert.equal(dead?.type === "kernel" && dead.state, "dead");
  assert.match(dead?.type === "kernel" ? dead.message ?? "" : "", new RegExp(`Cannot reach the Jupyter Server at http://127\\.0\\.0\\.1:${port}/ to list its kernels: connection refused`));
  const failed = await run("(+ 1 2)");
  assert.equal(failed.status, "error");
  assert.match(failed.shown, new RegExp(`JupyterServerError: Cannot reach the Jupyter Server at http://127\\.0\\.0\\.1:${port}/`), "the cell says which server could not be reached");

  await session.restart();
  assert.equal(made.length, 2, "the same server and token: the same kind of kernel, restarted");
  await settings.update({ jupyterServerToken: "tok-2" });
  await session.restart();
  assert.equal(made.length, 3, "a new token makes a new connection");
  assert.ok(!JSON.stringify(events).includes("tok-"), "no event carries the token");

  await settings.update({ jupyterServerUrl: "" });
  await session.restart();
  assert.match((await run("1")).shown, /SettingsError: Settings ▸ Kernel says the kernel runs on a Jupyter Server, but no server address is set/);

  await settings.update({ kernelPlace: "this-computer" });
  await session.restart();
  assert.deepEqual(await run("(+ 40 2)"), { status: "ok", shown: "42" }, "back on this computer");
  assert.equal(made.at(-1), "local");
});
