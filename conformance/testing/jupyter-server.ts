// Debian's Jupyter Server (1.23, /usr/bin/jupyter-server under /usr/bin/python3), started for one test in the
// Jupyter environment of an installed kernelspec (./kernelspec.ts: JUPYTER_DATA_DIR, JUPYTER_CONFIG_DIR and
// JUPYTER_RUNTIME_DIR in a temporary folder) with a HOME and a root_dir of its own, so nothing the machine's user
// installed is read or written (the system kernelspecs in /usr/share/jupyter stay visible: Jupyter always reads
// them), a generated token, on 127.0.0.1 and a free port.
//
//   const kernelspec = await installKernelspec();
//   const server = await startJupyterServer({ kernelspec });
//   try {
//     await fetch(`${server.url}api/kernels`, { method: "POST", headers: server.authHeaders, body: … });
//     new WebSocket(`${server.wsUrl}api/kernels/${id}/channels?token=${server.token}`);
//   } finally {
//     const { leftBehind } = await server.stop();   // kernels shut down by the server itself; [] when all went
//     await kernelspec.remove();
//   }
//
// On a namespace host (multihost/testing/hosts.ts), give `on`: the server runs there and listens on that host's
// address; only a client on a host can reach it (the machine cannot), so its readiness is probed from there too.
//
//   startJupyterServer({ kernelspec, on: { run: (argv, o) => hosts.run("h0", argv, o), address: hosts.addresses.h0 } })
//
// Everything the server leads to (its kernels, their nodes, even those a killed kernel orphaned) carries a marker in
// its environment; stop() waits for all of them to end and ends by PID, reporting them, any still running.

import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { commandLine, sleep } from "../../multihost/testing/commands.js";
import { PYTHON } from "./kernelspec.js";
import { describeProcesses, killEach, processesMarked, processMarker, waitForMarkedToEnd, type MarkedProcess } from "./marked-processes.js";

export const JUPYTER_SERVER = "/usr/bin/jupyter-server";

/** Where Jupyter finds the kernelspec to serve: what installKernelspec (./kernelspec.ts) returns. */
export interface ServedKernelspec {
  /** The kernel name, checked to be listed once the server answers. */
  readonly name: string;
  /** The Jupyter environment it was installed in: JUPYTER_DATA_DIR, JUPYTER_RUNTIME_DIR, JUPYTER_CONFIG_DIR… */
  readonly env: NodeJS.ProcessEnv;
}

/** Where to run the server when not on this machine: a namespace host. */
export interface ServerHost {
  /** Starts `argv` on the host (hosts.run bound to one host); the child's PID must be the command's own. */
  readonly run: (argv: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; stdio: StdioOptions }) => ChildProcess;
  /** The host's address, where the server listens. */
  readonly address: string;
}

export interface JupyterServerOptions {
  readonly kernelspec: ServedKernelspec;
  readonly on?: ServerHost;
  /** Added to the server's environment (and so its kernels'). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the server to answer; 30 s unless told. */
  readonly startTimeoutMs?: number;
}

export interface StopReport {
  /** Processes the server led to that were still running once it had ended (then killed by PID); [] when none. */
  readonly leftBehind: readonly MarkedProcess[];
  /** How the server ended: "exited" after SIGTERM (it shuts its kernels down first), or "killed" when it did not. */
  readonly ended: "exited" | "killed";
}

export interface JupyterServer {
  /** http://ADDRESS:PORT/ (ends with a slash: append "api/…"). */
  readonly url: string;
  /** ws://ADDRESS:PORT/ */
  readonly wsUrl: string;
  readonly token: string;
  readonly port: number;
  readonly pid: number;
  /** The server's root_dir (notebooks, kernels' working folder), in a temporary folder removed by stop(). */
  readonly notebookDir: string;
  /** The server's environment (the kernelspec's, a HOME of its own, the marker). */
  readonly env: NodeJS.ProcessEnv;
  /** `Authorization: token …`, for REST requests. */
  readonly authHeaders: Readonly<Record<string, string>>;
  /** The `NAME=value` entry in the environment of the server and of everything it starts. */
  readonly marker: string;
  /** The processes the server started that are running now (kernels, their nodes), the server itself excluded. */
  processes(): MarkedProcess[];
  /** What the server has printed (its log goes to stderr). */
  log(): string;
  /** SIGTERM (the server shuts its kernels down), bounded waits, then SIGKILL by PID for anything left; removes the
   *  temporary folder (not the kernelspec's). Safe to call twice. */
  stop(): Promise<StopReport>;
}

const STOP_GRACE_MS = 15_000;

/** Signals `pid` unless it has ended meanwhile (a server killed by a test is gone before its exit event lands). */
function signalIfRunning(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}
const LEFT_BEHIND_GRACE_MS = 5_000;

/** A port free on this machine now; on a namespace host (a network stack of its own) a random one to start from. */
async function startingPort(on: ServerHost | undefined): Promise<number> {
  if (on) return 20_000 + Math.floor(Math.random() * 20_000);
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

interface ServerInfo {
  readonly port: number;
  readonly pid: number;
}

/** The jpserver-PID.json the server writes once it listens (its port there is the one it bound). */
async function readServerInfo(runtimeDir: string, pid: number): Promise<ServerInfo | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(runtimeDir, `jpserver-${pid}.json`), "utf8")) as ServerInfo;
  } catch {
    return undefined; // Not written yet (or being written).
  }
}

/** GET `url` with the token from where the server's clients are; resolves with the body on 200, else undefined. */
async function answerFrom(on: ServerHost | undefined, url: string, token: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string | undefined> {
  if (!on) {
    try {
      const response = await fetch(url, { headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(5_000) });
      return response.status === 200 ? await response.text() : undefined;
    } catch {
      return undefined;
    }
  }
  const script =
    "import sys, urllib.request\n" +
    "r = urllib.request.Request(sys.argv[1], headers={'Authorization': 'token ' + sys.argv[2]})\n" +
    "sys.stdout.write(urllib.request.urlopen(r, timeout=5).read().decode())\n";
  const child = on.run([PYTHON, "-c", script, url, token], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  let body = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (body += text));
  child.stderr!.resume();
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearTimeout(timer);
  return code === 0 ? body : undefined;
}

export async function startJupyterServer(options: JupyterServerOptions): Promise<JupyterServer> {
  const runtimeDir = options.kernelspec.env.JUPYTER_RUNTIME_DIR;
  if (runtimeDir === undefined) throw new Error("the kernelspec's environment sets no JUPYTER_RUNTIME_DIR: where would the server say its port?");
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-jupyter-server-")));
  const notebookDir = path.join(root, "notebooks");
  const home = path.join(root, "home");
  await fs.mkdir(notebookDir);
  await fs.mkdir(home);
  const token = randomBytes(24).toString("hex");
  const marker = processMarker("PARABOOK_TEST_JUPYTER_SERVER");
  const address = options.on?.address ?? "127.0.0.1";
  const argv = [
    PYTHON,
    JUPYTER_SERVER,
    "--no-browser",
    // The tests run as root here and in CI; the server refuses root without it.
    "--allow-root",
    `--ServerApp.ip=${address}`,
    `--ServerApp.port=${await startingPort(options.on)}`,
    // Another process may take the port between our probe and the server's bind: it then tries the next ones, and
    // its info file says which it got.
    "--ServerApp.port_retries=20",
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${notebookDir}`,
  ];
  // A HOME of its own: nothing of the user's ~/.jupyter or ~/.local is read, nothing written there.
  const env = { ...options.kernelspec.env, HOME: home, ...options.env, [marker.name]: marker.value };
  const stdio: StdioOptions = ["ignore", "pipe", "pipe"];
  const child = options.on ? options.on.run(argv, { env, cwd: notebookDir, stdio }) : spawn(argv[0]!, argv.slice(1), { env, cwd: notebookDir, stdio });
  let log = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (log += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (log += text));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  // "exit", not "close": a kernel the server orphaned may hold its pipes open long after the server has gone.
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve();
    });
    child.once("error", (err) => {
      log += `could not start ${commandLine(argv)}: ${err.message}\n`;
      exit = { code: null, signal: null };
      resolve();
    });
  });
  const pid = child.pid;

  let stopped: Promise<StopReport> | undefined;
  const stop = (): Promise<StopReport> => {
    stopped ??= (async () => {
      let ended: StopReport["ended"] = "exited";
      if (exit === undefined && pid !== undefined) {
        signalIfRunning(pid, "SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        const late = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_GRACE_MS)))]);
        // Cleared, or it would hold the test process for the whole grace period after the server has gone.
        clearTimeout(timer);
        if (late) {
          ended = "killed";
          signalIfRunning(pid, "SIGKILL");
          await exited;
        }
      }
      const leftBehind = await waitForMarkedToEnd(marker.entry, LEFT_BEHIND_GRACE_MS);
      killEach(leftBehind);
      await fs.rm(root, { recursive: true, force: true });
      return { leftBehind, ended };
    })();
    return stopped;
  };

  try {
    if (pid === undefined) throw new Error(`could not start ${commandLine(argv)}`);
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    let info: ServerInfo | undefined;
    let answer: string | undefined;
    // Bounded: at most timeoutMs / 100 ms rounds, and each probe is itself bounded.
    while (answer === undefined) {
      if (exit !== undefined) throw new Error(`jupyter-server ended before it answered (code ${exit.code}, signal ${exit.signal}):\n${log}`);
      if (Date.now() >= deadline) throw new Error(`jupyter-server did not answer within ${timeoutMs / 1000} s:\n${log}`);
      info ??= await readServerInfo(runtimeDir, pid);
      if (info) answer = await answerFrom(options.on, `http://${address}:${info.port}/api/kernelspecs`, token, env, notebookDir);
      if (answer === undefined) await sleep(100);
    }
    const listed = Object.keys((JSON.parse(answer) as { kernelspecs: Record<string, unknown> }).kernelspecs);
    if (!listed.includes(options.kernelspec.name)) {
      throw new Error(`jupyter-server does not list the kernelspec ${options.kernelspec.name} (it lists ${listed.join(", ")}):\n${log}`);
    }
    const port = info!.port;
    return {
      url: `http://${address}:${port}/`,
      wsUrl: `ws://${address}:${port}/`,
      token,
      port,
      pid,
      notebookDir,
      env,
      authHeaders: { Authorization: `token ${token}` },
      marker: marker.entry,
      processes: () => processesMarked(marker.entry).filter((p) => p.pid !== pid),
      log: () => log,
      stop,
    };
  } catch (err) {
    const { leftBehind } = await stop();
    if (leftBehind.length > 0) (err as Error).message += `\n(and these were left running, now killed:\n${describeProcesses(leftBehind)})`;
    throw err;
  }
}
