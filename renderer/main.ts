// Bootstrap: Electron's preload has set window.parabook already; in a plain browser (`parabook serve`) the same
// API comes over a WebSocket. Then the notebook UI mounts.

import { mount } from "svelte";
import App from "./src/App.svelte";
import { connectWebSocketApi } from "./ws-client.js";
import "./src/theme.css";
import "katex/dist/katex.min.css";

async function boot(): Promise<void> {
  const target = document.getElementById("app")!;
  try {
    if (!window.parabook) window.parabook = await connectWebSocketApi();
  } catch (err) {
    target.className = "boot-failure";
    target.setAttribute("role", "alert");
    target.textContent = `Parabook could not reach its host: ${(err as Error).message}`;
    return;
  }
  mount(App, { target, props: { api: window.parabook } });
}

void boot();
