// The Electron main process: notebook windows, the app protocol, the IPC handlers, menus, dialogs and the app's
// lifecycle. The decisions live in Electron-free modules beside this file (tested there); this file wires them.
//
// One window per notebook, each with its own ShellApi and Session (host kernel and cluster), as each Jupyter
// notebook has its own kernel: two notebooks never share variables or a cluster, opening a file from the OS never
// replaces unsaved work, and closing a window ends exactly that notebook's kernel processes.

import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  session as electronSession,
  shell,
  type BaseWindow,
  type IpcMainInvokeEvent,
} from "electron";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { ParabookEvent, Settings } from "../contract/api.js";
import type { CommandId } from "../contract/commands.js";
import { Session } from "../kernel/session/session.js";
import { JupyterServerSession } from "../kernel/jupyter-server-client/jupyter-server-session.js";
import { KernelPlaceSession } from "../kernel/shell-api/kernel-place-session.js";
import { ShellApi, type FileDialogs } from "../kernel/shell-api/shell-api.js";
import { BackupStore } from "../kernel/shell-api/backup-store.js";
import { AnyPathAccess } from "../kernel/shell-api/file-access.js";
import { RecentFiles } from "../kernel/shell-api/recent-files.js";
import { SettingsStore } from "../kernel/settings/store.js";
import { API_METHODS, checkArguments, toWireError, type ApiMethod } from "../contract/wire/messages.js";
import { APP_ENTRY_URL, APP_SCHEME, serveAppRequest } from "./app-protocol.js";
import { ElectronSpawner } from "./electron-spawner.js";
import { EVENT_CHANNEL, invokeChannel, MENU_CHANNEL, type InvokeOutcome } from "./ipc-contract.js";
import { menuTemplate } from "./menu.js";
import { notebookPathsFromArgv, withNotebookExtension } from "./notebook-paths.js";
import { externalLinkTarget, isAppUrl, senderProblem } from "./trust.js";

const DIST = fileURLToPath(new URL("../", import.meta.url));
const RENDERER_ROOT = path.join(DIST, "renderer");
const PRELOAD = path.join(DIST, "electron", "preload.cjs");
const NOTEBOOK_FILTERS = [
  { name: "Notebooks", extensions: ["ipynb"] },
  { name: "All Files", extensions: ["*"] },
];

interface NotebookWindow {
  readonly window: BrowserWindow;
  readonly host: ShellApi;
  /** Which autosave backup file is this window's: the lowest number no other open window holds, so after a
   * crash the first window of the next run is offered the first window's work. */
  readonly slot: number;
  dirty: boolean;
  title: string;
}

interface Shared {
  readonly settings: SettingsStore;
  readonly recent: RecentFiles;
  readonly spawner: ElectronSpawner;
  readonly userData: string;
}

/** Notebook windows by their web contents' id, which is what an IPC event names. */
const windows = new Map<number, NotebookWindow>();
/** Notebooks asked for before the app was ready (macOS open-file). */
const pendingOpens: string[] = [];
/** Session shutdowns still running; quitting waits for them so no kernel outlives the app. */
const shutdowns = new Set<Promise<void>>();
let shared: Shared | undefined;

const warn = (message: string) => console.warn(`Parabook: ${message}`);

// ----- Before ready: privileges, sandbox, single instance, OS-level opens -----------------------------------------

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on("second-instance", (_event, argv, workingDirectory) => {
    const files = notebookPathsFromArgv(argv, workingDirectory, process.defaultApp);
    if (files.length > 0) for (const file of files) void openWindow(file);
    else [...windows.values()].at(-1)?.window.focus();
  });
  app.on("open-file", (event, file) => {
    event.preventDefault();
    if (shared) void openWindow(file);
    else pendingOpens.push(file);
  });
  app.on("web-contents-created", (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: "deny" };
    });
    contents.on("will-navigate", (event, url) => {
      event.preventDefault();
      openExternally(url);
    });
    contents.on("will-attach-webview", (event) => event.preventDefault());
    // Unsaved work is main's question to ask (setDirty, then a native dialog); a page's beforeunload handler
    // would otherwise keep the window open without a word.
    contents.on("will-prevent-unload", (event) => event.preventDefault());
  });
  app.on("activate", () => {
    if (shared && windows.size === 0) void openWindow();
  });
  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });
  app.on("will-quit", (event) => {
    if (shutdowns.size > 0) {
      event.preventDefault();
      void Promise.allSettled([...shutdowns]).then(() => app.quit());
      return;
    }
    shared?.spawner.killAll();
  });
  void start().catch((err: Error) => {
    dialog.showErrorBox("Parabook cannot start", err.stack ?? err.message);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(RENDERER_ROOT, request));
  denyPermissions();
  const userData = app.getPath("userData");
  const settings = await SettingsStore.load(path.join(userData, "settings.json"), warn);
  nativeTheme.themeSource = settings.current().theme;
  shared = { settings, recent: new RecentFiles(path.join(userData, "recent-files.json")), spawner: new ElectronSpawner(), userData };
  app.setAboutPanelOptions({ applicationName: "Parabook", applicationVersion: app.getVersion() });
  serveApi();
  await refreshMenu();
  const files = [...notebookPathsFromArgv(process.argv, process.cwd(), process.defaultApp), ...pendingOpens.splice(0)];
  if (files.length === 0) await openWindow();
  else await Promise.all(files.map((file) => openWindow(file)));
}

/** The page needs no camera, location, notifications…; only writing to the clipboard (copying cells). */
function denyPermissions(): void {
  const allowed = (permission: string, url: string) => permission === "clipboard-sanitized-write" && isAppUrl(url);
  electronSession.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl)),
  );
  electronSession.defaultSession.setPermissionCheckHandler((_contents, permission, origin) => allowed(permission, origin));
}

function openExternally(url: string): void {
  const target = externalLinkTarget(url);
  if (target !== null) void shell.openExternal(target);
}

// ----- Windows ------------------------------------------------------------------------------------------------

async function openWindow(file?: string): Promise<void> {
  const { settings, recent, spawner, userData } = shared!;
  const used = new Set([...windows.values()].map((w) => w.slot));
  let slot = 1;
  while (used.has(slot)) slot++;
  const window = new BrowserWindow({
    width: 1200,
    height: 900,
    minWidth: 560,
    minHeight: 400,
    show: false,
    title: "Parabook",
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: PRELOAD,
      spellcheck: false,
    },
  });
  const contentsId = window.webContents.id;
  // The kernel runs here or on a Jupyter Server, as Settings ▸ Kernel says at each start and restart.
  const session = new KernelPlaceSession(settings, {
    local: () => new Session({ spawner, settings: () => settings.current() }),
    jupyterServer: (server) => new JupyterServerSession({ server, kernelName: server.kernelName, warn }),
  });
  const record: NotebookWindow = {
    window,
    slot,
    dirty: false,
    title: "Parabook",
    host: new ShellApi({
      session,
      settings,
      files: new AnyPathAccess(),
      recent,
      backups: new BackupStore(path.join(userData, "backups", `window-${slot}.json`), warn),
      ...(file === undefined ? {} : { initialNotebook: file }),
      dialogs: nativeDialogs(window),
      onDirty: (dirty, title) => {
        record.dirty = dirty;
        record.title = title;
        window.setTitle(title);
        if (process.platform === "darwin") window.setDocumentEdited(dirty);
      },
    }),
  };
  windows.set(contentsId, record);
  const unsubscribe = record.host.onEvent((event) => send(record, event));
  // In the background, as under serve: the page and its files work while the kernel starts, or if it cannot
  // (the session tells the page so with a kernel event).
  session.start().catch((err: Error) => warn(err.message));

  // A page that (re)loads learns the current kernel, cluster and sticky-magic state.
  window.webContents.on("did-finish-load", () => {
    for (const event of record.host.stateEvents()) send(record, event);
  });
  window.on("page-title-updated", (event) => event.preventDefault());
  window.on("close", (event) => {
    if (record.dirty && !confirmDiscard(record)) event.preventDefault();
  });
  window.on("closed", () => {
    windows.delete(contentsId);
    unsubscribe();
    const shutdown: Promise<void> = record.host
      .dispose()
      .catch((err: Error) => warn(`ending the kernels of "${record.title}": ${err.message}`))
      .finally(() => shutdowns.delete(shutdown));
    shutdowns.add(shutdown);
  });
  window.once("ready-to-show", () => window.show());
  try {
    await window.loadURL(APP_ENTRY_URL);
  } catch (err) {
    dialog.showErrorBox("Parabook", `The notebook page did not load (${(err as Error).message}). Was it built? Run: npm run build`);
    window.destroy();
  }
}

function send(record: NotebookWindow, event: ParabookEvent): void {
  if (!record.window.isDestroyed()) record.window.webContents.send(EVENT_CHANNEL, event);
}

/** Asked when closing (or quitting) with unsaved changes; true to close anyway. */
function confirmDiscard(record: NotebookWindow): boolean {
  const choice = dialog.showMessageBoxSync(record.window, {
    type: "warning",
    title: "Unsaved changes",
    message: `"${record.title}" has unsaved changes.`,
    detail: "If you close it now, the changes since the last save are lost.",
    buttons: ["Cancel", "Close Without Saving"],
    defaultId: 0,
    cancelId: 0,
  });
  return choice === 1;
}

function nativeDialogs(window: BrowserWindow): FileDialogs {
  return {
    async chooseNotebookToOpen() {
      const { canceled, filePaths } = await dialog.showOpenDialog(window, {
        title: "Open Notebook",
        properties: ["openFile"],
        filters: NOTEBOOK_FILTERS,
      });
      return canceled ? null : (filePaths[0] ?? null);
    },
    async chooseWhereToSave(suggestedName) {
      const { canceled, filePath } = await dialog.showSaveDialog(window, {
        title: "Save Notebook",
        defaultPath: path.join(app.getPath("documents"), suggestedName),
        filters: NOTEBOOK_FILTERS,
        properties: ["createDirectory", "showOverwriteConfirmation"],
      });
      return canceled || !filePath ? null : withNotebookExtension(filePath);
    },
  };
}

// ----- IPC --------------------------------------------------------------------------------------------------------

/** One handler per ParabookApi request; each checks who is calling and with what before the host sees the call. */
function serveApi(): void {
  for (const method of API_METHODS) {
    ipcMain.handle(invokeChannel(method), (event, ...args: unknown[]) => answer(event, method, args));
  }
}

async function answer(event: IpcMainInvokeEvent, method: ApiMethod, args: unknown[]): Promise<InvokeOutcome> {
  try {
    const record = windows.get(event.sender.id);
    const frame = event.senderFrame;
    const problem = senderProblem({ frameUrl: frame?.url, isMainFrame: frame?.parent === null, isAppWindow: !!record });
    if (problem !== null || record === undefined) throw new Error(`Parabook refused ${method}: ${problem}`);
    checkArguments(method, args);
    const call = record.host[method] as (...args: readonly unknown[]) => Promise<unknown>;
    const value = await call.apply(record.host, args);
    afterCall(method, value, record);
    return { ok: true, value: value ?? null };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}

/** What main itself keeps in step after a request: recent files (menu and OS), settings in every window. */
function afterCall(method: ApiMethod, value: unknown, from: NotebookWindow): void {
  if (method === "openNotebook" || method === "saveNotebook" || method === "initialNotebook") {
    if (value !== null && typeof value === "object" && "path" in value) app.addRecentDocument(String(value.path));
    void refreshMenu();
  }
  if (method === "setSettings") {
    const settings = value as Settings;
    nativeTheme.themeSource = settings.theme;
    for (const other of windows.values()) if (other !== from) send(other, { type: "settings", settings });
    void refreshMenu();
  }
}

// ----- Menus ------------------------------------------------------------------------------------------------------

async function refreshMenu(): Promise<void> {
  const { settings, recent } = shared!;
  const template = menuTemplate(
    {
      platform: process.platform,
      recentFiles: await recent.list(),
      theme: settings.current().theme,
      developerTools: !app.isPackaged,
    },
    {
      command: (command, window) => void sendCommand(command, window).catch((err: Error) => warn(err.message)),
      newWindow: () => void openWindow(),
      openRecent: (file) => void openWindow(file),
      about: () => app.showAboutPanel(),
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** A menu command goes to the focused notebook's page; with no window open (macOS), New and Open make one. */
async function sendCommand(command: CommandId, focused: BaseWindow | undefined): Promise<void> {
  const target = [...windows.values()].find((w) => w.window === focused) ?? [...windows.values()].at(-1);
  if (target) {
    target.window.webContents.send(MENU_CHANNEL, command);
  } else if (command === "file:new") {
    await openWindow();
  } else if (command === "file:open") {
    const { canceled, filePaths } = await dialog.showOpenDialog({ properties: ["openFile"], filters: NOTEBOOK_FILTERS });
    if (!canceled && filePaths[0] !== undefined) await openWindow(filePaths[0]);
  }
}
