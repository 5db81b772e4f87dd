// Debian's Jupyter Server (1.23, /usr/bin/jupyter-server under /usr/bin/python3), started for one test with
// kernelspecs of the test's choosing, in a Jupyter environment of its own: JUPYTER_DATA_DIR, JUPYTER_CONFIG_DIR,
// JUPYTER_RUNTIME_DIR and HOME in a temporary folder, so nothing the machine's user installed is read or written
// (the system kernelspecs in /usr/share/jupyter stay visible: Jupyter always reads them).
//
//   const server = await startJupyterServer({ kernelspecs: [{ name: "parabook", dir: specDir }] });
//   try {
//     await fetch(`${server.url}api/kernels`, { method: "POST", headers: server.authHeaders, body: … });
//     new WebSocket(`${server.wsUrl}api/kernels/${id}/channels?token=${server.token}`);
//   } finally {
//     const { leftBehind } = await server.stop();   // kernels shut down by the server itself; [] when all went
//   }
//
// On a namespace host (multihost/testing/hosts.ts), give `on`: the server runs there and listens on that host's
// address; only a client on a host can reach it (the machine cannot), so its readiness is probed from there too.
//
//   startJupyterServer({ kernelspecs, on: { run: (argv, o) => hosts.run("h0", argv, o), address: hosts.addresses.h0 } })
//
// Everything the server leads to (its kernels, their nodes, even those a killed kernel orphaned) carries a marker in
// its environment; stop() waits for all of them to end and ends by PID, reporting them, any still running.

import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { commandLine, runCommand, sleep } from "../../multihost/testing/commands.js";
import { describeProcesses, killEach, processesMarked, processMarker, waitForMarkedToEnd, type MarkedProcess } from "./marked-processes.js";

export const PYTHON = "/usr/bin/python3";
export const JUPYTER_SERVER = "/usr/bin/jupyter-server";

/** A folder holding a kernel.json (and logos), installed under `name` in the server's data folder. */
export interface KernelspecSource {
  readonly name: string;
  readonly dir: string;
}

/** Where to run the server when not on this machine: a namespace host. */
export interface ServerHost {
  /** Starts `argv` on the host (hosts.run bound to one host); the child's PID must be the command's own. */
  readonly run: (argv: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; stdio: StdioOptions }) => ChildProcess;
  /** The host's address, where the server listens. */
  readonly address: string;
}

export interface JupyterServerOptions {
  readonly kernelspecs?: readonly KernelspecSource[];
  readonly on?: ServerHost;
  /** Added to the server's environment (and so its kernels'). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the server to answer; 30 s unless told. */
  readonly startTimeoutMs?: number;
}

/** The temporary Jupyter environment: give `env` to any Jupyter tool that must see the same kernelspecs. */
export interface JupyterEnvironment {
  readonly root: string;
  readonly dataDir: string;
  readonly configDir: string;
  readonly runtimeDir: string;
  readonly home: string;
  /** The server's root_dir: where notebooks and kernels' working folders are. */
  readonly notebookDir: string;
  readonly env: Readonly<Record<string, string>>;
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
  readonly environment: JupyterEnvironment;
  /** `Authorization: token …`, for REST requests. */
  readonly authHeaders: Readonly<Record<string, string>>;
  /** The `NAME=value` entry in the environment of the server and of everything it starts. */
  readonly marker: string;
  /** The processes the server started that are running now (kernels, their nodes), the server itself excluded. */
  processes(): MarkedProcess[];
  /** What the server has printed (its log goes to stderr). */
  log(): string;
  /** SIGTERM (the server shuts its kernels down), bounded waits, then SIGKILL by PID for anything left; removes the
   *  temporary folder. Safe to call twice. */
  stop(): Promise<StopReport>;
}

const STOP_GRACE_MS = 15_000;
const LEFT_BEHIND_GRACE_MS = 5_000;

/** Makes the temporary Jupyter environment with the kernelspecs installed in its data folder. */
export async function createJupyterEnvironment(kernelspecs: readonly KernelspecSource[] = []): Promise<JupyterEnvironment> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-jupyter-")));
  const dirs = {
    dataDir: path.join(root, "data"),
    configDir: path.join(root, "config"),
    runtimeDir: path.join(root, "runtime"),
    home: path.join(root, "home"),
    notebookDir: path.join(root, "notebooks"),
  };
  for (const dir of Object.values(dirs)) await fs.mkdir(dir, { recursive: true });
  for (const spec of kernelspecs) {
    try {
      await fs.access(path.join(spec.dir, "kernel.json"));
    } catch {
      throw new Error(`kernelspec ${spec.name}: ${spec.dir} holds no kernel.json`);
    }
    await fs.cp(spec.dir, path.join(dirs.dataDir, "kernels", spec.name), { recursive: true });
  }
  const env = {
    JUPYTER_DATA_DIR: dirs.dataDir,
    JUPYTER_CONFIG_DIR: dirs.configDir,
    JUPYTER_RUNTIME_DIR: dirs.runtimeDir,
    HOME: dirs.home,
    // The user's own IPython and Jupyter paths must not leak in through these either.
    IPYTHONDIR: path.join(dirs.home, ".ipython"),
    JUPYTER_PATH: "",
  };
  return { root, ...dirs, env };
}

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

export async function startJupyterServer(options: JupyterServerOptions = {}): Promise<JupyterServer> {
  const environment = await createJupyterEnvironment(options.kernelspecs);
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
    `--ServerApp.root_dir=${environment.notebookDir}`,
  ];
  const env = { ...process.env, ...environment.env, ...options.env, [marker.name]: marker.value };
  const stdio: StdioOptions = ["ignore", "pipe", "pipe"];
  const child = options.on ? options.on.run(argv, { env, cwd: environment.notebookDir, stdio }) : spawn(argv[0]!, argv.slice(1), { env, cwd: environment.notebookDir, stdio });
  let log = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (log += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (log += text));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("close", (code, signal) => {
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
        process.kill(pid, "SIGTERM");
        const late = await Promise.race([exited.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
        if (late) {
          ended = "killed";
          process.kill(pid, "SIGKILL");
          await exited;
        }
      }
      const leftBehind = await waitForMarkedToEnd(marker.entry, LEFT_BEHIND_GRACE_MS);
      killEach(leftBehind);
      await fs.rm(environment.root, { recursive: true, force: true });
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
      info ??= await readServerInfo(environment.runtimeDir, pid);
      if (info) answer = await answerFrom(options.on, `http://${address}:${info.port}/api/kernelspecs`, token, env, environment.notebookDir);
      if (answer === undefined) await sleep(100);
    }
    const listed = Object.keys((JSON.parse(answer) as { kernelspecs: Record<string, unknown> }).kernelspecs);
    const missing = (options.kernelspecs ?? []).filter((k) => !listed.includes(k.name));
    if (missing.length > 0) {
      throw new Error(`jupyter-server does not list the kernelspec(s) ${missing.map((k) => k.name).join(", ")} (it lists ${listed.join(", ")}):\n${log}`);
    }
    const port = info!.port;
    return {
      url: `http://${address}:${port}/`,
      wsUrl: `ws://${address}:${port}/`,
      token,
      port,
      pid,
      environment,
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

/** Runs `argv` (a Jupyter tool: jupyter_client scripts, nbclient, jupyter console…) in the server's Jupyter
 *  environment, bounded, on this machine. */
export function runInEnvironment(environment: JupyterEnvironment, argv: readonly string[], options: { timeoutMs?: number; input?: string } = {}) {
  return runCommand(argv, { env: { ...process.env, ...environment.env }, cwd: environment.notebookDir, ...options });
}
