import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BINDINGS,
  COMMANDS,
  MENU_COMMANDS,
  MODES,
  applies,
  canonicalChord,
  canonicalKeys,
  chordOf,
  commandById,
  describeKeys,
  formatKeys,
  isCommandId,
  nativeMenuHandlesKeys,
  shortcutText,
  startsBinding,
  type CommandContext,
  type KeyPress,
} from "./commands.js";

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

test("the registry's keys read as the chords a key press gives", () => {
  assert.equal(canonicalChord("Mod+Shift+S"), "ctrl+shift+s");
  assert.equal(canonicalChord("Shift+Mod+S"), "ctrl+shift+s");
  assert.equal(canonicalChord("Mod+Shift+-"), "ctrl+shift+-");
  assert.equal(canonicalChord("ArrowUp"), "arrowup");
  assert.deepEqual(canonicalKeys("D D"), ["d", "d"]);
  assert.throws(() => canonicalChord("Ctrl+S"), /The chord "Ctrl\+S" is not Mod\/Alt\/Shift and a key/);
  assert.throws(() => canonicalChord("Mod+"), /The chord "Mod\+" is not/);
});

test("every command id is unique, named category:action, and found by its id", () => {
  const ids = COMMANDS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, "duplicate ids");
  for (const id of ids) {
    assert.match(id, /^[a-z]+:[a-z]+(-[a-z]+)*$/);
    assert.equal(isCommandId(id), true);
    assert.equal(commandById(id).id, id);
  }
  assert.equal(isCommandId("run-all"), false);
  assert.equal(isCommandId("notebook:fly"), false);
});

test("every command has a label, and every label is its own", () => {
  const labels = COMMANDS.map((c) => c.label);
  for (const label of labels) assert.match(label, /^\S/);
  assert.equal(new Set(labels).size, labels.length, "two commands with one label");
});

test("no two commands share a binding in one mode, and no binding is the start of another (it could never run)", () => {
  const seen = new Map<string, string>();
  for (const b of BINDINGS) {
    const id = `${b.mode}:${b.chords.join(" ")}`;
    assert.ok(!seen.has(id), `${id} is bound to ${seen.get(id)} and ${b.command}`);
    seen.set(id, b.command);
    assert.equal(startsBinding(b.mode, b.chords), false, `${id} starts a longer binding`);
  }
  assert.deepEqual(MODES, ["command", "edit"]);
  assert.ok(BINDINGS.some((b) => b.mode === "command") && BINDINGS.some((b) => b.mode === "edit"));
});

test("keys are shown as people read them, on each platform", () => {
  assert.equal(describeKeys(["d", "d"]), "D D");
  assert.equal(describeKeys(["ctrl+shift+arrowup"]), "Ctrl+Shift+↑");
  assert.equal(formatKeys("Mod+Shift+S", "other"), "Ctrl+Shift+S");
  assert.equal(formatKeys("Mod+Shift+S", "mac"), "⇧⌘S");
  assert.equal(formatKeys("Alt+Enter", "mac"), "⌥Enter");
  assert.equal(formatKeys("Mod+Shift+-", "other"), "Ctrl+Shift+-");
  assert.equal(formatKeys("0 0", "mac"), "0 0");
  assert.equal(shortcutText("notebook:select-cell-above"), "↑ or K");
  assert.equal(shortcutText("notebook:move-cell-up"), "Ctrl+Shift+↑");
  assert.equal(shortcutText("notebook:split-cell-at-cursor", "edit", "mac"), "⇧⌘-");
  assert.equal(shortcutText("notebook:run-all-cells"), "");
});

test("a menu item's shortcut is the command's one chord, or the menu's own for a command without keys", () => {
  for (const c of COMMANDS) {
    const menu = c.menu;
    if (!menu) continue;
    const own = [...new Set(MODES.flatMap((m) => c.keys?.[m] ?? []))];
    if (menu.keys !== undefined) {
      // A menu shows one accelerator, of one chord (Electron has no sequences).
      assert.equal(own.length, 1, `${c.id}: the menu shows its keys, so it has one way to type it`);
      assert.equal(canonicalKeys(own[0]!).length, 1, `${c.id}: one chord`);
    }
    if (menu.menuOnlyKeys !== undefined) {
      assert.deepEqual(own, [], `${c.id}: keys of the menu's only, so none of the page's`);
      assert.equal(canonicalKeys(menu.menuOnlyKeys).length, 1);
    }
    assert.ok(menu.radio === undefined || menu.submenu !== undefined, `${c.id}: a radio item sits in a submenu`);
  }
  // In Electron the File menu handles Ctrl+O and Ctrl+Shift+S, as before the registry; the page all the others.
  assert.deepEqual(
    COMMANDS.filter((c) => nativeMenuHandlesKeys(c.id)).map((c) => c.id),
    ["file:save-as", "file:open"],
  );
  assert.deepEqual(MENU_COMMANDS, COMMANDS.filter((c) => c.menu).map((c) => c.id));
});

test("when a command applies follows the mode and the selected cell", () => {
  const at = (selected: number, extra: Partial<CommandContext> = {}): CommandContext => ({
    mode: "command",
    selected,
    selectedCellType: "code",
    cellCount: 3,
    ...extra,
  });
  assert.equal(applies("notebook:move-cell-up", at(0)), false);
  assert.equal(applies("notebook:move-cell-up", at(1)), true);
  assert.equal(applies("notebook:move-cell-down", at(2)), false);
  assert.equal(applies("notebook:move-cell-down", at(1)), true);
  assert.equal(applies("notebook:merge-cell-below", at(2)), false);
  assert.equal(applies("notebook:select-cell-above", at(0)), false);
  assert.equal(applies("notebook:toggle-cell-output", at(0, { selectedCellType: "markdown" })), false);
  assert.equal(applies("notebook:toggle-cell-output", at(0)), true);
  assert.equal(applies("notebook:enter-edit-mode", at(0, { mode: "edit" })), false);
  assert.equal(applies("notebook:enter-command-mode", at(0, { mode: "edit" })), true);
  assert.equal(applies("notebook:enter-command-mode", at(0)), false);
  assert.equal(applies("file:save", at(0, { cellCount: 0, selectedCellType: undefined })), true);
});
