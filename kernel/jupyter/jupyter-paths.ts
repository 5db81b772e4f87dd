// Where Jupyter keeps kernelspecs, as jupyter_core (paths.py) and jupyter_client (kernelspec.py) decide it, so
// that `parabook kernelspec install` writes where `jupyter kernelspec list`, JupyterLab and VS Code look:
//   --user        the user's data folder: $JUPYTER_DATA_DIR, else ~/.local/share/jupyter ($XDG_DATA_HOME/jupyter)
//                 on Linux, ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows
//   --sys-prefix  the Python environment Jupyter runs in: PREFIX/share/jupyter (sys.prefix: $VIRTUAL_ENV or
//                 $CONDA_PREFIX when one is active, else what python3 says)
//   --prefix P    P/share/jupyter
//   (none)        the system folder: /usr/local/share/jupyter (%PROGRAMDATA%\jupyter on Windows)
// each with kernels/NAME below it. Lookup order (jupyter_path): $JUPYTER_PATH's folders, the user's, the
// environment's, then the system's /usr/local/share/jupyter and /usr/share/jupyter; the first NAME found wins.

import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

export interface PathContext {
  readonly env: Env;
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

export const currentContext = (): PathContext => ({ env: process.env, platform: process.platform, home: os.homedir() });

/** jupyter_core.paths.jupyter_data_dir */
export function jupyterDataDir({ env, platform, home }: PathContext): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return env.APPDATA ? path.join(env.APPDATA, "jupyter") : path.join(home, ".jupyter", "data");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

/** jupyter_core.paths.SYSTEM_JUPYTER_PATH */
export function systemJupyterPath({ env, platform }: PathContext): string[] {
  if (platform === "win32") return [path.join(env.PROGRAMDATA ?? "C:\\ProgramData", "jupyter")];
  return ["/usr/local/share/jupyter", "/usr/share/jupyter"];
}

/** The active Python environment's prefix, when one is active ($VIRTUAL_ENV, $CONDA_PREFIX). */
function activeEnvironmentPrefix(env: Env): string | undefined {
  return env.VIRTUAL_ENV || env.CONDA_PREFIX || undefined;
}

/** sys.prefix of the Python Jupyter runs under: the active environment's, else python3's own. */
export function pythonPrefix(context: PathContext): string {
  const active = activeEnvironmentPrefix(context.env);
  if (active) return active;
  const python = context.platform === "win32" ? "python" : "python3";
  try {
    return execFileSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8", timeout: 10_000, env: { ...context.env } }).trim();
  } catch (err) {
    throw new Error(`--sys-prefix needs the Python environment Jupyter runs in, but ${python} could not be asked (${(err as Error).message.split("\n")[0]}); activate the environment, or use --prefix`);
  }
}

/** jupyter_core.paths.jupyter_path("kernels"), without Python's user site (the same folder on Linux). */
export function kernelDirectories(context: PathContext): string[] {
  const dirs: string[] = [];
  const jupyterPath = context.env.JUPYTER_PATH;
  if (jupyterPath) dirs.push(...jupyterPath.split(path.delimiter).filter((p) => p !== "").map((p) => p.replace(/[/\\]+$/, "")));
  const user = [jupyterDataDir(context)];
  const system = systemJupyterPath(context);
  const active = activeEnvironmentPrefix(context.env);
  const environment = active ? [path.join(active, "share", "jupyter")].filter((p) => !system.includes(p)) : [];
  if (context.env.JUPYTER_PREFER_ENV_PATH && !/^(0|false|no|off|)$/i.test(context.env.JUPYTER_PREFER_ENV_PATH)) dirs.push(...environment, ...user);
  else dirs.push(...user, ...environment);
  dirs.push(...system);
  return [...new Set(dirs)].map((d) => path.join(d, "kernels"));
}

/** Where `install` puts the kernelspec folder NAME. */
export type InstallPlace = { readonly kind: "user" } | { readonly kind: "sys-prefix" } | { readonly kind: "prefix"; readonly prefix: string } | { readonly kind: "system" };

export function installDirectory(place: InstallPlace, name: string, context: PathContext): string {
  switch (place.kind) {
    case "user":
      return path.join(jupyterDataDir(context), "kernels", name);
    case "sys-prefix":
      return path.join(pythonPrefix(context), "share", "jupyter", "kernels", name);
    case "prefix":
      return path.join(path.resolve(place.prefix), "share", "jupyter", "kernels", name);
    case "system":
      return path.join(systemJupyterPath(context)[0]!, "kernels", name);
  }
}

/** jupyter_client's rule for kernel names: letters, digits, ".", "_" and "-". */
export function kernelNameProblem(name: string): string | undefined {
  return /^[a-z0-9._-]+$/i.test(name) ? undefined : `"${name}" is not a kernel name: use only letters, digits, ".", "_" and "-"`;
}
