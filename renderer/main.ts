// Bootstrap: Electron's preload has set window.parabook already; in a plain browser (`parabook serve`) the same
// API comes over a WebSocket, and the page watches that link (state/connection.svelte.ts). Then the notebook UI
// mounts.

import { mount } from "svelte";
import App from "./src/App.svelte";
import { PageConnection } from "./src/state/connection.svelte.js";
import { connectWebSocketApi, takeToken } from "./ws-client.js";
import "./src/theme.css";
import "katex/dist/katex.min.css";

async function boot(): Promise<void> {
  const target = document.getElementById("app")!;
  let connection: PageConnection | undefined;
  try {
    if (!window.parabook) {
      const page = (connection = new PageConnection());
      window.parabook = await connectWebSocketApi(takeToken(), (state) => (page.state = state));
    }
  } catch (err) {
    target.className = "boot-failure";
    target.setAttribute("role", "alert");
    target.textContent = `Parabook could not reach its host: ${(err as Error).message}${await keptWorkNote(connection)}`;
    return;
  }
  mount(App, { target, props: { api: window.parabook, ...(connection ? { connection } : {}) } });
}

/** A sentence about unsaved work this browser kept from a page that lost the server, if there is some. */
async function keptWorkNote(connection: PageConnection | undefined): Promise<string> {
  const copy = await connection?.rescue.take().catch(() => null);
  if (!copy) return "";
  return `\n\nUnsaved work from ${new Date(copy.savedAt).toLocaleString()} is kept in this browser: it is offered back once this page connects.`;
}

void boot();
