// A launcher's own process (srun, mpiexec, one ssh): started with what it needs, its stderr read line by line
// (that is where launchers say what went wrong, and where), its exit reported, and ended on request: asked to
// finish first, then SIGTERM (srun and mpiexec end their tasks on it), then SIGKILL.

import { spawn, type ChildProcess } from "node:child_process";

export interface ProcessCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Added to this process's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Written to its standard input, which is then closed (how ssh hands a node its keys). */
  readonly stdin?: string;
}

export type ProcessEnd = { readonly code: number | null; readonly signal: string | null } | { readonly error: string };

export class WatchedProcess {
  private readonly child: ChildProcess;
  private ended: ProcessEnd | undefined;
  private readonly endListeners: ((end: ProcessEnd) => void)[] = [];
  private partialLine = "";
  /** The last lines it wrote on stderr, for messages. */
  readonly recentLines: string[] = [];

  constructor(
    command: ProcessCommand,
    private readonly onLine: (line: string) => void,
  ) {
    this.child = spawn(command.command, [...command.args], {
      env: { ...process.env, ...command.env },
      stdio: [command.stdin === undefined ? "ignore" : "pipe", "ignore", "pipe"],
    });
    if (command.stdin !== undefined) {
      // A process that is gone before reading it (ssh that could not connect) closes the pipe: nothing to report,
      // its exit says why.
      this.child.stdin!.on("error", () => undefined);
      this.child.stdin!.end(command.stdin);
    }
    this.child.stderr!.setEncoding("utf8").on("data", (text: string) => this.read(text));
    this.child.on("error", (err: NodeJS.ErrnoException) => {
      this.end({ error: err.code === "ENOENT" ? `${command.command} is not installed on this computer (not found on PATH)` : `${command.command} could not start: ${err.message}` });
    });
    this.child.on("close", (code, signal) => {
      this.flushLine();
      this.end({ code, signal });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasEnded(): boolean {
    return this.ended !== undefined;
  }

  onEnd(listener: (end: ProcessEnd) => void): void {
    if (this.ended) listener(this.ended);
    else this.endListeners.push(listener);
  }

  /** Resolves once it has ended: at once if it has, else after `graceMs` it gets SIGTERM, and 2 s later SIGKILL. */
  async stop(graceMs: number): Promise<void> {
    if (this.ended) return;
    const ended = new Promise<void>((resolve) => this.onEnd(() => resolve()));
    const term = setTimeout(() => this.child.kill("SIGTERM"), graceMs);
    const kill = setTimeout(() => this.child.kill("SIGKILL"), graceMs + 2_000);
    await ended;
    clearTimeout(term);
    clearTimeout(kill);
  }

  private read(text: string): void {
    const lines = (this.partialLine + text).split("\n");
    this.partialLine = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  private flushLine(): void {
    if (this.partialLine !== "") this.line(this.partialLine);
    this.partialLine = "";
  }

  private line(raw: string): void {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") return;
    this.recentLines.push(line);
    if (this.recentLines.length > 20) this.recentLines.shift();
    this.onLine(line);
  }

  private end(end: ProcessEnd): void {
    if (this.ended) return;
    this.ended = end;
    for (const listener of this.endListeners) listener(end);
  }
}

export function describeEnd(end: ProcessEnd): string {
  if ("error" in end) return end.error;
  return end.signal ? `was killed by ${end.signal}` : `exited with code ${end.code}`;
}
