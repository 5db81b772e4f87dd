// `parabook run FILE.scm`: evaluate a Scheme file top to bottom in one kernel process (on its big-stack worker),
// printing only what the program writes. An error goes to stderr and the exit code is 1; a file that cannot be
// read, 2. The program's input comes from stdin as `python script.py < answers.txt` feeds input() (run-input.ts):
// a prompt is written, the answer is not (the terminal would have shown it, had someone typed it).

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { LanguageError } from "../language/language.js";
import { KernelManager, HOST_RANK } from "../cluster/kernel-manager.js";
import { KernelDiedError } from "../cluster/kernel-connection.js";
import { BUILTIN_KERNELS, type KernelSpec } from "../language/languages.js";
import { NodeSpawner } from "../cluster/node-spawner.js";
import type { InputListener } from "../cluster/kernel-connection.js";
import { runInput, type RunInput } from "./run-input.js";

export interface RunSchemeOptions {
  readonly file: string;
  /** The language to run it with. Default: Parabook's Scheme. */
  readonly kernel?: KernelSpec;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where the program's input comes from. Default: none, since this run was given none. */
  readonly input?: RunInput;
}

const NO_INPUT_GIVEN: RunInput = { kind: "none", reason: "this run was given no input" };

/** Answers the program's input requests from the run's input, writing each prompt as a terminal would. */
export function answerFrom(input: RunInput, writePrompt: (text: string) => void): InputListener {
  return async ({ prompt }) => {
    if (input.kind === "none") return { kind: "unavailable", reason: input.reason };
    if (prompt !== "") writePrompt(prompt);
    const line = await input.lines.next();
    return line === null ? { kind: "end" } : { kind: "line", line };
  };
}

export async function runSchemeFile(options: RunSchemeOptions): Promise<number> {
  let code: string;
  try {
    code = await fs.readFile(options.file, "utf8");
  } catch (err) {
    options.stderr(`parabook run: cannot read ${options.file}: ${(err as Error).message}\n`);
    return 2;
  }
  const kernel = await new KernelManager(new NodeSpawner()).startKernel(options.kernel ?? BUILTIN_KERNELS[0]!, HOST_RANK, 0);
  const input = options.input ?? NO_INPUT_GIVEN;
  try {
    await kernel.run(
      code,
      { name: path.basename(options.file) },
      (name, text) => (name === "stdout" ? options.stdout : options.stderr)(text),
      answerFrom(input, options.stdout),
    );
    return 0;
  } catch (err) {
    if (err instanceof LanguageError) {
      options.stderr(`${err.report.traceback.join("\n")}\n`);
      return 1;
    }
    if (err instanceof KernelDiedError) {
      options.stderr(`parabook run: the Scheme process died (${err.reason})\n`);
      return 1;
    }
    throw err;
  } finally {
    if (input.kind === "lines") input.lines.close();
    await kernel.shutdown();
  }
}

export async function runSchemeCommand(argv: string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith("-"));
  if (files.length !== 1 || files.length !== argv.length) {
    process.stderr.write("Usage: parabook run FILE.scm\n");
    return 2;
  }
  return runSchemeFile({ file: files[0]!, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), input: runInput() });
}
