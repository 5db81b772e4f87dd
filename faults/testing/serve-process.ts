// A real `parabook serve` for fault tests, driven the way the page drives it: the wire client over a WebSocket.
// Optionally started inside a private mount namespace with a tiny, full tmpfs as its config folder (a real
// ENOSPC, which root cannot get from permissions); the mount lives and dies with the server's namespace.

import { spawn, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ParabookApi } from "../../contract/api.js";
import { connectWireClient, type SocketLike, type WireClient } from "../../contract/wire/client.js";
import { parabookBin } from "../../kernel/testing/paths.js";
import { apiSocket } from "../../e2e/testing/harness.js";

export interface ServeProcess {
  readonly notebookDir: string;
  readonly configDir: string;
  readonly api: ParabookApi;
  readonly pid: number;
  stderr(): string;
  /** SIGTERM, then waits up to `graceMs` for the exit; resolves whether it exited by then (SIGKILL otherwise). */
  terminate(graceMs?: number): Promise<boolean>;
}

export interface ServeProcessOptions {
  /** Prepares the notebook folder before the server starts. */
  readonly prepare?: (notebookDir: string) => Promise<void>;
  /** Mount a full tmpfs over the config folder, in a mount namespace of the server's own. */
  readonly fullConfigFolder?: boolean;
}

/** Starts the server; `t.after` stops it (SIGTERM, then SIGKILL if that did not) and removes its folders. */
export async function startServe(t: { after(fn: () => Promise<void>): void }, options: ServeProcessOptions = {}): Promise<ServeProcess> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-faults-")));
  const notebookDir = path.join(base, "notebooks");
  const configDir = path.join(base, "config");
  await fs.mkdir(notebookDir);
  await fs.mkdir(configDir);
  await options.prepare?.(notebookDir);
  const serveArgs = [parabookBin, "serve", "--port", "0", "--notebook-dir", notebookDir];
  // `unshare -m` runs the shell in a new mount namespace without forking, and the shell execs node: the PID we
  // hold is the server's. A 4 KiB tmpfs filled with one 4 KiB file refuses every further byte with ENOSPC.
  const fill = 'mount -t tmpfs -o size=4k parabook-full "$0" && head -c 4096 /dev/zero > "$0/filler" && exec "$@"';
  const [command, args] = options.fullConfigFolder
    ? ["unshare", ["-m", "--propagation", "private", "sh", "-c", fill, configDir, process.execPath, ...serveArgs]]
    : [process.execPath, serveArgs];
  const child = spawn(command, args, { env: { ...process.env, PARABOOK_CONFIG_DIR: configDir }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  let client: WireClient | undefined;
  t.after(async () => {
    client?.close();
    // SIGTERM, so that the server ends its kernels itself (after a SIGKILL they would linger a while, keeping the
    // server's stderr open and this process waiting for its end).
    await kill(child, "SIGTERM", 30_000);
    child.stdout!.destroy();
    child.stderr!.destroy();
    await fs.rm(base, { recursive: true, force: true, maxRetries: 3 });
  });
  const url = await new Promise<URL>((resolve, reject) => {
    let stdout = "";
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      const found = /Parabook is running at (http:\/\/\S+)/.exec(stdout);
      if (found) resolve(new URL(found[1]!));
    });
    child.once("exit", (code) => reject(new Error(`parabook serve exited with code ${code}:\n${stderr}`)));
  });
  const served = { port: Number(url.port), token: url.searchParams.get("token")! };
  client = await connectWireClient({
    connect: () => apiSocket(served) as unknown as SocketLike,
    reconnectDelay: () => 100,
  });
  return {
    notebookDir,
    configDir,
    api: client.api,
    pid: child.pid!,
    stderr: () => stderr,
    async terminate(graceMs = 30_000) {
      client?.close();
      return kill(child, "SIGTERM", graceMs);
    },
  };
}

/** Sends `signal`; after `graceMs` without an exit, SIGKILL. Resolves whether `signal` alone ended it. */
async function kill(child: ChildProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  let forced = false;
  const timer = setTimeout(() => {
    forced = true;
    child.kill("SIGKILL");
  }, graceMs);
  await exited;
  clearTimeout(timer);
  return !forced;
}

/** `promise`'s outcome, or a rejection saying what did not answer within `ms` (the test goes on either way). */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
