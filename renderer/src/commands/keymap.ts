// The page's keyboard, read from the command registry (contract/commands.ts): which command a key press completes
// in command or edit mode, with the two-key sequences (D D, I I, 0 0) Jupyter has, and which keys the cell editor
// must take before CodeMirror's own.

import {
  BINDINGS,
  COMMANDS,
  bindingFor,
  categoryOf,
  chordOf,
  startsBinding,
  type Binding,
  type CommandId,
  type KeyPress,
  type Keys,
  type Mode,
} from "../../../contract/commands.js";

/** Two-key sequences (D D, I I, 0 0) must be typed within this many milliseconds. */
export const SEQUENCE_TIMEOUT_MS = 1000;

/** Feeds key presses one at a time and says which command, if any, they complete. Holds the pending prefix. */
export class KeySequencer {
  private pending: string[] = [];
  private pendingAt = 0;

  constructor(private readonly bindings: readonly Binding[] = BINDINGS) {}

  /** The command the press completes in `mode`; "pending" when it starts a sequence; null when it means nothing. */
  press(mode: Mode, press: KeyPress, now: number): CommandId | "pending" | null {
    const chord = chordOf(press);
    const prefix = this.pending.length > 0 && now - this.pendingAt <= SEQUENCE_TIMEOUT_MS ? this.pending : [];
    this.pending = [];
    for (const attempt of prefix.length > 0 ? [[...prefix, chord], [chord]] : [[chord]]) {
      const exact = bindingFor(mode, attempt, this.bindings);
      if (exact) return exact.command;
      if (startsBinding(mode, attempt, this.bindings)) {
        this.pending = attempt;
        this.pendingAt = now;
        return "pending";
      }
    }
    return null;
  }

  reset(): void {
    this.pending = [];
  }
}

/**
 * The edit-mode keys the cell editor takes ahead of CodeMirror's own: those of the commands that act on the cell
 * being edited (the notebook: ones, Shift+Enter, Escape, split…). CodeMirror would otherwise act on them itself
 * (Enter inserts a line), and the editor knows the caret, which split needs. The rest (Ctrl+S, Ctrl+O) go on to
 * the page's keymap, as any key the editor does not want.
 */
export function editorKeys(): { keys: Keys; command: CommandId }[] {
  return COMMANDS.filter((c) => categoryOf(c.id) === "notebook").flatMap((c) =>
    (c.keys?.edit ?? []).map((keys) => ({ keys, command: c.id })),
  );
}

/** Registry keys in CodeMirror's notation: "Mod+Shift+-" → "Mod-Shift--", "Mod+S" → "Mod-s"; sequences alike. */
export function codeMirrorKey(keys: Keys): string {
  return keys
    .split(" ")
    .map((chord) => {
      const parts = chord.split("+");
      const key = parts.pop()!;
      return [...parts, key.length === 1 ? key.toLowerCase() : key].join("-");
    })
    .join(" ");
}
