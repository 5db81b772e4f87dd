// `parabook kernelspec install [--user | --sys-prefix | --prefix P] [--name NAME]`, `parabook kernelspec list`,
// `parabook kernelspec remove NAME`: Parabook as a kernel Jupyter's front ends offer ("Parabook Scheme").
// `--name calysto_scheme` lets notebooks saved with Calysto Scheme open with Parabook unchanged.

import { currentContext, type InstallPlace, type PathContext } from "../jupyter/jupyter-paths.js";
import { DEFAULT_KERNEL_NAME, installKernelspec, KernelspecError, listKernelspecs, removeKernelspec } from "../jupyter/kernelspec.js";
import { PARABOOK_VERSION } from "../cluster/remote/version.js";
import { NodeCountError, parseNodeCount } from "../jupyter/node-count.js";

const USAGE = `Usage:
  parabook kernelspec install [--user | --sys-prefix | --prefix P] [--name NAME] [--nodes N]
                                   make "Parabook Scheme" a Jupyter kernel (default: for every user of this
                                   machine; --user: for you alone; --name calysto_scheme: open Calysto Scheme
                                   notebooks with Parabook; --nodes N: %parallel's cluster size when its line
                                   does not say, instead of the one in Parabook's Settings)
  parabook kernelspec list         the kernels Jupyter finds, and where
  parabook kernelspec remove NAME  remove a Parabook kernelspec`;

class UsageError extends Error {}

function nodeCount(text: string): number {
  try {
    return parseNodeCount(text, "--nodes");
  } catch (err) {
    throw err instanceof NodeCountError ? new UsageError(err.message) : err;
  }
}

export function parseInstallArguments(argv: readonly string[]): { place: InstallPlace; name: string; nodes?: number } {
  let place: InstallPlace | undefined;
  let name = DEFAULT_KERNEL_NAME;
  let nodes: number | undefined;
  const setPlace = (p: InstallPlace, flag: string): void => {
    if (place) throw new UsageError(`${flag}: choose one of --user, --sys-prefix and --prefix`);
    place = p;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--user") setPlace({ kind: "user" }, arg);
    else if (arg === "--sys-prefix") setPlace({ kind: "sys-prefix" }, arg);
    else if (arg === "--prefix") setPlace({ kind: "prefix", prefix: value() }, arg);
    else if (arg === "--name") name = value();
    else if (arg === "--nodes") nodes = nodeCount(value());
    else throw new UsageError(`unknown argument ${arg}`);
  }
  return { place: place ?? { kind: "system" }, name, ...(nodes === undefined ? {} : { nodes }) };
}

export async function kernelspecCommand(
  argv: readonly string[],
  context: PathContext = currentContext(),
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    switch (sub) {
      case "install": {
        const { place, name, nodes } = parseInstallArguments(rest);
        const dir = await installKernelspec({ place, name, version: PARABOOK_VERSION, context, ...(nodes === undefined ? {} : { nodes }) });
        out(`Installed kernelspec ${name} in ${dir}\n`);
        return 0;
      }
      case "list": {
        if (rest.length > 0) throw new UsageError(`list takes no arguments (got ${rest.join(" ")})`);
        const specs = await listKernelspecs(context);
        const width = Math.max(0, ...specs.map((s) => s.name.length));
        out("Available kernels:\n" + specs.map((s) => `  ${s.name.padEnd(width)}    ${s.dir}\n`).join(""));
        return 0;
      }
      case "remove": {
        if (rest.length !== 1) throw new UsageError("remove takes one kernel name");
        const dir = await removeKernelspec(rest[0]!, context);
        out(`Removed ${dir}\n`);
        return 0;
      }
      default:
        throw new UsageError(sub === undefined ? "install, list or remove?" : `unknown sub-command ${sub}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`parabook kernelspec: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof KernelspecError || e instanceof Error) {
      // KernelspecError says what went wrong and where; any other failure is reported the same way, in words.
      err(`parabook kernelspec: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
