// `parabook run FILE.scm`: evaluate a Scheme file top to bottom in one kernel process (on its big-stack worker),
// printing only what the program writes. An error goes to stderr and the exit code is 1; a file that cannot be
// read, 2.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { LanguageError } from "../language/language.js";
import { KernelManager, HOST_RANK } from "../cluster/kernel-manager.js";
import { KernelDiedError } from "../cluster/kernel-connection.js";
import { BUILTIN_KERNELS, type KernelSpec } from "../language/languages.js";
import { NodeSpawner } from "../cluster/node-spawner.js";

export interface RunSchemeOptions {
  readonly file: string;
  /** The language to run it with. Default: Parabook's Scheme. */
  readonly kernel?: KernelSpec;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
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
  try {
    await kernel.run(code, { name: path.basename(options.file) }, (name, text) => (name === "stdout" ? options.stdout : options.stderr)(text));
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
    await kernel.shutdown();
  }
}

export async function runSchemeCommand(argv: string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith("-"));
  if (files.length !== 1 || files.length !== argv.length) {
    process.stderr.write("Usage: parabook run FILE.scm\n");
    return 2;
  }
  return runSchemeFile({ file: files[0]!, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
