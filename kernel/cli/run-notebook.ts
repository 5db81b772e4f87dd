// Placeholder until issue 3 lands this sub-command.
export async function runNotebookCommand(_argv: string[]): Promise<number> {
  process.stderr.write("parabook: this command is not built yet (issue 3)\n");
  return 2;
}
