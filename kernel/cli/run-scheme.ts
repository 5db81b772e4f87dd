// Placeholder until issue 2 lands this sub-command.
export async function runSchemeCommand(_argv: string[]): Promise<number> {
  process.stderr.write("parabook: this command is not built yet (issue 2)\n");
  return 2;
}
