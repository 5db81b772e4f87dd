import { test } from "node:test";
import assert from "node:assert/strict";
import { BINDINGS, COMMANDS, MODES, type KeyPress } from "../../../contract/commands.js";
import { KeySequencer, SEQUENCE_TIMEOUT_MS, codeMirrorKey, editorKeys } from "./keymap.js";

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

/** The key press a browser reports for a canonical chord: Shift+V arrives as "V", Shift+- as "_". */
function pressFor(chord: string): KeyPress {
  const parts = chord.split("+");
  const name = parts.pop()!;
  const shiftKey = parts.includes("shift");
  const typed = name === "space" ? " " : shiftKey && name === "-" ? "_" : shiftKey && name.length === 1 ? name.toUpperCase() : name;
  return key(typed, { ctrlKey: parts.includes("ctrl"), altKey: parts.includes("alt"), shiftKey });
}

test("D D deletes only when both presses come within the timeout", () => {
  const keys = new KeySequencer();
  assert.equal(keys.press("command", key("d"), 0), "pending");
  assert.equal(keys.press("command", key("d"), 100), "notebook:delete-cell");
  assert.equal(keys.press("command", key("d"), 1000), "pending");
  assert.equal(keys.press("command", key("d"), 1000 + SEQUENCE_TIMEOUT_MS + 1), "pending");
});

test("a different key after a prefix is taken on its own", () => {
  const keys = new KeySequencer();
  assert.equal(keys.press("command", key("i"), 0), "pending");
  assert.equal(keys.press("command", key("a"), 10), "notebook:insert-cell-above");
  assert.equal(keys.press("command", key("0"), 20), "pending");
  assert.equal(keys.press("command", key("0"), 30), "kernel:restart");
});

test("letters do nothing in edit mode but the run chords do", () => {
  const keys = new KeySequencer();
  assert.equal(keys.press("edit", key("a"), 0), null);
  assert.equal(keys.press("edit", key("d"), 0), null);
  assert.equal(keys.press("edit", key("Enter", { altKey: true }), 0), "notebook:run-cell-and-insert-below");
  assert.equal(keys.press("edit", key("Escape"), 0), "notebook:enter-command-mode");
  assert.equal(keys.press("command", key("Enter"), 0), "notebook:enter-edit-mode");
  assert.equal(keys.press("command", key("Enter", { shiftKey: true }), 0), "notebook:run-cell-and-select-next");
  assert.equal(keys.press("edit", key("S", { ctrlKey: true, shiftKey: true }), 0), "file:save-as");
  assert.equal(keys.press("edit", key("s", { metaKey: true }), 0), "file:save");
});

test("every command with a binding is reachable: typing each of its bindings runs it", () => {
  let now = 0;
  for (const binding of BINDINGS) {
    const keys = new KeySequencer();
    const results = binding.chords.map((chord) => keys.press(binding.mode, pressFor(chord), (now += 10)));
    assert.deepEqual(
      results,
      [...binding.chords.slice(1).map(() => "pending"), binding.command],
      `${binding.mode} mode: ${binding.chords.join(" ")}`,
    );
  }
  const bound = COMMANDS.filter((c) => MODES.some((m) => (c.keys?.[m] ?? []).length > 0)).map((c) => c.id);
  assert.deepEqual([...new Set(BINDINGS.map((b) => b.command))].sort(), bound.sort());
});

test("the cell editor takes the keys of the commands on the cell being edited, and only those", () => {
  assert.deepEqual(editorKeys(), [
    { keys: "Shift+Enter", command: "notebook:run-cell-and-select-next" },
    { keys: "Mod+Enter", command: "notebook:run-cell" },
    { keys: "Alt+Enter", command: "notebook:run-cell-and-insert-below" },
    { keys: "Escape", command: "notebook:enter-command-mode" },
    { keys: "Mod+Shift+-", command: "notebook:split-cell-at-cursor" },
  ]);
});

test("the editor's keys in CodeMirror's notation are the ones it had before the registry", () => {
  assert.deepEqual(editorKeys().map((k) => codeMirrorKey(k.keys)), ["Shift-Enter", "Mod-Enter", "Alt-Enter", "Escape", "Mod-Shift--"]);
  assert.equal(codeMirrorKey("Mod+Shift+S"), "Mod-Shift-s");
  assert.equal(codeMirrorKey("D D"), "d d");
});
