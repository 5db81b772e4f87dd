// A stand-in for the "electron" module, so the real main.js can run under plain Node in tests (Electron's binary
// cannot be downloaded here). electron-loader.ts maps the specifier "electron" to this file. It records what main
// does (windows, IPC handlers, menus, dialogs, external links) and answers as scripted; utilityProcess.fork runs
// real kernel processes (child_process.fork underneath, with process.parentPort provided as Electron does).

import { fork, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdtempSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import * as path from "node:path";

/** What the IPC handlers receive as their event. */
export interface FakeInvokeEvent {
  sender: FakeWebContents;
  senderFrame: { url: string; parent: null | object } | null;
}

export const recorded = {
  ipcHandlers: new Map<string, (event: FakeInvokeEvent, ...args: unknown[]) => Promise<unknown>>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  privilegedSchemes: [] as unknown[],
  menuTemplate: undefined as unknown,
  externalLinks: [] as string[],
  recentDocuments: [] as string[],
  messageBoxes: [] as { message: string; buttons: string[] }[],
  errorBoxes: [] as string[],
  sandboxEnabled: false,
  permissionRequest: undefined as
    | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void)
    | undefined,
};

/** Scripted answers: the button index showMessageBoxSync returns, the files the dialogs pick. */
export const answers = {
  messageBox: 0,
  openDialog: null as string | null,
  saveDialog: null as string | null,
};

// ----- app ------------------------------------------------------------------------------------------------------

const userData = mkdtempSync(path.join(tmpdir(), "parabook-electron-userdata-"));

class FakeApp extends EventEmitter {
  readonly isPackaged = false;
  quitCalls = 0;
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  enableSandbox(): void {
    recorded.sandboxEnabled = true;
  }
  getPath(name: string): string {
    return path.join(userData, name === "userData" ? "" : name);
  }
  getVersion(): string {
    return "0.0.0-test";
  }
  setAboutPanelOptions(): void {}
  showAboutPanel(): void {}
  addRecentDocument(file: string): void {
    recorded.recentDocuments.push(file);
  }
  quit(): void {
    this.quitCalls++;
  }
  /** As Electron's will-quit: returns whether a listener prevented the quit. */
  willQuit(): boolean {
    let prevented = false;
    this.emit("will-quit", { preventDefault: () => (prevented = true) });
    return prevented;
  }
  exit(code: number): void {
    throw new Error(`app.exit(${code}) during a test`);
  }
}

export const app = new FakeApp();

// ----- windows --------------------------------------------------------------------------------------------------

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error("send on destroyed web contents");
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** What a link click does: returns whether main let the navigation happen. */
  navigate(url: string): boolean {
    let prevented = false;
    this.emit("will-navigate", { preventDefault: () => (prevented = true), url }, url);
    return !prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  title = "";
  loadedUrl: string | undefined;
  shown = false;
  private destroyed = false;

  constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
    app.emit("web-contents-created", {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    setImmediate(() => {
      this.webContents.emit("did-finish-load");
      this.emit("ready-to-show");
    });
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setDocumentEdited(): void {}
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** As Electron: "close" may be prevented; otherwise the window goes and "closed" follows. Returns whether it went. */
  close(): boolean {
    let prevented = false;
    this.emit("close", { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
    return !prevented;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit("closed");
    if (BrowserWindow.all.every((w) => w.isDestroyed())) app.emit("window-all-closed");
  }
}

export const dialog = {
  async showOpenDialog() {
    return answers.openDialog === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [answers.openDialog] };
  },
  async showSaveDialog() {
    return answers.saveDialog === null ? { canceled: true, filePath: "" } : { canceled: false, filePath: answers.saveDialog };
  },
  showMessageBoxSync(_window: unknown, options: { message: string; buttons: string[] }): number {
    recorded.messageBoxes.push({ message: options.message, buttons: options.buttons });
    return answers.messageBox;
  },
  showErrorBox(title: string, content: string): void {
    recorded.errorBoxes.push(`${title}: ${content}`);
  },
};

// ----- IPC, menus, protocol, session, shell, theme ------------------------------------------------------------------

export const ipcMain = {
  handle(channel: string, handler: (event: FakeInvokeEvent, ...args: unknown[]) => Promise<unknown>): void {
    if (recorded.ipcHandlers.has(channel)) throw new Error(`a second handler for ${channel}`);
    recorded.ipcHandlers.set(channel, handler);
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu: (menu: { template: unknown }) => {
    recorded.menuTemplate = menu.template;
  },
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privilegedSchemes.push(...schemes),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) => recorded.protocolHandlers.set(scheme, handler),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: typeof recorded.permissionRequest) => {
      recorded.permissionRequest = handler;
    },
    setPermissionCheckHandler: () => {},
  },
};

export const shell = {
  async openExternal(url: string): Promise<void> {
    recorded.externalLinks.push(url);
  },
};

export const nativeTheme = { themeSource: "system" };

// ----- utilityProcess -----------------------------------------------------------------------------------------------

export const kernels: ChildProcess[] = [];
/** The serviceName of every utility process started, in order: what Electron's task manager would show. */
export const serviceNames: string[] = [];

class FakeUtilityProcess extends EventEmitter {
  constructor(
    private readonly child: ChildProcess,
    readonly serviceName: string,
  ) {
    super();
    child.on("message", (message) => this.emit("message", message));
    child.on("exit", (code, signal) => {
      const signalNumber = signal === null ? undefined : constants.signals[signal];
      // Electron reports both, in no fixed order: app's child-process-gone and the process's own exit.
      if (signalNumber !== undefined) {
        app.emit("child-process-gone", {}, { type: "Utility", reason: "killed", exitCode: signalNumber, name: serviceName });
      }
      this.emit("exit", code ?? signalNumber ?? 0);
    });
  }
  get pid(): number | undefined {
    return this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }
  postMessage(message: unknown): void {
    this.child.send(message as object);
  }
  kill(): boolean {
    return this.child.kill("SIGTERM");
  }
}

export const utilityProcess = {
  fork(modulePath: string, args: string[], options: { serviceName: string; env: NodeJS.ProcessEnv; stdio: unknown }) {
    const child = fork(modulePath, args, {
      env: options.env,
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      execArgv: ["--import", new URL("./parent-port-shim.js", import.meta.url).href],
    });
    kernels.push(child);
    serviceNames.push(options.serviceName);
    return new FakeUtilityProcess(child, options.serviceName);
  },
};
