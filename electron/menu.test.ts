import { test } from "node:test";
import assert from "node:assert/strict";
import type { BaseWindow, MenuItemConstructorOptions } from "electron";
import { MENU_COMMANDS, isCommandId, type CommandId } from "../contract/commands.js";
import { acceleratorOf, menuTemplate, type MenuActions, type MenuState } from "./menu.js";

type Click = (item: unknown, window: BaseWindow | undefined, event: unknown) => void;

function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    command: (command: CommandId) => calls.push(`command ${command}`),
    newWindow: () => calls.push("new window"),
    openRecent: (file) => calls.push(`open ${file}`),
    about: () => calls.push("about"),
  };
  return { calls, actions };
}

const linux: MenuState = { platform: "linux", recentFiles: [], theme: "system", developerTools: false };

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function click(template: MenuItemConstructorOptions[], path: string[]): void {
  let level = template;
  let item: MenuItemConstructorOptions | undefined;
  for (const label of path) {
    item = level.find((i) => i.label === label || (i.role === "help" && label === "Help"));
    assert.ok(item, `no menu item ${path.join(" › ")}`);
    level = Array.isArray(item.submenu) ? item.submenu : [];
  }
  (item!.click as Click)({}, undefined, {});
}

test("every command the page understands is in the menus, and clicking sends it", () => {
  const { calls, actions } = recorder();
  const template = menuTemplate(linux, actions);
  for (const item of items(template)) if (item.click) (item.click as Click)({}, undefined, {});
  const sent = new Set(calls.filter((c) => c.startsWith("command ")).map((c) => c.slice("command ".length)));
  assert.deepEqual([...sent].sort(), [...MENU_COMMANDS].sort());
});

test("the native menus send only commands of the registry, each from one item", () => {
  const { calls, actions } = recorder();
  const clickable = items(menuTemplate(linux, actions)).filter((i) => i.click);
  for (const item of clickable) (item.click as Click)({}, undefined, {});
  const sent = calls.filter((c) => c.startsWith("command ")).map((c) => c.slice("command ".length));
  for (const id of sent) assert.ok(isCommandId(id), `${id} is not a registered command`);
  assert.equal(new Set(sent).size, sent.length, "two items send one command");
});

test("the menus read as they did before the registry: items, separators, shortcuts", () => {
  /** Each menu as lines: a label or role, "—" for a separator, the shortcut and who handles it, "radio". */
  const outline = (entries: MenuItemConstructorOptions[]): string[] =>
    entries.map((i) =>
      i.type === "separator"
        ? "—"
        : [
            i.label ?? i.role,
            ...(i.accelerator ? [i.accelerator, i.registerAccelerator === false ? "page" : "menu"] : []),
            ...(i.type === "radio" ? ["radio"] : []),
          ].join(" "),
    );
  const tree = (template: MenuItemConstructorOptions[]) =>
    template.map((m) => [m.label ?? m.role, Array.isArray(m.submenu) ? outline(m.submenu) : []]);
  assert.deepEqual(tree(menuTemplate(linux, recorder().actions)), [
    ["File", ["New", "New Window CmdOrCtrl+Shift+N menu", "Open… CmdOrCtrl+O menu", "Open Recent", "—", "Save CmdOrCtrl+S page", "Save As… CmdOrCtrl+Shift+S menu", "—", "Close", "—", "quit"]],
    ["Edit", ["undo", "redo", "—", "cut", "copy", "paste", "selectAll"]],
    ["Cell", ["Run CmdOrCtrl+Enter page", "Run All", "Run All Above", "Run All Below", "—", "Clear Outputs"]],
    ["Kernel", ["Interrupt", "Restart", "—", "Start Cluster", "Settings… CmdOrCtrl+, menu"]],
    ["View", ["Theme", "—", "resetZoom", "zoomIn", "zoomOut", "—", "togglefullscreen"]],
    ["help", ["Keyboard Shortcuts", "About Parabook"]],
  ]);
  const theme = items(menuTemplate(linux, recorder().actions)).find((i) => i.label === "Theme")!;
  assert.deepEqual(outline(theme.submenu as MenuItemConstructorOptions[]), ["Light radio", "Dark radio", "Follow the System radio"]);
  assert.equal(acceleratorOf("Mod+Shift+S"), "CmdOrCtrl+Shift+S");
  assert.throws(() => acceleratorOf("D D"), /A menu shortcut is one chord, not the sequence "D D"/);
});

test("the menus are the issue's: File, Edit, Cell, Kernel, View, Help, with the toolbar's commands", () => {
  const { calls, actions } = recorder();
  const template = menuTemplate(linux, actions);
  assert.deepEqual(
    template.map((m) => m.label ?? m.role),
    ["File", "Edit", "Cell", "Kernel", "View", "help"],
  );
  click(template, ["File", "New"]);
  click(template, ["File", "Open…"]);
  click(template, ["File", "Save As…"]);
  click(template, ["Cell", "Run All Above"]);
  click(template, ["Kernel", "Interrupt"]);
  click(template, ["Kernel", "Start Cluster"]);
  click(template, ["View", "Theme", "Dark"]);
  click(template, ["Help", "Keyboard Shortcuts"]);
  click(template, ["Help", "About Parabook"]);
  click(template, ["File", "New Window"]);
  assert.deepEqual(calls, [
    "command file:new",
    "command file:open",
    "command file:save-as",
    "command notebook:run-all-above",
    "command kernel:interrupt",
    "command cluster:start",
    "command view:theme-dark",
    "command help:keyboard-shortcuts",
    "about",
    "new window",
  ]);
});

test("Open Recent lists the recent notebooks, newest first, and opens the one clicked", () => {
  const { calls, actions } = recorder();
  const template = menuTemplate({ ...linux, recentFiles: ["/nb/b.ipynb", "/nb/a.ipynb"] }, actions);
  const recent = items(template).find((i) => i.label === "Open Recent")!.submenu as MenuItemConstructorOptions[];
  assert.deepEqual(
    recent.map((i) => i.label),
    ["/nb/b.ipynb", "/nb/a.ipynb"],
  );
  click(template, ["File", "Open Recent", "/nb/a.ipynb"]);
  assert.deepEqual(calls, ["open /nb/a.ipynb"]);
  const empty = menuTemplate(linux, actions);
  const none = items(empty).find((i) => i.label === "Open Recent")!.submenu as MenuItemConstructorOptions[];
  assert.deepEqual(none, [{ label: "No Recent Notebooks", enabled: false }]);
});

test("the theme in force is the checked radio item", () => {
  const template = menuTemplate({ ...linux, theme: "dark" }, recorder().actions);
  const themes = items(template).find((i) => i.label === "Theme")!.submenu as MenuItemConstructorOptions[];
  assert.deepEqual(
    themes.map((t) => [t.label, t.checked]),
    [
      ["Light", false],
      ["Dark", true],
      ["Follow the System", false],
    ],
  );
});

test("shortcuts the page handles are shown but never registered; on macOS they are left out", () => {
  const pageKeys = (state: MenuState) =>
    items(menuTemplate(state, recorder().actions))
      .filter((i) => i.registerAccelerator === false)
      .map((i) => [i.label, i.accelerator]);
  assert.deepEqual(pageKeys(linux), [
    ["Save", "CmdOrCtrl+S"],
    ["Run", "CmdOrCtrl+Enter"],
  ]);
  const mac = items(menuTemplate({ ...linux, platform: "darwin" }, recorder().actions));
  assert.equal(mac.find((i) => i.label === "Save")!.accelerator, undefined);
  assert.equal(mac.find((i) => i.label === "Run")!.accelerator, undefined);
});

test("macOS gets the app menu and no Quit or About in File/Help; developer tools only when unpackaged", () => {
  const mac = menuTemplate({ ...linux, platform: "darwin" }, recorder().actions);
  assert.equal(mac[0]!.role, "appMenu");
  assert.equal(items(mac).some((i) => i.role === "quit" || i.label === "About Parabook"), false);
  assert.equal(items(menuTemplate(linux, recorder().actions)).some((i) => i.role === "toggleDevTools"), false);
  assert.equal(
    items(menuTemplate({ ...linux, developerTools: true }, recorder().actions)).some((i) => i.role === "toggleDevTools"),
    true,
  );
});
