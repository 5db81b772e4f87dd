// `parabook` command line: dispatches to the sub-command modules. Each returns the process exit code.

import { exitQuietlyWhenStdoutCloses } from "./closed-stdout.js";

const USAGE = `Usage:
  parabook run FILE.scm                      evaluate a Scheme file, printing what it writes
  parabook run NOTEBOOK.ipynb [--nodes N] [--output OUT.ipynb] [--allow-errors] [--timeout S]
               [--launcher local|slurm|mpi|ssh] [--hosts H:N,…] [--hostfile F] [--launcher-args "…"]
               [--listen ADDR:PORT]
                                             run a notebook headless, its nodes here or through a launcher
  parabook serve [--port P] [--notebook-dir D] [--token T] [NOTEBOOK.ipynb]
                                             serve the notebook UI on 127.0.0.1
                                             (PARABOOK_TOKEN=T fixes the token too)
  parabook node --connect tcp://HOST:PORT [--rank R --size N] [--keys-file F]
                                             one node of a cluster whose host runs elsewhere
                                             (started by srun, mpiexec, ssh, or by hand)
  parabook kernel -f CONNECTION_FILE         a Jupyter kernel (started by Jupyter, from the kernelspec)
  parabook kernelspec install [--user | --sys-prefix | --prefix P] [--name NAME]
  parabook kernelspec list | remove NAME     "Parabook Scheme" in Jupyter's kernel list
  parabook --help | --version`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run": {
      const file = rest.find((a) => !a.startsWith("-"));
      if (file === undefined) {
        process.stderr.write(`parabook run: which file?\n${USAGE}\n`);
        return 2;
      }
      exitQuietlyWhenStdoutCloses();
      if (rest.some((a) => a.endsWith(".ipynb"))) return (await import("./run-notebook.js")).runNotebookCommand(rest);
      return (await import("./run-scheme.js")).runSchemeCommand(rest);
    }
    case "serve":
      return (await import("./serve.js")).serveCommand(rest);
    case "node":
      return (await import("./node.js")).nodeCommand(rest);
    case "kernel":
      return (await import("./kernel.js")).kernelCommand(rest);
    case "kernelspec":
      return (await import("./kernelspec.js")).kernelspecCommand(rest);
    case "--version":
    case "-v":
      process.stdout.write("parabook 0.1.0\n");
      return 0;
    case undefined:
    case "--help":
    case "-h":
      process.stdout.write(USAGE + "\n");
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`parabook: unknown command '${command}'\n${USAGE}\n`);
      return 2;
  }
}
