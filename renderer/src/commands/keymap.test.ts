import { test } from "node:test";
import assert from "node:assert/strict";
import { BINDINGS, KeySequencer, SEQUENCE_TIMEOUT_MS, chordOf, describeKeys, type KeyPress } from "./keymap.js";

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

test("chords name their modifiers in a fixed order; Cmd counts as Ctrl", () => {
  assert.equal(chordOf(key("Enter", { shiftKey: true })), "shift+enter");
  assert.equal(chordOf(key("S", { metaKey: true, shiftKey: true })), "ctrl+shift+s");
  assert.equal(chordOf(key("V", { shiftKey: true })), "shift+v");
  assert.equal(chordOf(key("_", { ctrlKey: true, shiftKey: true })), "ctrl+shift+-");
  assert.equal(chordOf(key("ArrowUp")), "arrowup");
});

test("D D deletes only when both presses come within the timeout", () => {
  const keys = new KeySequencer();
  assert.equal(keys.press("command", key("d"), 0), "pending");
  assert.equal(keys.press("command", key("d"), 100), "delete");
  assert.equal(keys.press("command", key("d"), 1000), "pending");
  assert.equal(keys.press("command", key("d"), 1000 + SEQUENCE_TIMEOUT_MS + 1), "pending");
});

test("a different key after a prefix is taken on its own", () => {
  const keys = new KeySequencer();
  assert.equal(keys.press("command", key("i"), 0), "pending");
  assert.equal(keys.press("command", key("a"), 10), "insert-above");
  assert.equal(keys.press("command", key("0"), 20), "pending");
  assert.equal(keys.press("command", key("0"), 30), "restart");
});

test("letters do nothing in edit mode but the run chords do", () => {
  const keys = new KeySequencer();
  assert.equal(keys.press("edit", key("a"), 0), null);
  assert.equal(keys.press("edit", key("d"), 0), null);
  assert.equal(keys.press("edit", key("Enter", { altKey: true }), 0), "run-and-insert-below");
  assert.equal(keys.press("edit", key("Escape"), 0), "enter-command");
  assert.equal(keys.press("command", key("Enter"), 0), "enter-edit");
  assert.equal(keys.press("command", key("Enter", { shiftKey: true }), 0), "run-and-select-next");
  assert.equal(keys.press("edit", key("S", { ctrlKey: true, shiftKey: true }), 0), "save-as");
  assert.equal(keys.press("edit", key("s", { metaKey: true }), 0), "save");
});

test("every binding is reachable and no two bindings of one mode share keys", () => {
  const seen = new Set<string>();
  for (const b of BINDINGS) {
    for (const mode of b.mode === "both" ? ["command", "edit"] : [b.mode]) {
      const id = `${mode}:${b.keys.join(" ")}`;
      assert.ok(!seen.has(id), `duplicate binding ${id}`);
      seen.add(id);
    }
  }
  assert.equal(describeKeys(["d", "d"]), "D D");
  assert.equal(describeKeys(["ctrl+shift+arrowup"]), "Ctrl+Shift+↑");
});
