// One run of one cell: its magics and code, the events it emits (stamped with the cell's id), the value it shows
// last, and how it ended. The Session creates one per execute and runs them one at a time.

import type { CellEvent, ExecuteReply, ParabookEvent, Settings } from "../../contract/api.js";
import { LanguageError, type InputAnswer, type InputRequest, type SourceOrigin } from "../language/language.js";
import { CellRunner, MagicUsageError } from "../magics/cell-runner.js";
import {
  MagicError,
  type CellEventBody,
  type ClusterControl,
  type RunningCell,
  type MagicRegistry,
  type StickyControl,
} from "../magics/magic.js";
import { KernelDiedError, KernelUnresponsiveError, type KernelConnection } from "../cluster/kernel-connection.js";
import { KernelStartError } from "../cluster/kernel-manager.js";

export interface CellContext {
  readonly cellId: string;
  readonly executionCount: number;
  emit(event: ParabookEvent): void;
  hostKernel(): Promise<KernelConnection>;
  /** Asks the front end for a line for the cell's code on the host kernel (undefined: the question was withdrawn). */
  askInput(request: InputRequest): Promise<InputAnswer | undefined>;
  readonly cluster: ClusterControl;
  readonly sticky: StickyControl;
  readonly magics: MagicRegistry;
  settings(): Settings;
}

export class CellExecution {
  private interrupted = false;
  private status: ExecuteReply["status"] = "ok";
  /** What the cell shows last (Jupyter's execute_result), emitted after everything else it printed. */
  private shown: string | undefined;
  private readonly runner: CellRunner;

  constructor(private readonly context: CellContext) {
    const cell: RunningCell = {
      executionCount: context.executionCount,
      emit: (event) => this.emit(event),
      print: (text) => this.emit({ type: "stream", name: "stdout", text }),
      run: (code, lineOffset) => this.runner.run(code, lineOffset),
      showResult: (text) => (this.shown = text),
      markFailed: () => (this.status = "error"),
      hostKernel: () => this.hostKernel(),
      throwIfInterrupted: () => this.throwIfInterrupted(),
      isInterrupted: () => this.interrupted,
      origin: (lineOffset, where) => this.origin(lineOffset, where),
      cluster: context.cluster,
      sticky: context.sticky,
      magics: context.magics,
      settings: context.settings,
    };
    this.runner = new CellRunner(cell, (code, lineOffset) => this.runInHost(code, lineOffset));
  }

  /** From now on no further step of this cell starts (the kernels are interrupted separately). */
  markInterrupted(): void {
    this.interrupted = true;
  }

  async run(code: string): Promise<ExecuteReply> {
    try {
      await this.runner.run(code, 0);
    } catch (err) {
      this.status = this.report(err);
    }
    if (this.shown !== undefined) {
      this.emit({ type: "result", executionCount: this.context.executionCount, data: { "text/plain": this.shown } });
    }
    return { status: this.status, executionCount: this.context.executionCount };
  }

  private emit(event: CellEventBody): void {
    this.context.emit({ ...event, cellId: this.context.cellId } as CellEvent);
  }

  private origin(lineOffset: number, where?: string): SourceOrigin {
    const prompt = `In [${this.context.executionCount}]`;
    return { name: where ? `${prompt} on ${where}` : prompt, lineOffset };
  }

  private throwIfInterrupted(): void {
    if (this.interrupted) {
      throw new LanguageError({ ename: "Interrupted", evalue: "interrupted by the user", traceback: ["Interrupted by the user"] });
    }
  }

  private async hostKernel(): Promise<KernelConnection> {
    this.throwIfInterrupted();
    const kernel = await this.context.hostKernel();
    // An interrupt that came while this waited found nothing running in the kernel yet; it still stops the cell.
    this.throwIfInterrupted();
    return kernel;
  }

  private async runInHost(code: string, lineOffset: number): Promise<void> {
    const kernel = await this.hostKernel();
    const shown = await kernel.executeCell(
      code,
      this.origin(lineOffset),
      (name, text) => this.emit({ type: "stream", name, text }),
      (request) => this.context.askInput(request),
    );
    if (shown !== null) this.shown = shown;
  }

  /** Turn whatever stopped the cell into an error event; says whether the cell failed or was aborted. */
  private report(err: unknown): ExecuteReply["status"] {
    const error = (ename: string, evalue: string, traceback: string[] = [evalue]): void =>
      this.emit({ type: "error", ename, evalue, traceback });
    if (err instanceof LanguageError) {
      error(err.report.ename, err.report.evalue, [...err.report.traceback]);
      return err.report.ename === "Interrupted" ? "aborted" : "error";
    }
    if (err instanceof KernelUnresponsiveError) {
      error(
        "KernelUnresponsive",
        `The host kernel ${err.failure} and was killed; its definitions are lost. ` +
          "The next cell starts a fresh kernel.",
      );
      return "aborted";
    }
    if (err instanceof KernelDiedError) {
      error("KernelDied", `The host kernel died (${err.reason}); its definitions are lost. The next cell starts a fresh kernel.`);
      return "aborted";
    }
    if (err instanceof MagicUsageError) {
      error(err.name, err.message, [err.message, "", ...err.usage.split("\n")]);
      return "error";
    }
    if (err instanceof MagicError || err instanceof KernelStartError) {
      error(err.name, err.message);
      return "error";
    }
    const e = err instanceof Error ? err : new Error(String(err));
    error("InternalError", `Parabook failed: ${e.message}`, (e.stack ?? e.message).split("\n"));
    return "error";
  }
}
