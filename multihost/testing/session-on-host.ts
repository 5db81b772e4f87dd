// The test's end of a notebook host process on a namespace host (session-host-process.ts): run cells there, read
// what they print, interrupt, ask for the cluster's status, and end it, politely or with SIGKILL.

import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ClusterStatus } from "../../contract/api.js";
import type { HostName, Hosts } from "./hosts.js";
import type { FromSessionHost, RanCell, ToSessionHost } from "./session-host-process.js";

const HOST_PROCESS = fileURLToPath(new URL("./session-host-process.js", import.meta.url));

export type { RanCell };

export class SessionOnHost {
  private readonly printedText = new Map<string, string>();
  private readonly waiting = new Map<string, (ran: RanCell) => void>();
  private statusWaiters: ((status: ClusterStatus) => void)[] = [];
  private interruptWaiters: (() => void)[] = [];
  private cells = 0;
  private stderrText = "";
  readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    child.stderr?.setEncoding("utf8").on("data", (text: string) => (this.stderrText += text));
    child.on("message", (message: FromSessionHost) => {
      if ("printed" in message) this.printedText.set(message.printed.id, (this.printedText.get(message.printed.id) ?? "") + message.printed.text);
      else if ("ran" in message) this.waiting.get(message.ran.id)?.(message.ran);
      else if ("status" in message) this.statusWaiters.splice(0).forEach((w) => w(message.status));
      else if ("interrupted" in message) this.interruptWaiters.splice(0).forEach((w) => w());
    });
  }

  /** Starts the host process on `host` (nodes and host both say gone after `heartbeatSeconds` of silence); with
   *  `where.jupyterServer`, its kernel runs under that Jupyter Server instead (kernel/jupyter-server-client/). */
  static async start(hosts: Hosts, host: HostName, heartbeatSeconds: number, where: { jupyterServer?: { url: string; token: string; kernelName: string } } = {}): Promise<SessionOnHost> {
    // A Jupyter Server's token travels in the environment, never in a command line (every user can read those).
    const env = where.jupyterServer ? { ...process.env, PARABOOK_TEST_JUPYTER_SERVER: JSON.stringify(where.jupyterServer) } : process.env;
    const child = hosts.run(host, [process.execPath, HOST_PROCESS, String(heartbeatSeconds)], { stdio: ["ignore", "ignore", "pipe", "ipc"], env });
    const session = new SessionOnHost(child);
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", () => reject(new Error(`the session host process on ${host} ended before it was up:\n${session.stderrText}`)));
    });
    return session;
  }

  get pid(): number {
    return this.child.pid!;
  }

  start(code: string): { id: string; done: Promise<RanCell> } {
    const id = `cell-${++this.cells}`;
    const done = new Promise<RanCell>((resolve, reject) => {
      this.waiting.set(id, resolve);
      void this.exited.then(() => reject(new Error(`the session host process ended while cell ${id} ran:\n${this.stderrText}`)));
    });
    this.send({ run: { id, code } });
    return { id, done };
  }

  run(code: string): Promise<RanCell> {
    return this.start(code).done;
  }

  /** What cell `id` has printed, once `pattern` is in it (up to 60 s). */
  async printed(id: string, pattern: RegExp): Promise<string> {
    for (let i = 0; i < 1200; i++) {
      const text = this.printedText.get(id) ?? "";
      if (pattern.test(text)) return text;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`cell ${id} never printed ${pattern}; it printed:\n${this.printedText.get(id) ?? ""}`);
  }

  status(): Promise<ClusterStatus> {
    return new Promise((resolve) => {
      this.statusWaiters.push(resolve);
      this.send({ status: true });
    });
  }

  interrupt(): Promise<void> {
    return new Promise((resolve) => {
      this.interruptWaiters.push(resolve);
      this.send({ interrupt: true });
    });
  }

  /** Shut the session down (its nodes and their launchers with it) and wait for the process to end. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.send({ shutdown: true });
    await this.exited;
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }

  private send(message: ToSessionHost): void {
    if (this.child.connected) this.child.send(message);
  }
}
