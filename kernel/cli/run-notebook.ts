// `parabook run NOTEBOOK.ipynb [--nodes N] [--output OUT.ipynb] [--allow-errors] [--timeout S] [--launcher L]
// [--hosts H] [--hostfile F] [--launcher-args "…"] [--listen ADDR:PORT]`: run a notebook's code cells in order in a
// fresh session (cluster available, its nodes here or where the launcher puts them), print each cell's outputs as
// text, show progress on stderr, and optionally write the executed notebook. Exit 0 when every cell ran, 1 at a
// cell's error, 2 when the command or the notebook cannot be used. A cell's input comes from stdin, line by line
// (run-input.ts); each answer shows in the cell's output after its prompt, as the app shows it.

import * as os from "node:os";
import * as path from "node:path";
import type { CellEvent, Settings } from "../../contract/api.js";
import { CLUSTER_SIZE_MAX, CLUSTER_SIZE_MIN } from "../../contract/api.js";
import { NodeSpawner } from "../cluster/node-spawner.js";
import { Session } from "../session/session.js";
import type { KernelSpec } from "../language/languages.js";
import { NotebookFileError } from "../files/atomic-file.js";
import { readNotebookFile, writeNotebookFile } from "../notebook/file.js";
import { NotebookFormatError, type CodeCell, type Notebook } from "../../contract/notebook.js";
import { answeredInputText, CellOutputs } from "../../contract/outputs.js";
import { placementFor, type PlacementOptions } from "../magics/placement-options.js";
import { UsageError } from "../magics/parser.js";
import { defaultSettings } from "../settings/settings.js";
import { runInput, type LineReader, type RunInput } from "./run-input.js";

const USAGE = `Usage: parabook run NOTEBOOK.ipynb [--nodes N] [--output OUT.ipynb] [--allow-errors] [--timeout S]
         [--launcher local|slurm|mpi|ssh] [--hosts H:N,…] [--hostfile FILE] [--launcher-args "…"] [--listen ADDR:PORT]`;

export interface RunNotebookOptions {
  readonly input: string;
  readonly nodes: number;
  readonly output?: string;
  readonly allowErrors: boolean;
  /** Seconds one cell may run before it is interrupted and counts as failed. */
  readonly timeoutSeconds?: number;
  /** The kernels available; the first runs the host kernel. Default: Parabook's own. */
  readonly kernels?: readonly KernelSpec[];
  /** Where the notebook's %parallel puts its nodes when it does not say (default: this computer). */
  readonly placement?: PlacementOptions;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where the cells' input comes from. Default: none, since this run was given none. */
  readonly stdin?: RunInput;
}

class CommandLineError extends Error {}

export function parseRunNotebookArgs(argv: readonly string[]): Omit<RunNotebookOptions, "stdout" | "stderr"> {
  let input: string | undefined;
  let nodes = Math.min(CLUSTER_SIZE_MAX, Math.max(CLUSTER_SIZE_MIN, os.availableParallelism()));
  let output: string | undefined;
  let allowErrors = false;
  let timeoutSeconds: number | undefined;
  const placement: { -readonly [K in keyof PlacementOptions]: PlacementOptions[K] } = {};
  const placementFlags: Record<string, keyof PlacementOptions> = {
    "--launcher": "launcher",
    "--hosts": "hosts",
    "--hostfile": "hostfile",
    "--launcher-args": "launcherArgs",
    "--listen": "listen",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new CommandLineError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--nodes": {
        const text = value();
        nodes = Number(text);
        if (!Number.isInteger(nodes) || nodes < CLUSTER_SIZE_MIN || nodes > CLUSTER_SIZE_MAX) {
          throw new CommandLineError(`--nodes wants a whole number from ${CLUSTER_SIZE_MIN} to ${CLUSTER_SIZE_MAX}, got ${text}`);
        }
        break;
      }
      case "--output":
        output = value();
        break;
      case "--allow-errors":
        allowErrors = true;
        break;
      case "--timeout": {
        const text = value();
        timeoutSeconds = Number(text);
        if (!(timeoutSeconds > 0)) throw new CommandLineError(`--timeout wants a number of seconds above 0, got ${text}`);
        break;
      }
      default:
        if (placementFlags[arg] !== undefined) {
          placement[placementFlags[arg]!] = value();
          break;
        }
        if (arg.startsWith("-")) throw new CommandLineError(`unknown option ${arg}`);
        if (input !== undefined) throw new CommandLineError(`one notebook at a time (got ${input} and ${arg})`);
        input = arg;
    }
  }
  if (input === undefined) throw new CommandLineError("which notebook?");
  if (output !== undefined && path.resolve(output) === path.resolve(input)) {
    throw new CommandLineError("--output must differ from the notebook: parabook run never changes its input");
  }
  if (Object.keys(placement).length > 0) {
    try {
      // Checked now, so a mistyped flag fails the command rather than the notebook's %parallel cell.
      placementFor(placement, defaultSettings());
    } catch (err) {
      if (err instanceof UsageError) throw new CommandLineError(err.message);
      throw err;
    }
  }
  return { input, nodes, output, allowErrors, timeoutSeconds, ...(Object.keys(placement).length > 0 ? { placement } : {}) };
}

/**
 * The error a kernel reports for an interrupt, reworded when --timeout sent the interrupt: the kernel cannot tell
 * who asked, and "interrupted by the user" in the saved notebook would send its reader looking for a person.
 */
function asTimeout(event: CellEvent, seconds: number): CellEvent {
  if (event.type !== "error" || event.ename !== "Interrupted") return event;
  const evalue = `the cell ran longer than --timeout ${seconds} s and was stopped`;
  return { ...event, ename: "Timeout", evalue, traceback: [`Timeout: ${evalue}`] };
}

async function runCell(session: Session, cell: CodeCell, options: RunNotebookOptions, lines: LineReader | undefined) {
  // Printed live and whole, as a terminal would; the notebook written keeps the outputs within the file's limits.
  const outputs = new CellOutputs();
  let timedOut = false;
  const show = (e: CellEvent): void => {
    const text = outputs.add(timedOut && options.timeoutSeconds !== undefined ? asTimeout(e, options.timeoutSeconds) : e);
    if (text !== "") options.stdout(text);
  };
  let finished = false;
  const unsubscribe = session.onEvent((e) => {
    if (!("cellId" in e) || e.cellId !== cell.id) return;
    show(e);
    if (e.type === "input-request" && lines !== undefined) {
      void lines.next().then(async (line) => {
        if (finished) return; // interrupted (--timeout) while the line was awaited
        show({ type: "stream", cellId: cell.id, name: "stdout", text: answeredInputText(e.prompt, line, e.password) });
        // Refused only when an interrupt (--timeout) ended the wait meanwhile: nobody needs the line then.
        await session.answerInput(cell.id, line).catch(() => undefined);
      });
    }
  });
  const timer =
    options.timeoutSeconds === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          void session.interrupt();
        }, options.timeoutSeconds * 1000);
  try {
    const reply = await session.execute(cell.id, cell.source);
    return { reply, outputs: outputs.outputs(), timedOut };
  } finally {
    finished = true;
    clearTimeout(timer);
    unsubscribe();
  }
}

/** The language the notebook says it is written in (kernelspec, else language_info), if it says. */
function notebookLanguage(notebook: Notebook): string | undefined {
  const field = (key: string, inner: string): string | undefined => {
    const v = notebook.metadata[key];
    const value = v !== null && typeof v === "object" && !Array.isArray(v) ? v[inner] : undefined;
    return typeof value === "string" ? value : undefined;
  };
  return field("kernelspec", "language") ?? field("language_info", "name");
}

/** Run the notebook; resolves to the exit code. */
export async function runNotebook(options: RunNotebookOptions): Promise<number> {
  let notebook: Notebook;
  try {
    const read = await readNotebookFile(options.input);
    notebook = read.notebook;
    for (const warning of read.warnings) options.stderr(`parabook run: warning: ${warning}\n`);
  } catch (err) {
    if (err instanceof NotebookFileError || err instanceof NotebookFormatError) {
      options.stderr(`parabook run: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const language = notebookLanguage(notebook);
  if (language !== undefined && language.toLowerCase() !== "scheme") {
    options.stderr(`parabook run: ${options.input} is a ${language} notebook; Parabook runs Scheme notebooks.\n`);
    return 2;
  }
  const settings: Settings = { ...defaultSettings(), clusterSize: options.nodes, defaultNodeKernel: "scheme", theme: "system", kernelMemoryMb: "auto" };
  const stdin = options.stdin ?? { kind: "none", reason: "this run was given no input" };
  const session = new Session({
    spawner: new NodeSpawner(),
    settings: () => settings,
    ...(options.kernels ? { kernels: options.kernels } : {}),
    ...(options.placement ? { placement: options.placement } : {}),
    ...(stdin.kind === "none" ? { noInput: stdin.reason } : {}),
  });
  const lines = stdin.kind === "lines" ? stdin.lines : undefined;
  const codeCells = notebook.cells.filter((c): c is CodeCell => c.cell_type === "code");
  const name = path.basename(options.input);
  let exitCode = 0;
  try {
    await session.start();
    for (const [k, cell] of codeCells.entries()) {
      const index = notebook.cells.indexOf(cell) + 1;
      options.stderr(`[${k + 1}/${codeCells.length}] ${name}, cell ${index}\n`);
      const { reply, outputs, timedOut } = await runCell(session, cell, options, lines);
      cell.outputs = outputs;
      cell.execution_count = reply.executionCount;
      if (reply.status === "ok") continue;
      const why = timedOut ? `ran longer than --timeout ${options.timeoutSeconds} s and was interrupted` : reply.status === "aborted" ? "was aborted" : "failed";
      options.stderr(`parabook run: ${name}, cell ${index} (In [${reply.executionCount}]) ${why}\n`);
      if (!options.allowErrors || timedOut) {
        exitCode = 1;
        break;
      }
    }
  } finally {
    lines?.close();
    await session.shutdown();
  }
  if (options.output !== undefined) {
    try {
      await writeNotebookFile(options.output, notebook);
    } catch (err) {
      options.stderr(`parabook run: ${(err as Error).message}\n`);
      return 2;
    }
  }
  return exitCode;
}

export async function runNotebookCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseRunNotebookArgs(argv);
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    process.stderr.write(`parabook run: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  return runNotebook({ ...parsed, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), stdin: runInput() });
}
