// Placeholder until issue 4 lands this sub-command.
export async function serveCommand(_argv: string[]): Promise<number> {
  process.stderr.write("parabook: this command is not built yet (issue 4)\n");
  return 2;
}
