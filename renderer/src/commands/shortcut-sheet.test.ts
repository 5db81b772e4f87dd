import { test } from "node:test";
import assert from "node:assert/strict";
import { BINDINGS, MODES } from "../../../contract/commands.js";
import { shortcutRows } from "./shortcut-sheet.js";

test("the shortcut sheet lists every bound command, in each mode it is bound in, once", () => {
  for (const mode of MODES) {
    const rows = shortcutRows(mode);
    const listed = rows.map((r) => r.command);
    assert.equal(new Set(listed).size, listed.length, `${mode}: a command listed twice`);
    const bound = [...new Set(BINDINGS.filter((b) => b.mode === mode).map((b) => b.command))];
    assert.deepEqual(listed, bound, mode);
    // The rows' keys are the sheet's each-block keys: two rows with one text would collide.
    assert.equal(new Set(rows.map((r) => r.keys)).size, rows.length);
  }
});

test("the sheet reads as it did before the registry", () => {
  assert.deepEqual(
    shortcutRows("command").map((r) => [r.keys, r.label]),
    [
      ["Shift+Enter", "Run the cell, select the next"],
      ["Ctrl+Enter", "Run the cell"],
      ["Alt+Enter", "Run the cell, insert one below"],
      ["Ctrl+S", "Save"],
      ["Ctrl+Shift+S", "Save as…"],
      ["Ctrl+O", "Open a notebook"],
      ["Enter", "Edit the cell"],
      ["A", "Insert a cell above"],
      ["B", "Insert a cell below"],
      ["D D", "Delete the cell"],
      ["Z", "Undo the last deletion"],
      ["M", "Make it a markdown cell"],
      ["Y", "Make it a code cell"],
      ["C", "Copy the cell"],
      ["X", "Cut the cell"],
      ["V", "Paste below"],
      ["Shift+V", "Paste above"],
      ["↑ or K", "Select the cell above"],
      ["↓ or J", "Select the cell below"],
      ["Ctrl+Shift+↑", "Move the cell up"],
      ["Ctrl+Shift+↓", "Move the cell down"],
      ["Shift+M", "Merge with the cell below"],
      ["O", "Collapse or expand the output"],
      ["I I", "Interrupt the kernel"],
      ["0 0", "Restart the kernel (asks first)"],
      ["H", "Show these shortcuts"],
    ],
  );
  assert.deepEqual(
    shortcutRows("edit").map((r) => [r.keys, r.label]),
    [
      ["Shift+Enter", "Run the cell, select the next"],
      ["Ctrl+Enter", "Run the cell"],
      ["Alt+Enter", "Run the cell, insert one below"],
      ["Ctrl+S", "Save"],
      ["Ctrl+Shift+S", "Save as…"],
      ["Ctrl+O", "Open a notebook"],
      ["Escape", "Command mode"],
      ["Ctrl+Shift+-", "Split the cell at the cursor"],
    ],
  );
});
