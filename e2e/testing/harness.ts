// What every end-to-end test needs: a real `parabook serve` on a free port with its own notebook and config
// folders, and Debian's Chromium driven by playwright-core with a fresh profile.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { WebSocket } from "ws";
import type { Settings } from "../../contract/api.js";
import { apiProtocols } from "../../contract/wire/api-socket.js";
import { parabookBin } from "../../kernel/testing/paths.js";
import { titleNames } from "./in-page.js";
import { NotebookPage } from "./notebook-page.js";

export const CHROMIUM = "/usr/bin/chromium";

export interface ServeOptions {
  /** Files to put in the notebook folder: name → content. */
  readonly files?: Readonly<Record<string, string>>;
  /** Settings to start with (written to the config folder's settings.json, which also keeps a Jupyter Server's token). */
  readonly settings?: Partial<Settings> & { jupyterServerToken?: string };
  /** The notebook to open at start, by its name in the notebook folder. */
  readonly open?: string;
  /** A fixed token (PARABOOK_TOKEN); serve makes a random one otherwise. */
  readonly token?: string;
}

export interface Served {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly notebookDir: string;
  readonly configDir: string;
  /** The notebook opened at start, if any (its name in the notebook folder). */
  readonly opened?: string;
  /** The server's process id. */
  readonly pid: number;
  /** The server's exit code once it has exited, null while it runs. */
  exitCode(): number | null;
  /** Everything the server wrote to stderr so far (warnings, failures). */
  stderr(): string;
  /** Stops the server (and with it every kernel) and removes its folders. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL, by its PID (no clean shutdown, as a crash would); its folders stay. */
  kill(): Promise<void>;
  /**
   * Starts `parabook serve` again on the same port, with the same folders and notebook, and the given token (a
   * new random one by default, as a plain restart does). The new server's stop() removes the folders.
   */
  startAgain(options?: { token?: string }): Promise<Served>;
}

interface Folders {
  readonly base: string;
  readonly notebookDir: string;
  readonly configDir: string;
}

async function tempDir(prefix: string): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
}

export async function serve(options: ServeOptions = {}): Promise<Served> {
  // One folder per server, holding its notebook folder and its config folder (and whatever a test puts beside
  // the notebook folder to try to reach it), removed when the server stops.
  const base = await tempDir("parabook-e2e-");
  const notebookDir = path.join(base, "notebooks");
  const configDir = path.join(base, "config");
  await fs.mkdir(notebookDir);
  await fs.mkdir(configDir);
  for (const [name, text] of Object.entries(options.files ?? {})) {
    await fs.mkdir(path.dirname(path.join(notebookDir, name)), { recursive: true });
    await fs.writeFile(path.join(notebookDir, name), text);
  }
  if (options.settings) await fs.writeFile(path.join(configDir, "settings.json"), JSON.stringify(options.settings));
  return startServe({ base, notebookDir, configDir }, 0, options);
}

async function startServe(folders: Folders, port: number, options: ServeOptions): Promise<Served> {
  const { base, notebookDir, configDir } = folders;
  const args = [parabookBin, "serve", "--port", String(port), "--notebook-dir", notebookDir];
  if (options.open) args.push(path.join(notebookDir, options.open));
  // The token through the environment, as a user should give it (an argument shows in `ps`).
  const env: NodeJS.ProcessEnv = { ...process.env, PARABOOK_CONFIG_DIR: configDir };
  delete env.PARABOOK_TOKEN;
  if (options.token !== undefined) env.PARABOOK_TOKEN = options.token;
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      const found = /Parabook is running at (http:\/\/\S+)/.exec(stdout);
      if (found) resolve(found[1]!);
    });
    child.once("exit", (code) => reject(new Error(`parabook serve exited with code ${code}:\n${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get("token")!,
    notebookDir,
    configDir,
    ...(options.open !== undefined ? { opened: options.open } : {}),
    pid: child.pid!,
    exitCode: () => child.exitCode,
    stderr: () => stderr,
    async stop() {
      await stopProcess(child);
      await fs.rm(base, { recursive: true, force: true, maxRetries: 3 });
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      process.kill(child.pid!, "SIGKILL");
      await exited;
    },
    startAgain(again = {}) {
      const { token: _previous, ...rest } = options;
      return startServe(folders, Number(parsed.port), { ...rest, ...again });
    },
  };
}

/** A Node WebSocket to a served API, as the page opens it: the token in the subprotocols, the page's Origin. */
export function apiSocket(served: Pick<Served, "port" | "token">): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${served.port}/api`, apiProtocols(served.token), { origin: `http://127.0.0.1:${served.port}` });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Headless Chromium with a fresh profile; close() removes the profile. */
export async function launchBrowser(): Promise<BrowserContext> {
  const profile = await tempDir("parabook-e2e-chromium-");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  // Chromium may still be writing its profile as it exits: retry, and never fail a test over a leftover folder.
  context.once("close", () => void fs.rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined));
  return context;
}

/** Opens the served app in a new page and waits until the notebook UI is up with its first notebook loaded. */
export async function openApp(context: BrowserContext, served: Served): Promise<Page> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(err.message));
  await page.goto(served.url);
  await page.getByRole("button", { name: "Run all", exact: true }).waitFor({ timeout: 30_000 }).catch((err: Error) => {
    throw new Error(`The notebook UI did not come up: ${err.message}\nPage errors: ${problems.join("\n")}\nServer: ${served.stderr()}`);
  });
  // The UI comes up with an empty notebook and then loads the one the server was started with.
  if (served.opened !== undefined) await page.waitForFunction(titleNames, path.basename(served.opened), { timeout: 30_000 });
  return page;
}

/** One browser for all the tests of a file: launched before the first, closed after the last. */
export function sharedBrowser(): () => BrowserContext {
  let context: BrowserContext | undefined;
  before(async () => {
    context = await launchBrowser();
  });
  after(() => context?.close());
  return () => {
    if (!context) throw new Error("the browser is launched in before(); use it inside a test");
    return context;
  };
}

/** A fresh server and a page on it for one test; both end when the test does. */
export async function servedNotebook(
  t: { after(fn: () => Promise<void>): void },
  browser: BrowserContext,
  options: ServeOptions = {},
): Promise<{ nb: NotebookPage; served: Served }> {
  const served = await serve(options);
  t.after(() => served.stop());
  const page = await openApp(browser, served);
  t.after(() => page.close());
  return { nb: new NotebookPage(page), served };
}

/** A setting as saved in the server's config folder (undefined while nothing is saved for it). */
export async function savedSetting(served: Pick<Served, "configDir">, key: keyof Settings): Promise<unknown> {
  const text = await fs.readFile(path.join(served.configDir, "settings.json"), "utf8").catch(() => "{}");
  return (JSON.parse(text) as Partial<Settings>)[key];
}

/** Waits (up to 10 s) until the settings panel has saved `key` as `value`; fails naming what was saved instead. */
export async function waitForSavedSetting(served: Pick<Served, "configDir">, key: keyof Settings, value: unknown): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await savedSetting(served, key)) !== value && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await savedSetting(served, key), value, `the ${key} setting is saved in the config folder`);
}

