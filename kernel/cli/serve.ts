// `parabook serve [--port P] [--notebook-dir D] [--token T] [NOTEBOOK.ipynb]`: the notebook UI in a browser, on
// 127.0.0.1 only, behind a token printed in the URL (as Jupyter does). Runs until Ctrl+C.
//
// The token is random for each run unless given (--token, or PARABOOK_TOKEN, which unlike an argument other
// users cannot read in `ps`): with a fixed token, an open page reconnects by itself to a restarted server.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ShellApi } from "../shell-api/shell-api.js";
import { BackupStore } from "../shell-api/backup-store.js";
import { NotebookDirectoryAccess } from "../shell-api/file-access.js";
import { RecentFiles } from "../shell-api/recent-files.js";
import { NodeSpawner } from "../cluster/node-spawner.js";
import { fsErrorReason } from "../files/atomic-file.js";
import { Session } from "../session/session.js";
import { JupyterServerSession } from "../jupyter-server-client/jupyter-server-session.js";
import { KernelPlaceSession } from "../shell-api/kernel-place-session.js";
import { configDirectory } from "../settings/config-dir.js";
import { SettingsStore } from "../settings/store.js";
import { tokenProblem } from "../../contract/wire/api-socket.js";
import { startWebServer } from "../web/server.js";

const USAGE = "Usage: parabook serve [--port P] [--notebook-dir D] [--token T] [NOTEBOOK.ipynb]   (or PARABOOK_TOKEN=T)";

/** The built renderer, beside this file in dist/. */
const RENDERER_DIR = fileURLToPath(new URL("../../renderer/", import.meta.url));

export interface ServeArguments {
  readonly port: number;
  readonly notebookDir: string;
  /** The notebook to open first, relative to notebookDir. */
  readonly notebook?: string;
  /** A fixed token (--token, else PARABOOK_TOKEN); a random one when absent. */
  readonly token?: string;
}

export class UsageError extends Error {}

export function parseServeArguments(
  argv: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {},
): ServeArguments {
  let port = 8890;
  let notebookDir: string | undefined;
  let notebook: string | undefined;
  let token: { value: string; from: string } | undefined =
    env.PARABOOK_TOKEN !== undefined ? { value: env.PARABOOK_TOKEN, from: "PARABOOK_TOKEN" } : undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--port") {
      const text = value();
      port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a port number 0–65535, not "${text}"`);
    } else if (arg === "--notebook-dir") notebookDir = path.resolve(cwd, value());
    else if (arg === "--token") token = { value: value(), from: "--token" };
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (notebook !== undefined) throw new UsageError(`one notebook at a time (got "${notebook}" and "${arg}")`);
    else notebook = arg;
  }
  const problem = token && tokenProblem(token.value);
  if (problem) throw new UsageError(`${token!.from}: ${problem}`);
  const fixedToken = token ? { token: token.value } : {};
  if (notebook === undefined) return { port, notebookDir: notebookDir ?? cwd, ...fixedToken };
  const absolute = path.resolve(cwd, notebook);
  // Without --notebook-dir, the notebook's own folder is the one the browser may see.
  const dir = notebookDir ?? path.dirname(absolute);
  const relative = path.relative(dir, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new UsageError(`${notebook} is outside the notebook folder ${dir}`);
  }
  return { port, notebookDir: dir, notebook: relative, ...fixedToken };
}

export async function serveCommand(argv: string[]): Promise<number> {
  let args: ServeArguments;
  try {
    args = parseServeArguments(argv, process.cwd(), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`parabook serve: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  const warn = (message: string) => process.stderr.write(`parabook serve: warning: ${message}\n`);
  let session: KernelPlaceSession | undefined;
  let host: ShellApi;
  let server;
  try {
    const config = configDirectory();
    // Settings, recent files and the backup are conveniences: without a usable config folder the notebooks still
    // open and save (each failure is reported where it happens), so this is a warning, not a refusal to start.
    await fs.mkdir(config, { recursive: true }).catch((err: NodeJS.ErrnoException) =>
      warn(`the config folder ${config} cannot be made (${fsErrorReason(err)}); settings and recent files will not be kept`),
    );
    const settings = await SettingsStore.load(path.join(config, "settings.json"), warn);
    // The kernel runs here or on a Jupyter Server, as Settings ▸ Kernel says at each start and restart.
    session = new KernelPlaceSession(settings, {
      local: () => new Session({ spawner: new NodeSpawner(), settings: () => settings.current() }),
      jupyterServer: (server) => new JupyterServerSession({ server, kernelName: server.kernelName, warn }),
    });
    // Started in the background: the page can open and save notebooks while the kernel comes up, and a kernel
    // that cannot start is reported in the page (and here) instead of keeping the server down.
    session.start().catch((err: Error) => warn(err.message));
    host = new ShellApi({
      session,
      settings,
      files: await NotebookDirectoryAccess.create(args.notebookDir),
      recent: new RecentFiles(path.join(config, "recent-files.json")),
      backups: new BackupStore(path.join(config, "autosave-backup.json"), warn),
      ...(args.notebook !== undefined ? { initialNotebook: args.notebook } : {}),
      warn,
    });
    server = await startWebServer({
      port: args.port,
      rendererDir: RENDERER_DIR,
      api: host,
      warn,
      ...(args.token !== undefined ? { token: args.token } : {}),
    });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "EADDRINUSE" ? `port ${args.port} is in use; try --port 0` : (err as Error).message;
    process.stderr.write(`parabook serve: cannot start: ${reason}\n`);
    await session?.shutdown();
    return 1;
  }
  process.stdout.write(`Serving notebooks from ${args.notebookDir}\nParabook is running at ${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stdout.write("Shutting down…\n");
  await server.close();
  await host.dispose();
  return 0;
}
