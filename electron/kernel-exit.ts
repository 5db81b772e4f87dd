// How a kernel's utilityProcess ended, told once. Electron reports an ending twice and in no documented order: the
// process's own "exit" event (only a code) and app's "child-process-gone" (a reason: crashed, killed, out of
// memory…). The report waits a moment after "exit" for the richer one. Reasons are worded as NodeStatus.reason's
// ("killed by SIGKILL", "out of memory"): the KernelManager shows them as they are. Electron-free for the tests.

import { constants } from "node:os";
import type { KernelExit } from "../kernel/cluster/spawner.js";

/** The part of Electron's child-process-gone details (Electron.Details) that describes the ending. */
export interface GoneDetails {
  readonly reason:
    | "clean-exit"
    | "abnormal-exit"
    | "killed"
    | "crashed"
    | "oom"
    | "launch-failed"
    | "integrity-failure"
    | "memory-eviction";
  /** waitpid's exit code, or the signal number when a signal ended it (POSIX), or a launch error code. */
  readonly exitCode: number;
}

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** A child-process-gone notice, in the terms of the Spawner contract. */
export function exitFromGone(details: GoneDetails, platform: NodeJS.Platform = process.platform): KernelExit {
  switch (details.reason) {
    case "clean-exit":
      return { code: details.exitCode, signal: null };
    case "abnormal-exit":
      return { code: details.exitCode, signal: null, reason: `exited with code ${details.exitCode}` };
    case "killed":
    case "crashed": {
      const signal = platform === "win32" ? null : (SIGNAL_NAMES.get(details.exitCode) ?? null);
      if (details.reason === "killed") {
        return { code: signal ? null : details.exitCode, signal, reason: signal ? `killed by ${signal}` : "killed" };
      }
      return { code: signal ? null : details.exitCode, signal, reason: signal ? `crashed (${signal})` : "crashed" };
    }
    case "oom":
      return { code: null, signal: null, reason: "out of memory" };
    case "memory-eviction":
      return { code: null, signal: null, reason: "ended by the system to free memory" };
    case "launch-failed":
      return { code: null, signal: null, reason: `could not be started (launch error ${details.exitCode})` };
    case "integrity-failure":
      return { code: null, signal: null, reason: "failed the code integrity check" };
  }
}

/** Collects both notices of one process's ending and reports it exactly once. */
export class KernelExitReport {
  private reported = false;
  private pendingExit: ReturnType<typeof setTimeout> | undefined;

  /** `graceMs`: how long to wait after "exit" for child-process-gone before reporting the bare exit code. */
  constructor(
    private readonly report: (exit: KernelExit) => void,
    private readonly graceMs = 200,
  ) {}

  /** The utilityProcess's "exit" event. */
  exited(code: number): void {
    if (this.reported || this.pendingExit !== undefined) return;
    this.pendingExit = setTimeout(() => this.deliver({ code, signal: null }), this.graceMs);
  }

  /** app's "child-process-gone" for this process. */
  gone(details: GoneDetails): void {
    this.deliver(exitFromGone(details));
  }

  get done(): boolean {
    return this.reported;
  }

  private deliver(exit: KernelExit): void {
    if (this.reported) return;
    this.reported = true;
    clearTimeout(this.pendingExit);
    this.report(exit);
  }
}
