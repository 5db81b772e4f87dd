import { test } from "node:test";
import assert from "node:assert/strict";
import { COMMANDS, type CommandId } from "../../../contract/commands.js";
import { commandHandlers, type CommandNotebook, type CommandTarget } from "./handlers.js";

/** A controller and notebook that write down what they are asked to do. */
function recorder(selected = 1) {
  const calls: string[] = [];
  const log =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args.map((a) => JSON.stringify(a))].join(" "));
    };
  const notebook: CommandNotebook = {
    selected,
    selectedCell: { id: "c1" },
    mode: "edit",
    select: log("select"),
    edit: log("edit"),
    insert: log("insert"),
    deleteSelected: log("deleteSelected"),
    undoDelete: log("undoDelete"),
    changeType: log("changeType"),
    copy: log("copy"),
    cut: log("cut"),
    paste: log("paste"),
    move: log("move"),
    mergeBelow: log("mergeBelow"),
    split: log("split"),
    toggleOutput: log("toggleOutput"),
  };
  const done = async () => undefined;
  const target: CommandTarget = {
    notebook,
    panel: null,
    newNotebook: () => (log("newNotebook")(), done()),
    open: (...args: unknown[]) => (log("open")(...args), done()),
    save: () => (log("save")(), done()),
    saveAs: () => (log("saveAs")(), done()),
    runSelected: log("runSelected"),
    runScope: log("runScope"),
    interrupt: () => (log("interrupt")(), done()),
    restart: () => (log("restart")(), done()),
    clearOutputs: log("clearOutputs"),
    startCluster: () => (log("startCluster")(), done()),
    setTheme: log("setTheme"),
  };
  return { calls, target, notebook };
}

// What each command did before the registry, in the keyboard and menu switches of the app controller.
const EXPECTED: Record<CommandId, string[]> = {
  "notebook:run-cell-and-select-next": ['runSelected "select-next"'],
  "notebook:run-cell": ['runSelected "stay"'],
  "notebook:run-cell-and-insert-below": ['runSelected "insert-below"'],
  "file:new": ["newNotebook"],
  "file:save": ["save"],
  "file:save-as": ["saveAs"],
  "file:open": ["open"],
  "notebook:enter-command-mode": [],
  "notebook:split-cell-at-cursor": ["edit"],
  "notebook:enter-edit-mode": ["edit"],
  "notebook:insert-cell-above": ['insert "above"'],
  "notebook:insert-cell-below": ['insert "below"'],
  "notebook:delete-cell": ["deleteSelected"],
  "notebook:undo-delete-cell": ["undoDelete"],
  "notebook:change-cell-to-markdown": ['changeType "markdown"'],
  "notebook:change-cell-to-code": ['changeType "code"'],
  "notebook:copy-cell": ["copy"],
  "notebook:cut-cell": ["cut"],
  "notebook:paste-cell-below": ['paste "below"'],
  "notebook:paste-cell-above": ['paste "above"'],
  "notebook:select-cell-above": ["select 0"],
  "notebook:select-cell-below": ["select 2"],
  "notebook:move-cell-up": ["move -1"],
  "notebook:move-cell-down": ["move 1"],
  "notebook:merge-cell-below": ["mergeBelow"],
  "notebook:toggle-cell-output": ['toggleOutput "c1"'],
  "notebook:run-all-cells": ['runScope "all"'],
  "notebook:run-all-above": ['runScope "above"'],
  "notebook:run-all-below": ['runScope "below"'],
  "notebook:clear-all-cell-outputs": ["clearOutputs"],
  "kernel:interrupt": ["interrupt"],
  "kernel:restart": ["restart"],
  "cluster:start": ["startCluster"],
  "settings:open": [],
  "view:theme-light": ['setTheme "light"'],
  "view:theme-dark": ['setTheme "dark"'],
  "view:theme-system": ['setTheme "system"'],
  "help:keyboard-shortcuts": [],
};

test("every command does what its key, button or menu item did before the registry", async () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), COMMANDS.map((c) => c.id).sort());
  for (const c of COMMANDS) {
    const { calls, target } = recorder();
    await commandHandlers(target)[c.id]({});
    assert.deepEqual(calls, EXPECTED[c.id], c.id);
  }
});

test("split cuts the cell at the caret it is given, then edits; the mode and panel commands set state", () => {
  const { calls, target, notebook } = recorder();
  const run = commandHandlers(target);
  void run["notebook:split-cell-at-cursor"]({ cursor: 7 });
  assert.deepEqual(calls, ["split 7", "edit"]);
  void run["notebook:enter-command-mode"]({});
  assert.equal(notebook.mode, "command");
  void run["settings:open"]({});
  assert.equal(target.panel, "settings");
  void run["help:keyboard-shortcuts"]({});
  assert.equal(target.panel, "shortcuts");
});

test("toggling the output with no cell selected does nothing", () => {
  const { calls, target } = recorder();
  const empty: CommandTarget = { ...target, notebook: { ...target.notebook, selectedCell: undefined } };
  void commandHandlers(empty)["notebook:toggle-cell-output"]({});
  assert.deepEqual(calls, []);
});
