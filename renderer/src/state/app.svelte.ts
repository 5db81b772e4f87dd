// Every user-level action in one place; the toolbar, the keyboard and Electron's menus reach them through run(id)
// and the command registry (contract/commands.ts), so a button, a shortcut and a menu item named alike do exactly
// the same thing. Owns the dialogs those actions open.

import { SAVE_CONFLICT_ERROR, type OpenedNotebook, type ParabookApi, type SaveOptions, type SettingsPatch, type Theme } from "../../../contract/api.js";
import { emptyNotebook, parseNotebook, type Notebook } from "../../../contract/notebook.js";
import { cellsToRun } from "../model/cell-ops.js";
import { fileFailureMessage } from "../model/failure-message.js";
import { isCommandId, type CommandId } from "../../../contract/commands.js";
import { commandHandlers, type CommandArgs } from "../commands/handlers.js";
import { NotebookStore } from "./notebook.svelte.js";
import { SessionStore } from "./session.svelte.js";

export const AUTOSAVE_INTERVAL_MS = 2 * 60 * 1000;

export interface ConfirmRequest {
  readonly title: string;
  readonly message: string;
  readonly resolve: (ok: boolean) => void;
}

export type Panel = "settings" | "shortcuts" | null;

export interface FileBrowserRequest {
  readonly purpose: "open" | "save-as";
  readonly resolve: (path: string | null) => void;
}

/** What to do when the file changed on disk since it was opened (another program wrote it). */
export type ConflictChoice = "overwrite" | "reload" | "save-as" | "cancel";

export interface ConflictRequest {
  /** The file, as the host names it. */
  readonly path: string;
  /** The host's words for what happened. */
  readonly message: string;
  readonly resolve: (choice: ConflictChoice) => void;
}

export interface BackupOffer {
  readonly notebook: Notebook;
  readonly path: string | null;
  readonly savedAt: string;
}

export class AppController {
  readonly notebook = new NotebookStore();
  readonly session: SessionStore;
  panel = $state<Panel>(null);
  confirmRequest = $state<ConfirmRequest | null>(null);
  fileBrowser = $state<FileBrowserRequest | null>(null);
  conflictRequest = $state<ConflictRequest | null>(null);
  /** The last failure, shown in a visible alert until dismissed. */
  alert = $state<string | null>(null);
  /** A short confirmation ("Saved seed.ipynb"). */
  notice = $state<string | null>(null);
  backupOffer = $state<BackupOffer | null>(null);
  recent = $state<string[]>([]);
  /** False until the starting notebook (if any) has arrived: the page shows no placeholder notebook meanwhile. */
  ready = $state(false);

  #noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly api: ParabookApi) {
    this.session = new SessionStore(api, this.notebook, (message) => this.showError(message));
  }

  /** Subscribe, load settings and the starting notebook, offer a backup; returns the teardown. */
  async start(): Promise<() => void> {
    const stopMenu = this.api.onMenuCommand((command) => {
      // Typed, but it crossed from another process: a command this page does not know is reported, not run.
      if (isCommandId(command)) void this.run(command);
      else console.warn(`Parabook: unknown menu command ${JSON.stringify(command)}`);
    });
    const autosave = setInterval(() => void this.autosave(), AUTOSAVE_INTERVAL_MS);
    // The notebook and the session state come in parallel: one round trip, not two, before the cells show.
    const initial = this.api.initialNotebook().catch((err: Error) => {
      this.showError(`Could not open the notebook: ${err.message}`);
      return null;
    });
    const stopSession = await this.session.start();
    const opened = await initial;
    if (opened) this.#show(opened);
    this.ready = true;
    this.api
      .takeBackup()
      .then((backup) => (this.backupOffer = backup))
      .catch(() => undefined);
    void this.refreshRecent();
    return () => {
      stopSession();
      stopMenu();
      clearInterval(autosave);
    };
  }

  showError(message: string): void {
    this.alert = message;
  }

  showNotice(message: string): void {
    this.notice = message;
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this.notice = null), 2500);
  }

  confirm(title: string, message: string): Promise<boolean> {
    this.confirmRequest?.resolve(false);
    return new Promise((resolve) => {
      this.confirmRequest = {
        title,
        message,
        resolve: (ok) => {
          this.confirmRequest = null;
          resolve(ok);
        },
      };
    });
  }

  // ----- Files ---------------------------------------------------------------------------------------------

  async #discardChangesOk(): Promise<boolean> {
    return !this.notebook.dirty || this.confirm("Discard changes?", `${this.notebook.title} has unsaved changes. Discard them?`);
  }

  async newNotebook(): Promise<void> {
    if (!(await this.#discardChangesOk())) return;
    this.notebook.load(emptyNotebook(), null);
  }

  async open(path?: string): Promise<void> {
    if (!(await this.#discardChangesOk())) return;
    const target = await this.#target(path, "open");
    if (target === null) return;
    await this.#load(target);
  }

  async #load(target: string | undefined): Promise<void> {
    try {
      const opened = await this.api.openNotebook(target);
      if (!opened) return;
      this.#show(opened);
      void this.refreshRecent();
    } catch (err) {
      // The notebook on screen stays exactly as it was.
      this.showError(target === undefined ? `Could not open the notebook: ${(err as Error).message}` : fileFailureMessage("open", target, (err as Error).message));
    }
  }

  /** Puts an opened notebook on the page, with what the host warned about it (invalid UTF-8…) in the alert. */
  #show(opened: OpenedNotebook): void {
    this.notebook.load(opened.notebook, opened.path);
    if (opened.warnings?.length) this.showError(opened.warnings.join("\n"));
  }

  /** A notebook file dropped on the window: parsed here, opened without a path (Save asks where). */
  async openDropped(name: string, text: string): Promise<void> {
    if (!(await this.#discardChangesOk())) return;
    try {
      this.notebook.load(parseNotebook(text, name), null, name);
    } catch (err) {
      this.showError((err as Error).message);
    }
  }

  async save(): Promise<void> {
    await this.#saveTo(this.notebook.path ?? undefined);
  }

  async saveAs(): Promise<void> {
    await this.#saveTo(undefined);
  }

  async #saveTo(path: string | undefined): Promise<void> {
    const target = await this.#target(path, "save-as");
    if (target === null) return;
    await this.#write(target);
  }

  async #write(target: string | undefined, options?: SaveOptions): Promise<void> {
    try {
      const saved = await this.api.saveNotebook(this.notebook.toNotebook(), target, options);
      if (!saved) return;
      this.notebook.path = saved.path;
      this.notebook.dirty = false;
      void this.api.clearBackup().catch(() => undefined);
      void this.refreshRecent();
      this.showNotice(`Saved ${this.notebook.title}`);
    } catch (err) {
      // The work stays in memory, still marked unsaved, whatever happens next.
      const message = (err as Error).message;
      if ((err as Error).name === SAVE_CONFLICT_ERROR && target !== undefined) return this.#resolveConflict(target, message);
      this.showError(fileFailureMessage("save", target ?? this.notebook.title, message));
    }
  }

  /** Another program changed the file: the user decides; nothing on the page changes before they have. */
  async #resolveConflict(path: string, message: string): Promise<void> {
    const choice = await new Promise<ConflictChoice>((resolve) => {
      this.conflictRequest?.resolve("cancel");
      this.conflictRequest = {
        path,
        message,
        resolve: (choice) => {
          this.conflictRequest = null;
          resolve(choice);
        },
      };
    });
    switch (choice) {
      case "overwrite": return this.#write(path, { overwrite: true });
      case "reload": return this.#load(path);
      case "save-as": return this.saveAs();
      case "cancel": return;
    }
  }

  /**
   * The file to open or save: the one given; else, in the web host, one chosen in our file browser (null when
   * cancelled); else undefined, and Electron's host shows its native dialog.
   */
  async #target(path: string | undefined, purpose: "open" | "save-as"): Promise<string | undefined | null> {
    if (path !== undefined || this.api.shell !== "web") return path;
    return this.#browse(purpose);
  }

  #browse(purpose: "open" | "save-as"): Promise<string | null> {
    this.fileBrowser?.resolve(null);
    return new Promise((resolve) => {
      this.fileBrowser = {
        purpose,
        resolve: (path) => {
          this.fileBrowser = null;
          resolve(path);
        },
      };
    });
  }

  async refreshRecent(): Promise<void> {
    this.recent = await this.api.recentFiles().catch(() => []);
  }

  async autosave(): Promise<void> {
    if (!this.notebook.dirty) return;
    await this.api.writeBackup(this.notebook.toNotebook(), this.notebook.path).catch(() => undefined);
  }

  restoreBackup(): void {
    const offer = this.backupOffer;
    if (!offer) return;
    this.notebook.load(offer.notebook, offer.path, "Recovered.ipynb");
    this.notebook.dirty = true;
    this.backupOffer = null;
  }

  discardBackup(): void {
    this.backupOffer = null;
    void this.api.clearBackup().catch(() => undefined);
  }

  // ----- Running -------------------------------------------------------------------------------------------

  runSelected(then: "stay" | "select-next" | "insert-below"): void {
    const nb = this.notebook;
    const cell = nb.selectedCell;
    if (!cell) return;
    if (cell.cell_type === "code") this.session.run([cell.id]);
    nb.mode = "command";
    if (then === "insert-below" || (then === "select-next" && nb.selected === nb.cells.length - 1)) {
      // A cell that was just created is where typing continues, as in Jupyter.
      nb.insert("below");
      nb.edit();
    } else if (then === "select-next") {
      nb.select(nb.selected + 1);
    }
  }

  runScope(scope: "all" | "above" | "below"): void {
    const nb = this.notebook;
    this.session.run(cellsToRun(nb.cells, scope, nb.selected).map((i) => nb.cells[i]!.id));
  }

  async interrupt(): Promise<void> {
    await this.session.interrupt().catch((err: Error) => this.showError(`Could not interrupt: ${err.message}`));
  }

  async restart(): Promise<void> {
    const ok = await this.confirm("Restart the kernel?", "Every variable is lost; the cluster restarts with it.");
    if (!ok) return;
    await this.session.restart().catch((err: Error) => this.showError(`Could not restart: ${err.message}`));
  }

  clearOutputs(): void {
    for (const cell of this.notebook.cells) {
      if (cell.cell_type !== "code" || (cell.outputs.length === 0 && cell.execution_count === null)) continue;
      cell.outputs = [];
      cell.execution_count = null;
      this.notebook.changed();
    }
  }

  // ----- Settings and cluster ------------------------------------------------------------------------------

  /** Apply a settings change; a new cluster size while a cluster runs restarts it, after asking. */
  async applySettings(patch: SettingsPatch): Promise<void> {
    const resizing = patch.clusterSize !== undefined && patch.clusterSize !== this.session.settings.clusterSize;
    if (resizing && this.session.clusterRunning) {
      const ok = await this.confirm(
        "Restart the cluster?",
        `The cluster is running with ${this.session.cluster.nodes.length} nodes. Restart it with ${patch.clusterSize}?`,
      );
      if (!ok) return;
    }
    try {
      await this.session.updateSettings(patch);
      if (resizing && this.session.clusterRunning) await this.session.startCluster();
    } catch (err) {
      this.showError(`Could not change the settings: ${(err as Error).message}`);
    }
  }

  async startCluster(): Promise<void> {
    await this.session.startCluster().catch((err: Error) => this.showError(`Could not start the cluster: ${err.message}`));
  }

  setTheme(theme: Theme): void {
    void this.applySettings({ theme });
  }

  // ----- Dispatch ------------------------------------------------------------------------------------------

  readonly #commands = commandHandlers(this);

  /** Run a command of the registry, whoever asked for it: a button, a key, the cell editor, a native menu. */
  run(id: CommandId, args: CommandArgs = {}): void | Promise<void> {
    return this.#commands[id](args);
  }
}
