// Every command of the notebook, once: its id, its name, its keys in each keyboard mode, where the native menu
// shows it and when it applies. The toolbar, the page's keymap, the cell editor's chords, the shortcut sheet and
// Electron's menus all read this table and dispatch by id, so a button, a key and a menu item named alike cannot
// drift apart. JupyterLab's CommandIDs is the model, ids included ("notebook:run-cell-and-select-next").
//
// Pure data and pure helpers: this file imports nothing, so Electron's main process, the page and a future
// command palette can all read it.

// ----- The parts of a command --------------------------------------------------------------------------------

/** Jupyter's keyboard model: in command mode keys act on cells, in edit mode they type (except a few chords). */
export type Mode = "command" | "edit";

export const MODES: readonly Mode[] = ["command", "edit"];

/**
 * Keys as the registry writes them: chords separated by spaces ("D D"), each chord its modifiers and its key
 * joined by "+" ("Mod+Shift+S"). Mod is Ctrl, or Cmd on macOS; modifiers come in the order Mod, Alt, Shift; the key
 * is a KeyboardEvent key name ("Enter", "ArrowUp", "Escape") or a single character ("S", "0", "-").
 */
export type Keys = string;

/** The menus of the native menu bar that carry commands (Edit has only the system's roles). */
export type NativeMenu = "file" | "cell" | "kernel" | "view" | "help";

export interface MenuPlacement {
  readonly menu: NativeMenu;
  /** The item's label there, in the platform's title case ("Run All Above"). */
  readonly label: string;
  /** Items of a menu keep the registry's order; a separator goes between groups. Default 0. */
  readonly group?: number;
  /** A submenu of `menu` the item sits in ("Theme"). */
  readonly submenu?: string;
  /** One item of its submenu is checked: the one whose state is in force (the theme). */
  readonly radio?: true;
  /**
   * The command's own keys beside the item. "page": shown, but left to the page, which must see them first (the
   * cell editor takes Ctrl+Enter); macOS always registers menu shortcuts, so there they are not shown at all.
   * "menu": registered, the native menu handles them; in Electron the page leaves them alone, so one press never
   * acts twice. Absent: the item shows no keys of the command's.
   */
  readonly keys?: "page" | "menu";
  /** A shortcut only the native menu has (the page has no binding for the command); the menu registers it. */
  readonly menuOnlyKeys?: Keys;
}

/** What must hold for a command to do anything: a palette offers it, a button is enabled, only then. */
export type Condition = "always" | "command-mode" | "edit-mode" | "code-cell" | "cell-above" | "cell-below";

export interface CommandSpec {
  readonly id: string;
  /** The command's name in the shortcut sheet and (later) the palette. */
  readonly label: string;
  /** Key bindings per mode; each entry is one way to type the command. */
  readonly keys?: { readonly [M in Mode]?: readonly Keys[] };
  /** Where Electron's native menu shows it. */
  readonly menu?: MenuPlacement;
  /** Default "always". */
  readonly when?: Condition;
}

// ----- The registry ------------------------------------------------------------------------------------------

// The order is the shortcut sheet's (most used first) and, within a menu group, the native menu's.
const TABLE = [
  {
    id: "notebook:run-cell-and-select-next",
    label: "Run the cell, select the next",
    keys: { command: ["Shift+Enter"], edit: ["Shift+Enter"] },
  },
  {
    id: "notebook:run-cell",
    label: "Run the cell",
    keys: { command: ["Mod+Enter"], edit: ["Mod+Enter"] },
    menu: { menu: "cell", label: "Run", keys: "page" },
  },
  {
    id: "notebook:run-cell-and-insert-below",
    label: "Run the cell, insert one below",
    keys: { command: ["Alt+Enter"], edit: ["Alt+Enter"] },
  },
  { id: "file:new", label: "New notebook", menu: { menu: "file", label: "New" } },
  {
    id: "file:save",
    label: "Save",
    keys: { command: ["Mod+S"], edit: ["Mod+S"] },
    menu: { menu: "file", label: "Save", group: 1, keys: "page" },
  },
  {
    id: "file:save-as",
    label: "Save as…",
    keys: { command: ["Mod+Shift+S"], edit: ["Mod+Shift+S"] },
    menu: { menu: "file", label: "Save As…", group: 1, keys: "menu" },
  },
  {
    id: "file:open",
    label: "Open a notebook",
    keys: { command: ["Mod+O"], edit: ["Mod+O"] },
    menu: { menu: "file", label: "Open…", keys: "menu" },
  },
  { id: "notebook:enter-command-mode", label: "Command mode", keys: { edit: ["Escape"] }, when: "edit-mode" },
  { id: "notebook:split-cell-at-cursor", label: "Split the cell at the cursor", keys: { edit: ["Mod+Shift+-"] } },
  { id: "notebook:enter-edit-mode", label: "Edit the cell", keys: { command: ["Enter"] }, when: "command-mode" },
  { id: "notebook:insert-cell-above", label: "Insert a cell above", keys: { command: ["A"] } },
  { id: "notebook:insert-cell-below", label: "Insert a cell below", keys: { command: ["B"] } },
  { id: "notebook:delete-cell", label: "Delete the cell", keys: { command: ["D D"] } },
  { id: "notebook:undo-delete-cell", label: "Undo the last deletion", keys: { command: ["Z"] } },
  { id: "notebook:change-cell-to-markdown", label: "Make it a markdown cell", keys: { command: ["M"] } },
  { id: "notebook:change-cell-to-code", label: "Make it a code cell", keys: { command: ["Y"] } },
  { id: "notebook:copy-cell", label: "Copy the cell", keys: { command: ["C"] } },
  { id: "notebook:cut-cell", label: "Cut the cell", keys: { command: ["X"] } },
  { id: "notebook:paste-cell-below", label: "Paste below", keys: { command: ["V"] } },
  { id: "notebook:paste-cell-above", label: "Paste above", keys: { command: ["Shift+V"] } },
  {
    id: "notebook:select-cell-above",
    label: "Select the cell above",
    keys: { command: ["ArrowUp", "K"] },
    when: "cell-above",
  },
  {
    id: "notebook:select-cell-below",
    label: "Select the cell below",
    keys: { command: ["ArrowDown", "J"] },
    when: "cell-below",
  },
  { id: "notebook:move-cell-up", label: "Move the cell up", keys: { command: ["Mod+Shift+ArrowUp"] }, when: "cell-above" },
  {
    id: "notebook:move-cell-down",
    label: "Move the cell down",
    keys: { command: ["Mod+Shift+ArrowDown"] },
    when: "cell-below",
  },
  { id: "notebook:merge-cell-below", label: "Merge with the cell below", keys: { command: ["Shift+M"] }, when: "cell-below" },
  {
    id: "notebook:toggle-cell-output",
    label: "Collapse or expand the output",
    keys: { command: ["O"] },
    when: "code-cell",
  },
  { id: "notebook:run-all-cells", label: "Run all cells", menu: { menu: "cell", label: "Run All" } },
  { id: "notebook:run-all-above", label: "Run the cells above", menu: { menu: "cell", label: "Run All Above" } },
  { id: "notebook:run-all-below", label: "Run this cell and those below", menu: { menu: "cell", label: "Run All Below" } },
  {
    id: "notebook:clear-all-cell-outputs",
    label: "Clear all outputs",
    menu: { menu: "cell", label: "Clear Outputs", group: 1 },
  },
  {
    id: "kernel:interrupt",
    label: "Interrupt the kernel",
    keys: { command: ["I I"] },
    menu: { menu: "kernel", label: "Interrupt" },
  },
  {
    id: "kernel:restart",
    label: "Restart the kernel (asks first)",
    keys: { command: ["0 0"] },
    menu: { menu: "kernel", label: "Restart" },
  },
  { id: "cluster:start", label: "Start the cluster", menu: { menu: "kernel", label: "Start Cluster", group: 1 } },
  {
    id: "settings:open",
    label: "Settings",
    menu: { menu: "kernel", label: "Settings…", group: 1, menuOnlyKeys: "Mod+," },
  },
  {
    id: "view:theme-light",
    label: "Light theme",
    menu: { menu: "view", submenu: "Theme", label: "Light", radio: true },
  },
  { id: "view:theme-dark", label: "Dark theme", menu: { menu: "view", submenu: "Theme", label: "Dark", radio: true } },
  {
    id: "view:theme-system",
    label: "Theme of the system",
    menu: { menu: "view", submenu: "Theme", label: "Follow the System", radio: true },
  },
  {
    id: "help:keyboard-shortcuts",
    label: "Show these shortcuts",
    keys: { command: ["H"] },
    menu: { menu: "help", label: "Keyboard Shortcuts" },
  },
] as const satisfies readonly CommandSpec[];

/** Every command's id: "notebook:run-cell", "file:save"… The part before the colon is its category. */
export type CommandId = (typeof TABLE)[number]["id"];

export interface Command extends CommandSpec {
  readonly id: CommandId;
}

/** Every command, in the registry's order: what a command palette lists. */
export const COMMANDS: readonly Command[] = TABLE;

const BY_ID: ReadonlyMap<string, Command> = new Map(COMMANDS.map((c) => [c.id, c]));

export function isCommandId(name: string): name is CommandId {
  return BY_ID.has(name);
}

export function commandById(id: CommandId): Command {
  return BY_ID.get(id)!;
}

/** "notebook" for "notebook:run-cell". */
export function categoryOf(id: CommandId): string {
  return id.slice(0, id.indexOf(":"));
}

/** The commands Electron's native menus show, in the registry's order. */
export const MENU_COMMANDS: readonly CommandId[] = COMMANDS.filter((c) => c.menu !== undefined).map((c) => c.id);

// ----- When a command applies ----------------------------------------------------------------------------------

/** What the conditions read: the notebook as the page has it. */
export interface CommandContext {
  readonly mode: Mode;
  /** The selected cell's index, and its type (undefined when there is no cell). */
  readonly selected: number;
  readonly selectedCellType: string | undefined;
  readonly cellCount: number;
}

export function applies(id: CommandId, context: CommandContext): boolean {
  switch (commandById(id).when ?? "always") {
    case "always": return true;
    case "command-mode": return context.mode === "command";
    case "edit-mode": return context.mode === "edit";
    case "code-cell": return context.selectedCellType === "code";
    case "cell-above": return context.selected > 0;
    case "cell-below": return context.selected < context.cellCount - 1;
  }
}

// ----- Keys ----------------------------------------------------------------------------------------------------

/**
 * A chord in its canonical form, the one `chordOf` gives a key press: lower case, modifiers in the order ctrl, alt,
 * shift ("ctrl+shift+s", "arrowup", "d"). "ctrl" stands for Mod: Ctrl, or Cmd on macOS, as Jupyter treats them.
 */
export function canonicalChord(chord: string): string {
  const parts = chord.split("+");
  const key = parts.pop()!;
  const modifiers = new Set(parts.map((p) => p.toLowerCase()));
  const unknown = [...modifiers].filter((m) => m !== "mod" && m !== "alt" && m !== "shift");
  if (key === "" || unknown.length > 0) throw new Error(`The chord "${chord}" is not Mod/Alt/Shift and a key.`);
  return [
    ...(modifiers.has("mod") ? ["ctrl"] : []),
    ...(modifiers.has("alt") ? ["alt"] : []),
    ...(modifiers.has("shift") ? ["shift"] : []),
    key === "Space" ? "space" : key.toLowerCase(),
  ].join("+");
}

/** "D D" → ["d", "d"]; "Mod+Shift+S" → ["ctrl+shift+s"]. */
export function canonicalKeys(keys: Keys): string[] {
  return keys.split(" ").map(canonicalChord);
}

/** The fields of a KeyboardEvent the keymap reads (so neither this file nor its tests need a DOM). */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/** A key press in canonical form: "ctrl+shift+enter", "v", "shift+v". Cmd on macOS counts as ctrl. */
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

/** One way to type a command in one mode, in canonical chords. */
export interface Binding {
  readonly mode: Mode;
  readonly chords: readonly string[];
  readonly command: CommandId;
}

/** Every key binding of the registry, one per mode and way of typing, in the registry's order. */
export const BINDINGS: readonly Binding[] = COMMANDS.flatMap((c) =>
  MODES.flatMap((mode) => (c.keys?.[mode] ?? []).map((keys) => ({ mode, chords: canonicalKeys(keys), command: c.id }))),
);

function sameChords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** The binding of `mode` typed exactly as `chords`, if any. */
export function bindingFor(mode: Mode, chords: readonly string[], bindings: readonly Binding[] = BINDINGS): Binding | undefined {
  return bindings.find((b) => b.mode === mode && sameChords(b.chords, chords));
}

/** True when `chords` are the start of a longer binding of `mode` (the first D of D D). */
export function startsBinding(mode: Mode, chords: readonly string[], bindings: readonly Binding[] = BINDINGS): boolean {
  return bindings.some(
    (b) => b.mode === mode && b.chords.length > chords.length && sameChords(b.chords.slice(0, chords.length), chords),
  );
}

/** True when Electron's native menu handles the command's keys itself, so the page must not act on them too. */
export function nativeMenuHandlesKeys(id: CommandId): boolean {
  return commandById(id).menu?.keys === "menu";
}

// ----- Keys for people -------------------------------------------------------------------------------------------

export type Platform = "mac" | "other";

const MAC_MODIFIERS: Readonly<Record<string, string>> = { ctrl: "⌘", alt: "⌥", shift: "⇧" };
// Apple's order for modifier symbols: Option, Shift, Command.
const MAC_ORDER = ["alt", "shift", "ctrl"];

function keyName(key: string): string {
  if (key === "arrowup") return "↑";
  if (key === "arrowdown") return "↓";
  if (key === "arrowleft") return "←";
  if (key === "arrowright") return "→";
  return key.charAt(0).toUpperCase() + key.slice(1);
}

function describeChord(chord: string, platform: Platform): string {
  const parts = chord.split("+");
  // A chord's key may itself be "-", never "+": the last part is the key.
  const key = parts.pop()!;
  if (platform === "mac") {
    return [...MAC_ORDER.filter((m) => parts.includes(m)).map((m) => MAC_MODIFIERS[m]!), keyName(key)].join("");
  }
  return [...parts, key].map(keyName).join("+");
}

/** Canonical chords for people, as the shortcut sheet shows them: ["d","d"] → "D D", ["shift+enter"] → "Shift+Enter". */
export function describeKeys(chords: readonly string[], platform: Platform = "other"): string {
  return chords.map((chord) => describeChord(chord, platform)).join(" ");
}

/** Registry keys for people on `platform`: "Mod+Shift+S" → "Ctrl+Shift+S", or "⇧⌘S" on macOS. */
export function formatKeys(keys: Keys, platform: Platform): string {
  return describeKeys(canonicalKeys(keys), platform);
}

/** A command's keys in `mode` for people, alternatives joined by " or " ("↑ or K"); "" when it has none. */
export function shortcutText(id: CommandId, mode: Mode = "command", platform: Platform = "other"): string {
  return (commandById(id).keys?.[mode] ?? []).map((keys) => formatKeys(keys, platform)).join(" or ");
}
