// The messages between the host (KernelManager) and a kernel process, one definition for both sides.
//
// Every message carries an `id`. A request's reply carries the request's id; so does the stream text a request
// produces while it runs, so the host can attribute output to the cell that caused it, and so does a request for
// input from the person at the front end, and its answer. Messages the kernel sends on its own (ready, dying) use
// id 0. Everything is JSON-safe: values travel as WireValues (wire-value.ts).

import type { Completeness, Completion, ErrorReport, InputAnswer, Inspection, SourceOrigin } from "../language/language.js";
import type { WireValue } from "../language/wire-value.js";

// ----- host → kernel -----------------------------------------------------------------------------------------

/**
 * What an execute's reply carries, so a kernel computes and sends only what the host uses: the last value itself
 * ("value": %%px gathers it, %pmap hands it out), how the notebook shows it ("shown": a host cell; the kernel also
 * binds a shown value to `_`), or nothing (code run for its effects: `%%px -e` on the host, `parabook run FILE.scm`).
 */
export type ExecuteReturns = "value" | "shown" | "nothing";

export type KernelRequest =
  /** Run code; the reply carries what `returns` asks for. */
  | { id: number; type: "execute"; code: string; origin: SourceOrigin; returns: ExecuteReturns }
  /** Bind a variable; with `show`, the reply carries how the notebook shows the value. */
  | { id: number; type: "set_variable"; name: string; value: WireValue; show: boolean }
  | { id: number; type: "get_variable"; name: string }
  /** Call the procedure bound to `procedure` with the arguments (used by %pmap). */
  | { id: number; type: "call"; procedure: string; args: WireValue[] }
  | { id: number; type: "complete"; code: string; cursor: number }
  | { id: number; type: "is_complete"; code: string }
  | { id: number; type: "inspect"; code: string; cursor: number }
  /** Stop the running request (it fails with ename "Interrupted"); definitions are kept. */
  | { id: number; type: "interrupt" }
  | { id: number; type: "memory" }
  | { id: number; type: "shutdown" };

export type KernelRequestType = KernelRequest["type"];

/**
 * The answer to the kernel's input_request for request `id`. It gets no reply of its own: the request goes on, and
 * its reply comes when it ends. Sent only while the kernel waits for it; a late one (the request was interrupted
 * meanwhile) is dropped.
 */
export interface InputReply {
  readonly id: number;
  readonly type: "input_reply";
  readonly answer: InputAnswer;
}

/** Everything the host sends a kernel process. */
export type HostMessage = KernelRequest | InputReply;

// ----- kernel → host -----------------------------------------------------------------------------------------

/** The payload of a successful reply, by request type. */
export interface ReplyPayloads {
  /** By the request's `returns`: value, shown (null: show nothing), nothing. */
  execute: { value: WireValue } | { shown: string | null } | Record<string, never>;
  set_variable: { shown: string | null };
  get_variable: { value: WireValue };
  call: { value: WireValue; shown: string | null };
  complete: { completion: Completion };
  is_complete: { completeness: Completeness };
  inspect: { inspection: Inspection | null };
  interrupt: Record<string, never>;
  memory: { rssBytes: number };
  shutdown: Record<string, never>;
}

export type KernelReply =
  | { id: number; type: "reply"; ok: true; payload: ReplyPayloads[KernelRequestType] }
  | { id: number; type: "reply"; ok: false; error: ErrorReport };

export type KernelMessage =
  | KernelReply
  /** Text the program wrote while running request `id`, batched. */
  | { id: number; type: "stream"; name: "stdout" | "stderr"; text: string }
  /** Request `id` waits for a line from the person at the front end (an InputReply answers). */
  | { id: number; type: "input_request"; prompt: string; password: boolean }
  /** The evaluator is up; the kernel accepts requests. */
  | { id: 0; type: "ready"; pid: number }
  /** Sent just before the process exits on its own, saying why ("out of memory"). */
  | { id: 0; type: "dying"; reason: string };

// ----- how a kernel process is started -----------------------------------------------------------------------

/** What a kernel process is told on its command line. */
export interface KernelLaunch {
  /** file: URL of the module exporting `language: KernelLanguage` (see kernel/language/language.ts). */
  readonly languageModule: string;
  /** 0..N-1 for nodes; -1 for the host kernel. */
  readonly rank: number;
  /** Cluster size N (0 for a host kernel before any cluster started). */
  readonly size: number;
  /** The pid of the host process that started this kernel; the kernel exits when that process is gone. */
  readonly hostPid: number;
  /** Most heap the evaluator may use, in MB, so a runaway kernel dies alone, saying outOfMemory(heapLimitMb). */
  readonly heapLimitMb: number;
}

/** How a kernel that used up its heap says why it died. */
export function outOfMemory(heapLimitMb: number): string {
  return `out of memory (limit ${heapLimitMb} MB)`;
}

export function launchArgs(launch: KernelLaunch): string[] {
  return [
    ...["--language-module", launch.languageModule, "--rank", String(launch.rank), "--size", String(launch.size)],
    ...["--host-pid", String(launch.hostPid), "--heap-limit-mb", String(launch.heapLimitMb)],
  ];
}

export function parseLaunchArgs(argv: readonly string[]): KernelLaunch {
  const value = (flag: string): string => {
    const i = argv.indexOf(flag);
    const v = i >= 0 ? argv[i + 1] : undefined;
    if (v === undefined) throw new Error(`kernel process: missing ${flag} on the command line`);
    return v;
  };
  const integer = (flag: string): number => {
    const n = Number(value(flag));
    if (!Number.isInteger(n)) throw new Error(`kernel process: ${flag} must be an integer, got ${value(flag)}`);
    return n;
  };
  return {
    languageModule: value("--language-module"),
    rank: integer("--rank"),
    size: integer("--size"),
    hostPid: integer("--host-pid"),
    heapLimitMb: integer("--heap-limit-mb"),
  };
}

export function isKernelMessage(m: unknown): m is KernelMessage {
  return typeof m === "object" && m !== null && typeof (m as { id?: unknown }).id === "number" && typeof (m as { type?: unknown }).type === "string";
}
