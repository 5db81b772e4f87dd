// Builds the notebook UI into dist/renderer. Both hosts load it from there: Electron through its custom protocol,
// `parabook serve` over HTTP. base "./" keeps every asset URL relative so either origin works.
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL("../dist/renderer", import.meta.url)),
    // tsc also compiles the renderer's pure modules (and their tests) into dist/renderer; only replace the page
    // and its assets, never the whole folder.
    emptyOutDir: false,
    assetsDir: "assets",
    // No eval, no inline scripts: the page's CSP forbids both.
    modulePreload: { polyfill: false },
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
});
