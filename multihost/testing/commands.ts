// Running the system's tools (ip, nsenter, ssh-keygen, sinfo…) for the multi-host test helpers. Every command is
// bounded in time and, when late, ended by its PID; a failure says which command it was and what it printed, so a
// broken environment reads as "`slurmd -N h1` exited 1: …" rather than as a test that merely timed out.

import { spawn } from "node:child_process";

export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  /** Killed (SIGKILL, by PID) and rejected after this long; 20 s unless told. */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to the command's standard input, which is then closed. */
  readonly input?: string;
}

/** Runs `argv` to its end and resolves with what it printed, whatever its exit code; rejects only when it could
 *  not be started or did not end within the time bound. */
export function runCommand(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    if (options.input !== undefined) child.stdin!.end(options.input);
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start \`${commandLine(argv)}\`: ${err.message}`));
    });
    // 'close', not 'exit': the output is complete only once both pipes have ended.
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (late) reject(new Error(`\`${commandLine(argv)}\` did not finish within ${timeoutMs / 1000} s; it printed:\n${stdout}${stderr}`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Like runCommand, but only a zero exit counts: anything else rejects with the command line and its output.
 *  Resolves with the standard output. */
export async function mustRun(argv: readonly string[], options: CommandOptions = {}): Promise<string> {
  const result = await runCommand(argv, options);
  if (result.code !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
    throw new Error(`\`${commandLine(argv)}\` ${how}:\n${result.stderr}${result.stdout}`.trimEnd());
  }
  return result.stdout;
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
}

/** Asks `probe` every `intervalMs` until it answers something other than undefined, for at most `timeoutMs` (so at
 *  most timeoutMs / intervalMs + 1 times). Rejects saying what was awaited and what the last probe said. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs, intervalMs }: WaitOptions,
  lastWords: () => string = () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const attempts = Math.ceil(timeoutMs / intervalMs) + 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  const said = lastWords();
  throw new Error(`${what}: not within ${timeoutMs / 1000} s${said ? `\n${said}` : ""}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A command line as a person would type it, for error messages. */
export function commandLine(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(" ");
}
