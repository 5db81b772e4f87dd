// Which Parabook this is: a host and a node must run the same one, since the kernel protocol, the language and the
// codec change between versions without notice. Read from the installation's package.json, the one place the
// version is written.

import { readFileSync } from "node:fs";

function readVersion(): string {
  const packageJson = new URL("../../../../package.json", import.meta.url);
  const version = (JSON.parse(readFileSync(packageJson, "utf8")) as { version?: unknown }).version;
  if (typeof version !== "string") throw new Error(`${packageJson.pathname} names no version`);
  return version;
}

export const PARABOOK_VERSION: string = readVersion();
