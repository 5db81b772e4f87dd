// `parabook node` processes started by a test, as a launcher would start them on other machines: on 127.0.0.1,
// with their keys in the environment (or wherever the test says). Every one is remembered so the test can end
// those still running, by pid, whatever happened.

import { spawn, type ChildProcess } from "node:child_process";
import { parabookBin } from "./paths.js";
import { NODE_KEYS_ENV, nodeKeysText, type NodeKeys } from "../cluster/remote/curve-keys.js";
import { splitArguments } from "../../contract/node-placement.js";

export interface StartedNode {
  readonly child: ChildProcess;
  /** Everything it wrote on stderr so far. */
  stderr(): string;
  /** Resolves with its exit code (or signal name) once it has exited. */
  readonly exited: Promise<number | string>;
}

export interface NodeStart {
  readonly connect: string;
  readonly rank: number;
  readonly size: number;
  /** Put in PARABOOK_NODE_KEYS, unless undefined. */
  readonly keys?: NodeKeys;
  readonly extraArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export class RemoteNodes {
  private readonly startedNodes: StartedNode[] = [];

  start(options: NodeStart): StartedNode {
    const env: Record<string, string> = { ...options.env };
    if (options.keys) env[NODE_KEYS_ENV] = nodeKeysText(options.keys);
    const args = [parabookBin, "node", "--connect", options.connect, "--rank", String(options.rank), "--size", String(options.size), ...(options.extraArgs ?? [])];
    return this.spawn(process.execPath, args, env);
  }

  private spawn(command: string, args: readonly string[], extraEnv: Readonly<Record<string, string>>): StartedNode {
    const env: Record<string, string | undefined> = { ...process.env };
    // A test's own keys variable must not leak into a node that should go without.
    delete env[NODE_KEYS_ENV];
    Object.assign(env, extraEnv);
    const child = spawn(command, [...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
    const node = { child, stderr: () => stderr, exited };
    this.startedNodes.push(node);
    return node;
  }

  /**
   * Start the nodes `%parallel --listen` asked for, by running the very line it printed (with R replaced by each
   * rank), as a user would on other machines. `text` is what the cell printed.
   */
  startAsInstructed(text: string, ranks: readonly number[], env: Readonly<Record<string, string>> = {}): StartedNode[] {
    const line = /^ {2}(.* --rank R .*)$/m.exec(text)?.[1];
    if (line === undefined) throw new Error(`no line to run in what %parallel printed:\n${text}`);
    const [command, ...args] = splitArguments(line);
    return ranks.map((rank) => this.spawn(command!, args.map((w) => (w === "R" ? String(rank) : w)), env));
  }

  /** The nodes started so far (and not yet stopped by stopAll). */
  started(): readonly StartedNode[] {
    return this.startedNodes;
  }

  /** End every node still running (SIGKILL also ends a stopped one), and wait until they have exited. */
  async stopAll(): Promise<void> {
    for (const { child } of this.startedNodes) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // Gone meanwhile.
      }
    }
    await Promise.all(this.startedNodes.map((n) => n.exited));
    this.startedNodes.length = 0;
  }
}
