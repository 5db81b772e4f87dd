#!/usr/bin/env node
// The `parabook` command. The TypeScript sources are compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/kernel/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error("parabook: dist/ is missing; run `npm run build` in the project folder first.");
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
