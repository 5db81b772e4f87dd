// Where `parabook serve` keeps its settings, recent files and backups. Electron uses app.getPath("userData").

import * as os from "node:os";
import * as path from "node:path";

/** PARABOOK_CONFIG_DIR, else $XDG_CONFIG_HOME/parabook, else ~/.config/parabook (XDG's default). */
export function configDirectory(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  if (env.PARABOOK_CONFIG_DIR) return path.resolve(env.PARABOOK_CONFIG_DIR);
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, ".config");
  return path.join(base, "parabook");
}
