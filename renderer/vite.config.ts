// Builds the notebook UI into dist/renderer. Both hosts load it from there: Electron through its custom protocol,
// `parabook serve` over HTTP. base "./" keeps every asset URL relative so either origin works.
import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";
import { rmSync } from "node:fs";

const root = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../dist/renderer", import.meta.url));

/** tsc also writes the renderer's pure modules (and their tests) into dist/renderer, so the folder is not
 * emptied; only the previous build's hashed assets go, so stale bundles never pile up or ship. */
function removeOldAssets(): Plugin {
  return {
    name: "parabook-remove-old-assets",
    apply: "build",
    buildStart() {
      rmSync(`${outDir}/assets`, { recursive: true, force: true });
    },
  };
}

export default defineConfig({
  root,
  base: "./",
  plugins: [svelte(), removeOldAssets()],
  build: {
    outDir,
    emptyOutDir: false,
    assetsDir: "assets",
    // No eval, no inline scripts: the page's CSP forbids both.
    modulePreload: { polyfill: false },
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
});
