// Jupyter's keyboard model: a command mode (keys act on cells) and an edit mode (keys type, except a few chords).
// One table drives both the key handling and the shortcut list under Help, so the two cannot drift apart.

export type Mode = "command" | "edit";

export type NotebookAction =
  | "run-and-select-next"
  | "run"
  | "run-and-insert-below"
  | "enter-edit"
  | "enter-command"
  | "insert-above"
  | "insert-below"
  | "delete"
  | "undo-delete"
  | "to-markdown"
  | "to-code"
  | "copy"
  | "cut"
  | "paste-below"
  | "paste-above"
  | "select-previous"
  | "select-next"
  | "move-up"
  | "move-down"
  | "merge-below"
  | "split"
  | "toggle-output"
  | "interrupt"
  | "restart"
  | "save"
  | "save-as"
  | "open"
  | "shortcuts";

export interface Binding {
  readonly mode: Mode | "both";
  /** A sequence of chords, each like "shift+enter" or "d": modifiers in the order ctrl, alt, shift. */
  readonly keys: readonly string[];
  readonly action: NotebookAction;
  readonly description: string;
}

export const BINDINGS: readonly Binding[] = [
  { mode: "both", keys: ["shift+enter"], action: "run-and-select-next", description: "Run the cell, select the next" },
  { mode: "both", keys: ["ctrl+enter"], action: "run", description: "Run the cell" },
  { mode: "both", keys: ["alt+enter"], action: "run-and-insert-below", description: "Run the cell, insert one below" },
  { mode: "both", keys: ["ctrl+s"], action: "save", description: "Save" },
  { mode: "both", keys: ["ctrl+shift+s"], action: "save-as", description: "Save as…" },
  { mode: "both", keys: ["ctrl+o"], action: "open", description: "Open a notebook" },
  { mode: "edit", keys: ["escape"], action: "enter-command", description: "Command mode" },
  { mode: "edit", keys: ["ctrl+shift+-"], action: "split", description: "Split the cell at the cursor" },
  { mode: "command", keys: ["enter"], action: "enter-edit", description: "Edit the cell" },
  { mode: "command", keys: ["a"], action: "insert-above", description: "Insert a cell above" },
  { mode: "command", keys: ["b"], action: "insert-below", description: "Insert a cell below" },
  { mode: "command", keys: ["d", "d"], action: "delete", description: "Delete the cell" },
  { mode: "command", keys: ["z"], action: "undo-delete", description: "Undo the last deletion" },
  { mode: "command", keys: ["m"], action: "to-markdown", description: "Make it a markdown cell" },
  { mode: "command", keys: ["y"], action: "to-code", description: "Make it a code cell" },
  { mode: "command", keys: ["c"], action: "copy", description: "Copy the cell" },
  { mode: "command", keys: ["x"], action: "cut", description: "Cut the cell" },
  { mode: "command", keys: ["v"], action: "paste-below", description: "Paste below" },
  { mode: "command", keys: ["shift+v"], action: "paste-above", description: "Paste above" },
  { mode: "command", keys: ["arrowup"], action: "select-previous", description: "Select the cell above" },
  { mode: "command", keys: ["k"], action: "select-previous", description: "Select the cell above" },
  { mode: "command", keys: ["arrowdown"], action: "select-next", description: "Select the cell below" },
  { mode: "command", keys: ["j"], action: "select-next", description: "Select the cell below" },
  { mode: "command", keys: ["ctrl+shift+arrowup"], action: "move-up", description: "Move the cell up" },
  { mode: "command", keys: ["ctrl+shift+arrowdown"], action: "move-down", description: "Move the cell down" },
  { mode: "command", keys: ["shift+m"], action: "merge-below", description: "Merge with the cell below" },
  { mode: "command", keys: ["o"], action: "toggle-output", description: "Collapse or expand the output" },
  { mode: "command", keys: ["i", "i"], action: "interrupt", description: "Interrupt the kernel" },
  { mode: "command", keys: ["0", "0"], action: "restart", description: "Restart the kernel (asks first)" },
  { mode: "command", keys: ["h"], action: "shortcuts", description: "Show these shortcuts" },
];

/** The fields of a KeyboardEvent the keymap reads (so tests need no DOM). */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/** "ctrl+shift+enter", "v", "shift+v". Cmd on macOS counts as ctrl, as Jupyter treats it. */
export function chordOf(press: KeyPress): string {
  const key = press.key === " " ? "space" : press.key.toLowerCase();
  const parts: string[] = [];
  if (press.ctrlKey || press.metaKey) parts.push("ctrl");
  if (press.altKey) parts.push("alt");
  // Shift is part of the key itself for symbols ("_" is shift+"-" on most layouts); keep it only where it matters.
  if (press.shiftKey && (key.length > 1 || /[a-z0-9-]/.test(key) || key === "_")) parts.push("shift");
  parts.push(key === "_" ? "-" : key);
  return parts.join("+");
}

/** Human label for a chord sequence: ["d","d"] → "D D", ["shift+enter"] → "Shift+Enter". */
export function describeKeys(keys: readonly string[]): string {
  return keys
    .map((chord) =>
      chord
        .split("+")
        .map((part) => (part === "arrowup" ? "↑" : part === "arrowdown" ? "↓" : part.charAt(0).toUpperCase() + part.slice(1)))
        .join("+"),
    )
    .join(" ");
}

/** Two-key sequences (D D, I I, 0 0) must be typed within this many milliseconds. */
export const SEQUENCE_TIMEOUT_MS = 1000;

/** Feeds key presses one at a time and says which action, if any, they complete. Holds the pending prefix. */
export class KeySequencer {
  private pending: string[] = [];
  private pendingAt = 0;

  constructor(private readonly bindings: readonly Binding[] = BINDINGS) {}

  /** The action the press completes in `mode`; "pending" when it starts a sequence; null when it means nothing. */
  press(mode: Mode, press: KeyPress, now: number): NotebookAction | "pending" | null {
    const chord = chordOf(press);
    const prefix = this.pending.length > 0 && now - this.pendingAt <= SEQUENCE_TIMEOUT_MS ? this.pending : [];
    this.pending = [];
    const candidates = this.bindings.filter((b) => b.mode === mode || b.mode === "both");
    for (const attempt of prefix.length > 0 ? [[...prefix, chord], [chord]] : [[chord]]) {
      const exact = candidates.find((b) => sameKeys(b.keys, attempt));
      if (exact) return exact.action;
      if (candidates.some((b) => b.keys.length > attempt.length && sameKeys(b.keys.slice(0, attempt.length), attempt))) {
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

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Commands Electron's native menus send (onMenuCommand) and the toolbar uses, by name. */
export const MENU_COMMANDS = [
  "new",
  "open",
  "save",
  "save-as",
  "run",
  "run-all",
  "run-above",
  "run-below",
  "interrupt",
  "restart",
  "clear-outputs",
  "start-cluster",
  "settings",
  "shortcuts",
  "theme-light",
  "theme-dark",
  "theme-system",
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(name: string): name is MenuCommand {
  return (MENU_COMMANDS as readonly string[]).includes(name);
}
