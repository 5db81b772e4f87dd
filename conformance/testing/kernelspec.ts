// The Parabook kernelspec for a conformance test: installed by the real command (`parabook kernelspec install
// --user`) into a temporary JUPYTER_DATA_DIR, with the environment Jupyter's own tools (jupyter_client, nbclient,
// jupyter console, jupyter server; Debian's, under /usr/bin/python3) need to find it and nothing of the user's:
// connection files, Jupyter's config and Parabook's settings all live in the same temporary folder.

import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Settings } from "../../contract/api.js";
import { parabookBin } from "../../kernel/testing/paths.js";

/** Debian's Python, which has Jupyter's packages (a python3 earlier on PATH may not). */
export const PYTHON = "/usr/bin/python3";

export interface InstalledKernelspec {
  /** The kernel name to start ("parabook", or the one asked for). */
  readonly name: string;
  /** The temporary folder everything lives in. */
  readonly root: string;
  /** The kernelspec folder (kernel.json and the logos). */
  readonly dir: string;
  /** The environment for Python's Jupyter tools, and for `parabook` itself. */
  readonly env: NodeJS.ProcessEnv;
  /** Remove the temporary folder. */
  remove(): Promise<void>;
}

export interface KernelspecOptions {
  /** --name; default "parabook". */
  readonly name?: string;
  /** Parabook settings the kernel starts with (its settings.json in the temporary config folder). */
  readonly settings?: Partial<Settings>;
}

export async function installKernelspec(options: KernelspecOptions = {}): Promise<InstalledKernelspec> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-jupyter-"));
  const name = options.name ?? "parabook";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_DATA_DIR: path.join(root, "data"),
    JUPYTER_RUNTIME_DIR: path.join(root, "runtime"),
    JUPYTER_CONFIG_DIR: path.join(root, "config"),
    // Only the temporary kernelspecs and the system's: none from a JUPYTER_PATH of the user's.
    JUPYTER_PATH: "",
    IPYTHONDIR: path.join(root, "ipython"),
    PARABOOK_CONFIG_DIR: path.join(root, "parabook-config"),
    // Debian's ipykernel imports debugpy, which warns on stderr about frozen modules at every start.
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    PYTHONUNBUFFERED: "1",
  };
  try {
    if (options.settings) {
      await fs.mkdir(env.PARABOOK_CONFIG_DIR!, { recursive: true });
      await fs.writeFile(path.join(env.PARABOOK_CONFIG_DIR!, "settings.json"), JSON.stringify(options.settings));
    }
    await promisify(execFile)(process.execPath, [parabookBin, "kernelspec", "install", "--user", "--name", name], { env, timeout: 30_000 });
  } catch (err) {
    await fs.rm(root, { recursive: true, force: true });
    throw err;
  }
  return {
    name,
    root,
    dir: path.join(env.JUPYTER_DATA_DIR!, "kernels", name),
    env,
    remove: () => fs.rm(root, { recursive: true, force: true }),
  };
}
