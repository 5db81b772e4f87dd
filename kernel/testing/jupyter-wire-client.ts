// A minimal Jupyter front end over ZeroMQ for tests of `parabook kernel`: writes a connection file, starts the
// kernel process, and talks to its shell, control, iopub and heartbeat sockets, signing as told (tests also send
// unsigned and badly signed messages on purpose). The conformance suite uses Jupyter's own client instead.

import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Dealer, Request, Subscriber } from "zeromq";
import { MessageSigner } from "../jupyter/signing.js";
import { DELIMITER } from "../jupyter/wire.js";
import { PROTOCOL_VERSION, type JsonObject } from "../../contract/jupyter/messages.js";
import { parabookBin } from "./paths.js";

export interface WireMessage {
  header: { msg_id: string; msg_type: string };
  parent_header: { msg_id?: string; msg_type?: string };
  metadata: JsonObject;
  content: JsonObject;
}

export type Signing = "good" | "bad" | "none";

/** Ports nobody listens on right now (bound to port 0 and released). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve) => {
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export class JupyterWireClient {
  readonly stderr: string[] = [];
  private readonly iopubMessages: WireMessage[] = [];
  private readonly iopubWaiters: (() => void)[] = [];
  private readonly session = randomUUID();
  private readonly sending = new Map<Dealer, Promise<void>>();

  private constructor(
    readonly kernel: ChildProcess,
    readonly dir: string,
    private readonly signer: MessageSigner,
    private readonly shell: Dealer,
    private readonly control: Dealer,
    private readonly iopub: Subscriber,
    readonly heartbeat: Request,
  ) {
    kernel.stderr!.setEncoding("utf8").on("data", (t: string) => this.stderr.push(t));
    void this.readIopub();
  }

  /** Start `parabook kernel -f` on a fresh connection file; resolves once it answers kernel_info. */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<JupyterWireClient> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-kernel-"));
    const [shell, control, stdin, iopub, hb] = await freePorts(5);
    const key = randomUUID();
    const file = path.join(dir, "connection.json");
    await fs.writeFile(file, JSON.stringify({ transport: "tcp", ip: "127.0.0.1", shell_port: shell, control_port: control, stdin_port: stdin, iopub_port: iopub, hb_port: hb, key, signature_scheme: "hmac-sha256" }));
    const kernel = spawn(process.execPath, [parabookBin, "kernel", "-f", file], {
      env: { ...process.env, PARABOOK_CONFIG_DIR: path.join(dir, "config"), ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const sockets = { shell: new Dealer(), control: new Dealer(), iopub: new Subscriber(), hb: new Request() };
    sockets.shell.connect(`tcp://127.0.0.1:${shell}`);
    sockets.control.connect(`tcp://127.0.0.1:${control}`);
    sockets.iopub.connect(`tcp://127.0.0.1:${iopub}`);
    sockets.iopub.subscribe();
    sockets.hb.connect(`tcp://127.0.0.1:${hb}`);
    const client = new JupyterWireClient(kernel, dir, new MessageSigner(key), sockets.shell, sockets.control, sockets.iopub, sockets.hb);
    // The first kernel_info may be lost while the kernel binds (ZeroMQ queues it until then; the PUB may miss
    // the first messages): asked until answered, as jupyter_client's wait_for_ready does.
    for (let attempt = 0; ; attempt++) {
      const reply = await client.request("shell", "kernel_info_request", {}, "good", 1_000).catch(() => undefined);
      if (reply) break;
      if (attempt > 30 || kernel.exitCode !== null) throw new Error(`the kernel did not start:\n${client.stderr.join("")}`);
    }
    return client;
  }

  /** Send a request and resolve with its reply (rejects after `timeoutMs` without one). */
  async request(channel: "shell" | "control", msgType: string, content: JsonObject, signing: Signing = "good", timeoutMs = 30_000): Promise<WireMessage> {
    const socket = channel === "shell" ? this.shell : this.control;
    const msgId = this.send(socket, msgType, content, signing);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply to ${msgType} within ${timeoutMs} ms`);
      socket.receiveTimeout = left;
      const frames = await socket.receive();
      const message = this.parse(frames);
      if (message.parent_header.msg_id === msgId) return message;
    }
  }

  /** Send without waiting; returns the msg_id. */
  send(socket: Dealer, msgType: string, content: JsonObject, signing: Signing = "good"): string {
    const header = { msg_id: randomUUID(), session: this.session, username: "test", date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION };
    const parts = [header, {}, {}, content].map((p) => Buffer.from(JSON.stringify(p)));
    const signature = signing === "none" ? "" : signing === "bad" ? "0".repeat(64) : this.signer.sign(parts);
    // One send at a time per socket (zeromq refuses a second while one is under way), in the order asked.
    const previous = this.sending.get(socket) ?? Promise.resolve();
    this.sending.set(socket, previous.then(() => socket.send([DELIMITER, signature, ...parts])).catch(() => undefined));
    return header.msg_id;
  }

  /** The next message on shell (a reply to something sent with `send`). */
  async nextShellMessage(timeoutMs = 30_000): Promise<WireMessage> {
    this.shell.receiveTimeout = timeoutMs;
    return this.parse(await this.shell.receive());
  }

  get shellSocket(): Dealer {
    return this.shell;
  }

  /** The iopub messages caused by `msgId` up to its idle status. */
  async iopubUntilIdle(msgId: string, timeoutMs = 30_000): Promise<WireMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mine = this.iopubMessages.filter((m) => m.parent_header.msg_id === msgId);
      if (mine.some((m) => m.header.msg_type === "status" && m.content.execution_state === "idle")) return mine;
      if (Date.now() > deadline) throw new Error(`no idle status for ${msgId} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.iopubWaiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Ask for shutdown and wait for the process to end; kills it if it does not within 10 s. */
  async close(): Promise<void> {
    if (this.kernel.exitCode === null && this.kernel.signalCode === null) {
      await this.request("control", "shutdown_request", { restart: false }, "good", 10_000).catch(() => undefined);
      const exited = new Promise((resolve) => this.kernel.once("exit", resolve));
      const timer = setTimeout(() => this.kernel.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    for (const s of [this.shell, this.control, this.iopub, this.heartbeat]) s.close();
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private parse(frames: Buffer[]): WireMessage {
    const at = frames.findIndex((f) => f.toString() === DELIMITER);
    const [signature, ...parts] = frames.slice(at + 1, at + 6);
    if (!this.signer.verify(signature!.toString(), parts)) throw new Error("the kernel sent a message with a wrong signature");
    const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p.toString()));
    return { header, parent_header, metadata, content };
  }

  private async readIopub(): Promise<void> {
    try {
      for await (const frames of this.iopub) {
        this.iopubMessages.push(this.parse(frames));
        for (const wake of this.iopubWaiters.splice(0)) wake();
      }
    } catch {
      // closed
    }
  }
}
