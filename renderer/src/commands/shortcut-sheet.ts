// The keyboard shortcut sheet under Help, generated from the command registry: one row per command that has keys
// in the mode, in the registry's order, a command's ways of typing it on one row (↑ or K).

import { COMMANDS, describeKeys, canonicalKeys, type CommandId, type Mode } from "../../../contract/commands.js";

export interface ShortcutRow {
  readonly command: CommandId;
  /** "↑ or K", "Ctrl+Shift+S". */
  readonly keys: string;
  readonly label: string;
}

export function shortcutRows(mode: Mode): ShortcutRow[] {
  return COMMANDS.flatMap((c) => {
    const keys = c.keys?.[mode] ?? [];
    if (keys.length === 0) return [];
    return [{ command: c.id, keys: keys.map((k) => describeKeys(canonicalKeys(k))).join(" or "), label: c.label }];
  });
}
