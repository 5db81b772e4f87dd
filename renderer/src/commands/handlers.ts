// What each command of the registry (contract/commands.ts) does on the page. The app controller's run(id) looks
// the command up here, whoever asked: a toolbar button, a key in either mode, the cell editor, the native menu. The
// table's type lists every CommandId, so a command added to the registry without a handler does not compile.

import type { CommandId, Mode } from "../../../contract/commands.js";
import type { Theme } from "../../../contract/api.js";

/** What a caller may pass along with a command: JupyterLab's args, reduced to what Parabook's commands read. */
export interface CommandArgs {
  /** The caret's offset in the cell editor the command came from; split cuts the cell there. */
  readonly cursor?: number;
}

/** The notebook operations the commands use (NotebookStore has them). */
export interface CommandNotebook {
  readonly selected: number;
  readonly selectedCell: { readonly id: string } | undefined;
  mode: Mode;
  select(index: number): void;
  edit(): void;
  insert(where: "above" | "below"): void;
  deleteSelected(): void;
  undoDelete(): void;
  changeType(type: "code" | "markdown"): void;
  copy(): void;
  cut(): void;
  paste(where: "above" | "below"): void;
  move(delta: -1 | 1): void;
  mergeBelow(): void;
  split(offset: number): void;
  toggleOutput(id: string): void;
}

/** The app-level actions the commands use (AppController has them). */
export interface CommandTarget {
  readonly notebook: CommandNotebook;
  panel: "settings" | "shortcuts" | null;
  newNotebook(): Promise<void>;
  open(): Promise<void>;
  save(): Promise<void>;
  saveAs(): Promise<void>;
  runSelected(then: "stay" | "select-next" | "insert-below"): void;
  runScope(scope: "all" | "above" | "below"): void;
  interrupt(): Promise<void>;
  restart(): Promise<void>;
  clearOutputs(): void;
  startCluster(): Promise<void>;
  setTheme(theme: Theme): void;
}

export type CommandHandler = (args: CommandArgs) => void | Promise<void>;

export function commandHandlers(app: CommandTarget): Readonly<Record<CommandId, CommandHandler>> {
  // Read at call time, never captured: the controller builds this table while it is still being constructed.
  const nb = () => app.notebook;
  return {
    "notebook:run-cell-and-select-next": () => app.runSelected("select-next"),
    // The menu shows Ctrl+Enter beside Run: run the cell and stay on it.
    "notebook:run-cell": () => app.runSelected("stay"),
    "notebook:run-cell-and-insert-below": () => app.runSelected("insert-below"),
    "file:new": () => app.newNotebook(),
    "file:save": () => app.save(),
    "file:save-as": () => app.saveAs(),
    "file:open": () => app.open(),
    "notebook:enter-command-mode": () => {
      nb().mode = "command";
    },
    "notebook:split-cell-at-cursor": ({ cursor }) => {
      // Without a caret (a key that reached the page, not the editor) the cell is not cut, only edited.
      if (cursor !== undefined) nb().split(cursor);
      nb().edit();
    },
    "notebook:enter-edit-mode": () => nb().edit(),
    "notebook:insert-cell-above": () => nb().insert("above"),
    "notebook:insert-cell-below": () => nb().insert("below"),
    "notebook:delete-cell": () => nb().deleteSelected(),
    "notebook:undo-delete-cell": () => nb().undoDelete(),
    "notebook:change-cell-to-markdown": () => nb().changeType("markdown"),
    "notebook:change-cell-to-code": () => nb().changeType("code"),
    "notebook:copy-cell": () => nb().copy(),
    "notebook:cut-cell": () => nb().cut(),
    "notebook:paste-cell-below": () => nb().paste("below"),
    "notebook:paste-cell-above": () => nb().paste("above"),
    "notebook:select-cell-above": () => nb().select(nb().selected - 1),
    "notebook:select-cell-below": () => nb().select(nb().selected + 1),
    "notebook:move-cell-up": () => nb().move(-1),
    "notebook:move-cell-down": () => nb().move(1),
    "notebook:merge-cell-below": () => nb().mergeBelow(),
    "notebook:toggle-cell-output": () => {
      const cell = nb().selectedCell;
      if (cell) nb().toggleOutput(cell.id);
    },
    "notebook:run-all-cells": () => app.runScope("all"),
    "notebook:run-all-above": () => app.runScope("above"),
    "notebook:run-all-below": () => app.runScope("below"),
    "notebook:clear-all-cell-outputs": () => app.clearOutputs(),
    "kernel:interrupt": () => app.interrupt(),
    "kernel:restart": () => app.restart(),
    "cluster:start": () => app.startCluster(),
    "settings:open": () => {
      app.panel = "settings";
    },
    "view:theme-light": () => app.setTheme("light"),
    "view:theme-dark": () => app.setTheme("dark"),
    "view:theme-system": () => app.setTheme("system"),
    "help:keyboard-shortcuts": () => {
      app.panel = "shortcuts";
    },
  };
}
