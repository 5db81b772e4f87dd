// The native menus, as data. Items the toolbar also has send the toolbar's command to the focused window's page
// (MENU_COMMANDS, renderer/src/commands/keymap.ts), so a menu click and a button click do the same thing; the page's
// own shortcuts (Ctrl+Enter, Ctrl+S) are shown but left to the page (registerAccelerator: false), so a key is
// never handled twice. Only window-level actions (new window, recent files, close, about) stay in main.
// Electron-free at run time (types only), so tests can walk the template and click its items.

import type { BaseWindow, MenuItemConstructorOptions } from "electron";
import type { Theme } from "../renderer/api.js";
import type { MenuCommand } from "../renderer/src/commands/keymap.js";

export interface MenuActions {
  /** Send a command to the page of `window` (the focused notebook window, if any). */
  command(command: MenuCommand, window: BaseWindow | undefined): void;
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

export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === "darwin";
  /** A menu item that sends `command`, with a shortcut the menu itself listens for. */
  const send = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: (_item, window) => actions.command(command, window),
    ...(accelerator === undefined ? {} : { accelerator }),
  });
  /**
   * A menu item for a command whose shortcut the page handles itself: shown, never registered. macOS always
   * registers menu shortcuts (it would take Shift+Enter from the editor), so there it is not shown either.
   */
  const sendPageKeys = (label: string, command: MenuCommand, pageKeys: string): MenuItemConstructorOptions => ({
    ...send(label, command),
    ...(mac ? {} : { accelerator: pageKeys, registerAccelerator: false }),
  });
  const theme = (label: string, value: Theme): MenuItemConstructorOptions => ({
    label,
    type: "radio",
    checked: state.theme === value,
    click: (_item, window) => actions.command(`theme-${value}`, window),
  });
  const recent: MenuItemConstructorOptions[] =
    state.recentFiles.length === 0
      ? [{ label: "No Recent Notebooks", enabled: false }]
      : state.recentFiles.map((file) => ({ label: file, click: () => actions.openRecent(file) }));

  return [
    ...(mac ? [{ role: "appMenu" } satisfies MenuItemConstructorOptions] : []),
    {
      label: "File",
      submenu: [
        send("New", "new"),
        { label: "New Window", accelerator: "CmdOrCtrl+Shift+N", click: () => actions.newWindow() },
        send("Open…", "open", "CmdOrCtrl+O"),
        { label: "Open Recent", submenu: recent },
        { type: "separator" },
        sendPageKeys("Save", "save", "CmdOrCtrl+S"),
        send("Save As…", "save-as", "CmdOrCtrl+Shift+S"),
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
    {
      label: "Cell",
      submenu: [
        sendPageKeys("Run", "run", "CmdOrCtrl+Enter"),
        send("Run All", "run-all"),
        send("Run All Above", "run-above"),
        send("Run All Below", "run-below"),
        { type: "separator" },
        send("Clear Outputs", "clear-outputs"),
      ],
    },
    {
      label: "Kernel",
      submenu: [
        send("Interrupt", "interrupt"),
        send("Restart", "restart"),
        { type: "separator" },
        send("Start Cluster", "start-cluster"),
        send("Settings…", "settings", "CmdOrCtrl+,"),
      ],
    },
    {
      label: "View",
      submenu: [
        { label: "Theme", submenu: [theme("Light", "light"), theme("Dark", "dark"), theme("Follow the System", "system")] },
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
      submenu: [
        send("Keyboard Shortcuts", "shortcuts"),
        ...(mac ? [] : [{ label: "About Parabook", click: () => actions.about() }]),
      ],
    },
  ];
}
