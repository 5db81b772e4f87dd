// Light, dark, or whatever the system prefers, followed live.

import type { Theme } from "../../../contract/api.js";

const darkQuery = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
let systemDark = $state(darkQuery?.matches ?? false);
darkQuery?.addEventListener("change", (event) => (systemDark = event.matches));

export function resolvedTheme(theme: Theme): "light" | "dark" {
  return theme === "system" ? (systemDark ? "dark" : "light") : theme;
}
