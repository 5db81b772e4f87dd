// The page's one way out: window.parabook, set by Electron's preload or by main.ts over a WebSocket. The type is
// the contract's (contract/api.ts); only the page has a window, so the global lives here and not in the contract.

import type { ParabookApi } from "../contract/api.js";

declare global {
  interface Window {
    parabook: ParabookApi;
  }
}
