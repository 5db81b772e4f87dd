// `parabook kernel -f CONNECTION_FILE`: Parabook as a Jupyter kernel (kernel/jupyter/), started by Jupyter's
// launchers from the kernelspec. Runs until a shutdown request, SIGTERM, or its parent's end.

const USAGE = "Usage: parabook kernel -f CONNECTION_FILE";

export async function kernelCommand(argv: string[]): Promise<number> {
  const file = argv[0] === "-f" || argv[0] === "--connection-file" ? argv[1] : undefined;
  if (file === undefined || argv.length !== 2) {
    process.stderr.write(`parabook kernel: which connection file?\n${USAGE}\n`);
    return 2;
  }
  process.stderr.write("parabook kernel: not yet\n");
  return 1;
}
