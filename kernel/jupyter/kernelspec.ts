// Parabook's kernelspec: the folder Jupyter's launchers read (kernel.json and the logos) to start `parabook
// kernel`. kernel.json names this Node and this installation's bin/parabook.js by absolute path, so the kernel
// starts the same from JupyterLab, VS Code or nbclient whatever their PATH; `interrupt_mode: "message"` makes the
// front ends interrupt with interrupt_request on the control channel (reaching every node), not with a signal.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic, fsErrorReason } from "../files/atomic-file.js";
import { readJsonFile } from "../files/json-file.js";
import { NODES_VARIABLE } from "./node-count.js";
import { installDirectory, kernelDirectories, kernelNameProblem, type InstallPlace, type PathContext } from "./jupyter-paths.js";

export const DEFAULT_KERNEL_NAME = "parabook";
export const DISPLAY_NAME = "Parabook Scheme";

/** The installation's root (the folder with package.json), from dist/kernel/jupyter/. */
const PACKAGE_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const PARABOOK_BIN = path.join(PACKAGE_ROOT, "bin", "parabook.js");
const LOGOS = ["logo-32x32.png", "logo-64x64.png"].map((name) => ({ name, source: path.join(PACKAGE_ROOT, "build", name) }));

export interface KernelJson {
  readonly argv: readonly string[];
  readonly display_name: string;
  readonly language: string;
  readonly interrupt_mode: "message";
  readonly metadata: { readonly parabook: { readonly version: string } };
  /** Set for the kernel by the front end: PARABOOK_NODES when the kernelspec was installed with --nodes. */
  readonly env?: { readonly [NODES_VARIABLE]: string };
}

export function kernelJson(version: string, node = process.execPath, bin = PARABOOK_BIN, nodes?: number): KernelJson {
  return {
    argv: [node, bin, "kernel", "-f", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "scheme",
    interrupt_mode: "message",
    metadata: { parabook: { version } },
    ...(nodes === undefined ? {} : { env: { [NODES_VARIABLE]: String(nodes) } }),
  };
}

export class KernelspecError extends Error {
  override readonly name = "KernelspecError";
}

/** Write the kernelspec folder; resolves with where it went. Replaces a kernelspec of the same name there. */
export async function installKernelspec(options: {
  readonly place: InstallPlace;
  readonly name: string;
  readonly version: string;
  readonly context: PathContext;
  /** The cluster size the kernel's %parallel uses when its line does not say (default: the user's Settings). */
  readonly nodes?: number;
}): Promise<string> {
  const problem = kernelNameProblem(options.name);
  if (problem) throw new KernelspecError(problem);
  const dir = installDirectory(options.place, options.name, options.context);
  const hint = options.place.kind === "system" ? " (install for yourself alone with --user)" : "";
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    throw new KernelspecError(`Cannot make the folder ${dir}: ${fsErrorReason(err as NodeJS.ErrnoException)}${hint}`);
  }
  try {
    await writeFileAtomic(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(options.version, undefined, undefined, options.nodes), null, 1) + "\n");
    for (const logo of LOGOS) await writeFileAtomic(path.join(dir, logo.name), await fs.readFile(logo.source));
  } catch (err) {
    throw new KernelspecError(`${(err as Error).message}${hint}`);
  }
  return dir;
}

export interface FoundKernelspec {
  readonly name: string;
  readonly dir: string;
  /** Whether its kernel.json starts `parabook kernel`. */
  readonly parabook: boolean;
}

/** Every kernelspec Jupyter would find, first location winning, sorted by name (as `jupyter kernelspec list`). */
export async function listKernelspecs(context: PathContext): Promise<FoundKernelspec[]> {
  const found = new Map<string, FoundKernelspec>();
  for (const kernels of kernelDirectories(context)) {
    const entries = await fs.readdir(kernels, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (found.has(entry.name) || kernelNameProblem(entry.name)) continue;
      const dir = path.join(kernels, entry.name);
      const json = await readJsonFile(path.join(dir, "kernel.json")).catch(() => undefined);
      if (json === undefined) continue;
      found.set(entry.name, { name: entry.name, dir, parabook: isParabookKernelJson(json) });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function isParabookKernelJson(json: unknown): boolean {
  const argv = (json as { argv?: unknown })?.argv;
  return Array.isArray(argv) && argv.some((a, i) => typeof a === "string" && /parabook(\.js)?$/.test(a) && argv[i + 1] === "kernel");
}

/** Remove the kernelspec NAME Jupyter would use; only Parabook's own (others belong to their kernels' tools). */
export async function removeKernelspec(name: string, context: PathContext): Promise<string> {
  const spec = (await listKernelspecs(context)).find((k) => k.name === name);
  if (!spec) throw new KernelspecError(`There is no kernelspec named ${name} (see parabook kernelspec list)`);
  if (!spec.parabook) throw new KernelspecError(`${spec.dir} is not a Parabook kernelspec; remove it with jupyter kernelspec remove ${name}`);
  try {
    await fs.rm(spec.dir, { recursive: true });
  } catch (err) {
    throw new KernelspecError(`Cannot remove ${spec.dir}: ${fsErrorReason(err as NodeJS.ErrnoException)}`);
  }
  return spec.dir;
}
