// The native menus, as data. The items that carry commands come from the command registry (contract/commands.ts):
// its menu placements say which menu, label, group and shortcut; a click sends the command's id to the focused
// window's page, which runs it as a toolbar button or a key would, so the three do the same thing. The page's own
// shortcuts (Ctrl+Enter, Ctrl+S) are shown but left to the page (registerAccelerator: false), so a key is never
// handled twice. Only window-level actions (new window, recent files, close, about) stay here and in main.
// Electron-free at run time (types only), so tests can walk the template and click its items.

import type { BaseWindow, MenuItemConstructorOptions } from "electron";
import { COMMANDS, commandById, type CommandId, type Keys, type MenuPlacement, type NativeMenu } from "../contract/commands.js";
import type { Theme } from "../contract/api.js";

export interface MenuActions {
  /** Send a command to the page of `window` (the focused notebook window, if any). */
  command(command: CommandId, window: BaseWindow | undefined): void;
  newWindow(): void;
  openRecent(file: string): void;
  about(): void;
}

export interface MenuState {
  readonly platform: NodeJS.Platform;
  /** Most recent first, absolute paths. */
  readonly recentFiles: readonly string[];
  readonly theme: Theme;
  /** Developer tools in the View menu: only when running unpackaged. */
  readonly developerTools: boolean;
}

/** Registry keys as an Electron accelerator: "Mod+Shift+S" → "CmdOrCtrl+Shift+S" (menus take single chords only). */
export function acceleratorOf(keys: Keys): string {
  if (keys.includes(" ")) throw new Error(`A menu shortcut is one chord, not the sequence "${keys}".`);
  return keys
    .split("+")
    .map((part, i, all) => (i < all.length - 1 && part === "Mod" ? "CmdOrCtrl" : part))
    .join("+");
}

/** The theme command whose radio item is checked (the themes are the registry's only radio items). */
function themeCommand(theme: Theme): CommandId {
  return `view:theme-${theme}`;
}

export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === "darwin";

  /** The shortcut a registry command's item shows, and whether the menu or the page handles it. */
  const shortcut = (menu: MenuPlacement, own: Keys | undefined): MenuItemConstructorOptions => {
    if (menu.menuOnlyKeys !== undefined) return { accelerator: acceleratorOf(menu.menuOnlyKeys) };
    if (own === undefined || menu.keys === undefined) return {};
    if (menu.keys === "menu") return { accelerator: acceleratorOf(own) };
    // The page's keys: shown, never registered. macOS always registers menu shortcuts (it would take Shift+Enter
    // from the editor), so there they are not shown either.
    return mac ? {} : { accelerator: acceleratorOf(own), registerAccelerator: false };
  };

  /** The menu item of a registry command: its label and shortcut as the registry places it; a click sends it. */
  const commandItem = (id: CommandId): MenuItemConstructorOptions => {
    const { keys, menu } = commandById(id);
    if (!menu) throw new Error(`The command ${id} has no place in the native menus.`);
    // A command's keys are the same in every mode it has them in (the registry's tests hold it to that).
    const own = keys?.command?.[0] ?? keys?.edit?.[0];
    return {
      label: menu.label,
      ...(menu.radio ? { type: "radio", checked: id === themeCommand(state.theme) } : {}),
      ...shortcut(menu, own),
      click: (_item, window) => actions.command(id, window),
    };
  };

  /**
   * The registry's items of `menu`, in its order, a separator between groups, a submenu where its first item is;
   * `after` puts this file's own items (New Window, Open Recent) right after a command's.
   */
  const commandItems = (menu: NativeMenu, after: Partial<Record<CommandId, MenuItemConstructorOptions[]>> = {}) => {
    const placed = COMMANDS.filter((c) => c.menu?.menu === menu);
    const groups = [...new Set(placed.map((c) => c.menu!.group ?? 0))].sort((a, b) => a - b);
    return groups.flatMap((group, i) => {
      const items: MenuItemConstructorOptions[] = i > 0 ? [{ type: "separator" }] : [];
      for (const c of placed.filter((c) => (c.menu!.group ?? 0) === group)) {
        const submenu = c.menu!.submenu;
        const entry = [commandItem(c.id), ...(after[c.id] ?? [])];
        if (submenu === undefined) items.push(...entry);
        else {
          const existing = items.find((item) => item.label === submenu && Array.isArray(item.submenu));
          if (existing) (existing.submenu as MenuItemConstructorOptions[]).push(...entry);
          else items.push({ label: submenu, submenu: entry });
        }
      }
      return items;
    });
  };

  const recent: MenuItemConstructorOptions[] =
    state.recentFiles.length === 0
      ? [{ label: "No Recent Notebooks", enabled: false }]
      : state.recentFiles.map((file) => ({ label: file, click: () => actions.openRecent(file) }));

  return [
    ...(mac ? [{ role: "appMenu" } satisfies MenuItemConstructorOptions] : []),
    {
      label: "File",
      submenu: [
        ...commandItems("file", {
          "file:new": [{ label: "New Window", accelerator: "CmdOrCtrl+Shift+N", click: () => actions.newWindow() }],
          "file:open": [{ label: "Open Recent", submenu: recent }],
        }),
        { type: "separator" },
        { label: "Close", role: "close" },
        ...(mac ? [] : [{ type: "separator" } as const, { role: "quit" } as const]),
      ],
    },
    {
      label: "Edit",
      submenu: [
        { role: "undo" },
        { role: "redo" },
        { type: "separator" },
        { role: "cut" },
        { role: "copy" },
        { role: "paste" },
        { role: "selectAll" },
      ],
    },
    { label: "Cell", submenu: commandItems("cell") },
    { label: "Kernel", submenu: commandItems("kernel") },
    {
      label: "View",
      submenu: [
        ...commandItems("view"),
        { type: "separator" },
        { role: "resetZoom" },
        { role: "zoomIn" },
        { role: "zoomOut" },
        { type: "separator" },
        { role: "togglefullscreen" },
        ...(state.developerTools ? [{ role: "toggleDevTools" } as const] : []),
      ],
    },
    {
      role: "help",
      submenu: [...commandItems("help"), ...(mac ? [] : [{ label: "About Parabook", click: () => actions.about() }])],
    },
  ];
}
