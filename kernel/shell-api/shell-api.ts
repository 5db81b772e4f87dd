// The shell API: window.parabook as the kernel side serves it, shared by both shells, `parabook serve` (over the
// WebSocket) and Electron (over IPC): the Session for execution, the settings store, recent files, the autosave
// backup, and file access through a policy.
// Every failure rejects with an Error whose message the UI can show as it is, naming the file as the UI names it.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import type {
  ClusterStatus,
  CompletionReply,
  DirectoryEntry,
  ExecuteReply,
  OpenedNotebook,
  ParabookApi,
  ParabookEvent,
  SaveOptions,
  Settings,
  SettingsPatch,
} from "../../contract/api.js";
import { describeFsError, NotebookFileError } from "../files/atomic-file.js";
import { readNotebookFile, writeNotebookFile } from "../notebook/file.js";
import { notebookFromJson, type Notebook } from "../../contract/notebook.js";
import { removeStaleTempFiles } from "../files/temp-files.js";
import type { SettingsStore } from "../settings/store.js";
import type { BackupStore } from "./backup-store.js";
import type { FileAccess } from "./file-access.js";
import { KnownVersions } from "./file-versions.js";
import type { RecentFiles } from "./recent-files.js";
import type { SessionPort } from "./session-port.js";
import { StreamBatcher } from "./stream-batcher.js";

/** ParabookApi as the ShellApi serves it: `shell` and the menu commands belong to each shell. */
export type ServedApi = Omit<ParabookApi, "shell" | "onMenuCommand">;

/** Native dialogs (Electron); without them a call that needs one is refused with a message. */
export interface FileDialogs {
  chooseNotebookToOpen(): Promise<string | null>;
  chooseWhereToSave(suggestedName: string): Promise<string | null>;
}

export interface ShellApiOptions {
  readonly session: SessionPort;
  readonly settings: SettingsStore;
  readonly files: FileAccess;
  readonly recent: RecentFiles;
  readonly backups: BackupStore;
  /** The notebook the shell was started with, as the user gave it to the FileAccess policy. */
  readonly initialNotebook?: string;
  readonly dialogs?: FileDialogs;
  /** Electron asks before closing a window with unsaved work and shows the title. */
  onDirty?(dirty: boolean, title: string): void;
  /** Hears what failed on the side without failing the request (recent files in a full config folder). */
  warn?(message: string): void;
}

export class ShellApi implements ServedApi {
  private readonly listeners = new Set<(event: ParabookEvent) => void>();
  /** The latest state events, re-sent to a page that (re)connects so it never shows stale state. */
  private readonly latest = new Map<"kernel" | "cluster" | "sticky", ParabookEvent>();
  private readonly unsubscribeSession: () => void;
  /** Joins a running cell's stream text into batches, and bounds it when the cell prints without end. */
  private readonly streams = new StreamBatcher((event) => this.emit(event));
  /** What this shell last read or wrote in each notebook file, to notice another program's changes. */
  private readonly versions = new KnownVersions();

  constructor(private readonly options: ShellApiOptions) {
    this.unsubscribeSession = options.session.onEvent((event) => this.streams.push(event));
  }

  /** The current kernel, cluster and sticky-magic state, as events. */
  stateEvents(): ParabookEvent[] {
    return [...this.latest.values()];
  }

  async dispose(): Promise<void> {
    this.unsubscribeSession();
    this.streams.dispose();
    await this.options.session.shutdown();
  }

  // ----- Files -----------------------------------------------------------------------------------------------

  async openNotebook(userPath?: string): Promise<OpenedNotebook | null> {
    const chosen = userPath ?? (await this.dialogs("open a notebook").chooseNotebookToOpen());
    if (chosen === null) return null;
    return this.open(chosen);
  }

  async saveNotebook(notebook: Notebook, userPath?: string, options?: SaveOptions | null): Promise<{ path: string } | null> {
    const chosen = userPath ?? (await this.dialogs("choose where to save").chooseWhereToSave("Untitled.ipynb"));
    if (chosen === null) return null;
    const file = await this.options.files.resolve(chosen);
    const shown = this.shown(file, chosen);
    const checked = this.checkNotebook(notebook, shown);
    // A file picked in a native save dialog was the user's explicit choice, replacing included (the dialog asks).
    const overwrite = options?.overwrite === true || userPath === undefined;
    await this.naming(file, shown, "save", async () => {
      if (!overwrite) await this.versions.checkUnchanged(file);
      this.versions.remember(file, await writeNotebookFile(file, checked));
    });
    await this.rememberRecent(file, shown);
    return { path: shown };
  }

  async listDirectory(userPath: string): Promise<DirectoryEntry[]> {
    const dir = await this.options.files.resolve(userPath === "" ? "." : userPath);
    const shownDir = this.shown(dir, userPath);
    await removeStaleTempFiles(dir);
    const names = await this.naming(dir, shownDir, "list", () => fs.readdir(dir));
    const entries: DirectoryEntry[] = [];
    for (const name of names) {
      // Hidden files (and the temporary files of atomic saves) stay hidden, as in Jupyter's file browser.
      if (name.startsWith(".")) continue;
      const full = path.join(dir, name);
      const stat = await fs.stat(full).catch(() => undefined);
      const shown = this.options.files.present(full);
      if (!stat || shown === null) continue;
      const kind = stat.isDirectory() ? "directory" : name.endsWith(".ipynb") ? "notebook" : "file";
      entries.push({ name, path: shown, kind });
    }
    const rank = (e: DirectoryEntry) => (e.kind === "directory" ? 0 : 1);
    return entries.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  }

  async recentFiles(): Promise<string[]> {
    const all = await this.options.recent.list();
    return all.map((file) => this.options.files.present(file)).filter((p): p is string => p !== null);
  }

  async initialNotebook(): Promise<OpenedNotebook | null> {
    return this.options.initialNotebook === undefined ? null : this.open(this.options.initialNotebook);
  }

  async writeBackup(notebook: Notebook, notebookPath: string | null): Promise<void> {
    await this.options.backups.write(this.checkNotebook(notebook, "the autosave backup"), notebookPath);
  }

  takeBackup(): Promise<{ notebook: Notebook; path: string | null; savedAt: string } | null> {
    return this.options.backups.take();
  }

  clearBackup(): Promise<void> {
    return this.options.backups.clear();
  }

  async setDirty(dirty: boolean, title: string): Promise<void> {
    this.options.onDirty?.(dirty, title);
  }

  // ----- Execution -------------------------------------------------------------------------------------------

  async execute(cellId: string, code: string): Promise<ExecuteReply> {
    try {
      return await this.options.session.execute(cellId, code);
    } finally {
      // The page has every event of the cell before its reply.
      this.streams.flush();
    }
  }

  interrupt(): Promise<void> {
    return this.options.session.interrupt();
  }

  answerInput(cellId: string, line: string): Promise<void> {
    return this.options.session.answerInput(cellId, line);
  }

  restart(): Promise<void> {
    return this.options.session.restart();
  }

  complete(code: string, cursor: number): Promise<CompletionReply> {
    return this.options.session.complete(code, cursor);
  }

  removeStickyMagic(name: string): Promise<void> {
    return this.options.session.removeStickyMagic(name);
  }

  // ----- Cluster and settings ----------------------------------------------------------------------------------

  async getSettings(): Promise<Settings> {
    return this.options.settings.current();
  }

  async setSettings(patch: SettingsPatch): Promise<Settings> {
    const settings = await this.options.settings.update(patch);
    this.emit({ type: "settings", settings });
    return settings;
  }

  async clusterStatus(): Promise<ClusterStatus> {
    return this.options.session.clusterStatus();
  }

  startCluster(): Promise<ClusterStatus> {
    return this.options.session.startCluster();
  }

  async kernels(): Promise<{ name: string; displayName: string }[]> {
    return this.options.session.kernels();
  }

  onEvent(listener: (event: ParabookEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ----- Helpers -----------------------------------------------------------------------------------------------

  private emit(event: ParabookEvent): void {
    if (event.type === "kernel" || event.type === "cluster" || event.type === "sticky") this.latest.set(event.type, event);
    for (const listener of [...this.listeners]) listener(event);
  }

  private async open(userPath: string): Promise<OpenedNotebook> {
    const file = await this.options.files.resolve(userPath);
    const shown = this.shown(file, userPath);
    const read = await this.naming(file, shown, "open", () => readNotebookFile(file));
    this.versions.remember(file, read.version);
    await this.rememberRecent(file, shown);
    return read.warnings.length === 0 ? { path: shown, notebook: read.notebook } : { path: shown, notebook: read.notebook, warnings: read.warnings };
  }

  /** Recent files are a convenience: a config folder that is full or unwritable must not fail an open or a save. */
  private async rememberRecent(file: string, shown: string): Promise<void> {
    await this.options.recent.add(file).catch((err: Error) => this.warn(`Cannot remember ${shown} among the recent files: ${err.message}`));
  }

  private warn(message: string): void {
    (this.options.warn ?? ((m: string) => console.warn(`Parabook: ${m}`)))(message);
  }

  private dialogs(purpose: string): FileDialogs {
    if (!this.options.dialogs) throw new Error(`Cannot ${purpose} without a path: this host has no file dialog`);
    return this.options.dialogs;
  }

  /** A notebook from the UI is untrusted data: check its shape before it is written anywhere. */
  private checkNotebook(notebook: unknown, name: string): Notebook {
    return notebookFromJson(notebook, name);
  }

  private shown(file: string, userPath: string): string {
    return this.options.files.present(file) ?? userPath;
  }

  /** Runs a file operation and rewrites its error messages to name the file as the UI does, not the server. */
  private async naming<T>(file: string, shown: string, verb: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      // Raw Node errors ("ENOENT: …, scandir '/srv/…'") become sentences; then the server's path gives way.
      const described = "code" in err && !(err instanceof NotebookFileError) ? describeFsError(err as NodeJS.ErrnoException, verb, file) : err;
      described.message = described.message.split(file).join(shown);
      throw described;
    }
  }
}
