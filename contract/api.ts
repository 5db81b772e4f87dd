// window.parabook — the one API the notebook UI talks to.
//
// Electron's preload exposes an object of this type over IPC; `parabook serve` gives the browser the same object
// over a WebSocket. Both shells implement exactly this type, so the renderer cannot tell them apart. Everything
// here is structured-clone / JSON safe: plain objects, strings, numbers, booleans, arrays.

import type { Notebook } from "./notebook.js";
import type { CommandId } from "./commands.js";
import { HEARTBEAT_SECONDS_DEFAULT, type NodeLauncher } from "./node-placement.js";
import type { KernelPlace } from "./kernel-place.js";

export type { Notebook };

// ----- Settings --------------------------------------------------------------------------------------------

export type Theme = "light" | "dark" | "system";

export interface Settings {
  /** Nodes that `%parallel` starts when no `-n` is given, and that the cluster panel starts. 1–64. */
  clusterSize: number;
  /** Kernel the cluster panel starts on its nodes, e.g. "scheme". */
  defaultNodeKernel: string;
  theme: Theme;
  /** Most heap each kernel (the host kernel and every node) may use, in MB; beyond it that kernel stops with "out
   * of memory (limit N MB)". "auto": an equal share of the machine's memory for the host kernel and the nodes.
   * `%parallel --memory MB` overrides it for one cluster. */
  kernelMemoryMb: number | "auto";

  // Where nodes run (`%parallel --launcher …` overrides these for one cluster; see contract/node-placement.ts).
  /** How `%parallel` and Start cluster start nodes: on this computer, or through Slurm, MPI or SSH elsewhere. */
  nodeLauncher: NodeLauncher;
  /** Slurm: the partition (srun -p); "" for the cluster's default. */
  slurmPartition: string;
  /** Slurm: the time limit (srun -t: "30", "1:00:00", "1-0"); "" for the partition's. */
  slurmTimeLimit: string;
  /** Slurm: more srun arguments, split as a shell would ("--mem=4G --constraint=avx2"). */
  slurmArgs: string;
  /** SSH: the hosts and how many nodes each takes: "h1:4,h2:4". */
  sshHosts: string;
  /** MPI: the host file mpiexec reads; "" for none. */
  mpiHostfile: string;
  /** A remote node (or, seen from a node, the host) silent this many seconds is gone. */
  heartbeatSeconds: number;
  /** How the nodes' machines start Parabook: "" for this installation's own path (a shared file system), or a
   * command such as "parabook" (installed there with npm install -g). */
  nodeCommand: string;

  // Where the kernel runs (contract/kernel-place.ts). Takes effect at the next kernel start or restart.
  /** Each notebook's kernel (its Session: host kernel, magics, cluster) on this computer, or on a Jupyter Server. */
  kernelPlace: KernelPlace;
  /** The Jupyter Server's address (http or https, with its base path), e.g. "https://login1:8888/"; "" for none. */
  jupyterServerUrl: string;
  /** The kernelspec to start there; "" finds Parabook's by its language (scheme) and its command line. */
  jupyterKernelName: string;
  /** Whether a token for the Jupyter Server is saved. The token itself stays on the kernel side (the settings file
   * and the requests to that server): it is written through SettingsPatch and never read back. */
  readonly jupyterServerTokenSet: boolean;
}

/** What setSettings takes: any setting but the token flag, and the token itself ("" removes it). */
export type SettingsPatch = Partial<Omit<Settings, "jupyterServerTokenSet">> & { jupyterServerToken?: string };

export const CLUSTER_SIZE_MIN = 1;
export const CLUSTER_SIZE_MAX = 64;
export const KERNEL_MEMORY_MIN_MB = 64;
export const KERNEL_MEMORY_MAX_MB = 1_048_576;

/** Every setting's default but the cluster size, which depends on the machine (kernel/settings/settings.ts gives
 * its core count; the page, before the host has told it the real settings, a placeholder). One definition, so a
 * new setting cannot be forgotten on either side. */
export function defaultSettingsWith(clusterSize: number): Settings {
  return {
    clusterSize,
    defaultNodeKernel: "scheme",
    theme: "system",
    kernelMemoryMb: "auto",
    nodeLauncher: "local",
    slurmPartition: "",
    slurmTimeLimit: "",
    slurmArgs: "",
    sshHosts: "",
    mpiHostfile: "",
    heartbeatSeconds: HEARTBEAT_SECONDS_DEFAULT,
    nodeCommand: "",
    kernelPlace: "this-computer",
    jupyterServerUrl: "",
    jupyterKernelName: "",
    jupyterServerTokenSet: false,
  };
}

// ----- Kernel and cluster state ----------------------------------------------------------------------------

export type KernelState = "starting" | "idle" | "busy" | "dead" | "restarting";

export type NodeState = "starting" | "idle" | "busy" | "dead";

export interface NodeStatus {
  readonly rank: number;
  readonly state: NodeState;
  /** The machine the node runs on (this computer's name for local nodes). */
  readonly host: string;
  /** Resident memory of the node process in bytes, when known. */
  readonly memoryBytes?: number;
  /** Why a dead node died: "exited with code 1", "killed by SIGKILL", "out of memory"… */
  readonly reason?: string;
}

export interface ClusterStatus {
  /** Kernel the nodes run ("scheme"), or null when no cluster has been started. */
  readonly kernel: string | null;
  readonly nodes: readonly NodeStatus[];
  /** Ranks `%%px` targets by default (from `%parallel -i`). */
  readonly defaultTargets: readonly number[];
}

// ----- Execution events ------------------------------------------------------------------------------------

/** Every event about a cell carries the cellId given to `execute`. */
export type CellEvent =
  /** Text written by the host kernel (node === undefined) or by a cluster node (node = its rank). `omitted`: what
   * the shell left out of this writer's text just before `text`, when the cell prints far past what a notebook
   * keeps (contract/output-limits.ts); the UI shows it as a note. */
  | { type: "stream"; cellId: string; name: "stdout" | "stderr"; text: string; node?: number; omitted?: { lines: number; bytes: number } }
  /** A value to show (Jupyter execute_result). `data["text/plain"]` is always present. */
  | { type: "result"; cellId: string; executionCount: number; data: Record<string, string> }
  /** Rich output (Jupyter display_data): HTML, PNG (base64), SVG… The UI sanitises it. */
  | { type: "display"; cellId: string; data: Record<string, string> }
  /** An error in user code or in a magic. `node` is set when it happened on a cluster node. */
  | { type: "error"; cellId: string; ename: string; evalue: string; traceback: string[]; node?: number }
  /** From `%%time` / `%time`: shown as "Time: S seconds." after the output of what it timed. */
  | { type: "timing"; cellId: string; seconds: number }
  /** While a px command runs: how many of the targeted nodes have finished. */
  | { type: "px-progress"; cellId: string; done: number; total: number; failed: number }
  /** The cell's program waits for a line from the user ((read-line), (read)…), as Python's input() does in Jupyter:
   * the UI shows `prompt` and a field, and sends the line with answerInput. The cell's end withdraws the question
   * (an interrupt ends the cell). `password`: what is typed is hidden and not kept. */
  | { type: "input-request"; cellId: string; prompt: string; password: boolean };

export type ParabookEvent =
  | CellEvent
  | { type: "kernel"; state: KernelState; message?: string }
  | { type: "cluster"; status: ClusterStatus }
  /** The sticky magics now in force, outermost first, as the user would type them: ["%%px -e"]. */
  | { type: "sticky"; magics: string[] }
  | { type: "settings"; settings: Settings };

export interface ExecuteReply {
  /** "ok": ran to the end; "error": stopped at an error (already sent as an event); "aborted": interrupted or
   * the kernel died. */
  readonly status: "ok" | "error" | "aborted";
  readonly executionCount: number;
}

export interface CompletionReply {
  readonly matches: readonly string[];
  readonly start: number;
  readonly end: number;
}

// ----- Files -----------------------------------------------------------------------------------------------

export interface OpenedNotebook {
  /** Where it lives: an absolute path in Electron, a path relative to the notebook directory under serve. */
  readonly path: string;
  readonly notebook: Notebook;
  /** What the user should know about the file although it opened (e.g. invalid UTF-8, and where); absent if none. */
  readonly warnings?: readonly string[];
}

/**
 * The name of the error saveNotebook rejects with when the file changed on disk since this shell last read or
 * wrote it (another program edited it): nothing was written. Saving again with `{ overwrite: true }` replaces it.
 */
export const SAVE_CONFLICT_ERROR = "NotebookConflictError";

export interface SaveOptions {
  /** Replace the file even though it changed on disk since it was opened (the user chose to). */
  readonly overwrite?: boolean;
}

export interface DirectoryEntry {
  readonly name: string;
  /** Relative to the notebook directory (serve) or absolute (Electron). */
  readonly path: string;
  readonly kind: "directory" | "notebook" | "file";
}

/** Failures the UI must show in words; the API rejects its promise with an Error whose message says it. */
export interface ParabookApi {
  /** Which shell the page runs in (Electron, or a browser on `parabook serve`): native dialogs or its own file browser. */
  readonly shell: "electron" | "web";

  // Files
  /** Open a notebook. Without a path the shell asks the user (native dialog); resolves null if cancelled. */
  openNotebook(path?: string): Promise<OpenedNotebook | null>;
  /** Save atomically. Without a path the shell asks (Save As); resolves null if cancelled. Rejects with
   * SAVE_CONFLICT_ERROR when another program changed the file since it was opened, unless `options.overwrite`. */
  saveNotebook(notebook: Notebook, path?: string, options?: SaveOptions): Promise<{ path: string } | null>;
  listDirectory(path: string): Promise<DirectoryEntry[]>;
  recentFiles(): Promise<string[]>;
  /** The notebook the shell was started with (`parabook serve x.ipynb`, argv in Electron), if any. */
  initialNotebook(): Promise<OpenedNotebook | null>;
  /** Autosave backup of unsaved work; `restoreBackup` offers it back after a crash. */
  writeBackup(notebook: Notebook, path: string | null): Promise<void>;
  takeBackup(): Promise<{ notebook: Notebook; path: string | null; savedAt: string } | null>;
  clearBackup(): Promise<void>;
  /** Tell the shell whether there is unsaved work (Electron asks before closing; the title shows it). */
  setDirty(dirty: boolean, title: string): Promise<void>;

  // Execution
  /** Run one cell's code (magics included). Events for it arrive through onEvent while it runs. */
  execute(cellId: string, code: string): Promise<ExecuteReply>;
  interrupt(): Promise<void>;
  /** The line the user typed (without its newline) for the cell's input-request. Rejects when that cell no longer
   * waits for input (it ended, or was interrupted, meanwhile). */
  answerInput(cellId: string, line: string): Promise<void>;
  /** Fresh host kernel, and a fresh cluster of the same size if one was running. */
  restart(): Promise<void>;
  complete(code: string, cursor: number): Promise<CompletionReply>;
  /** Remove one sticky magic by its name ("px"). */
  removeStickyMagic(name: string): Promise<void>;

  // Cluster and settings
  getSettings(): Promise<Settings>;
  setSettings(patch: SettingsPatch): Promise<Settings>;
  clusterStatus(): Promise<ClusterStatus>;
  /** Start (or restart) the cluster with the settings' size and kernel. */
  startCluster(): Promise<ClusterStatus>;
  kernels(): Promise<{ name: string; displayName: string }[]>;

  /** Subscribe to events; returns the unsubscribe function. */
  onEvent(listener: (event: ParabookEvent) => void): () => void;
  /** Electron menus send commands of the registry ("file:save", "notebook:run-all-cells"…); the web shell never does. */
  onMenuCommand(listener: (command: CommandId) => void): () => void;
}
