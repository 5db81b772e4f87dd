// window.parabook for a page served by `parabook serve`: the ParabookApi over a WebSocket to the same server.
// The wire format and the reconnecting client live in contract/wire/ (shared with the server and its tests).
//
// The token comes in the address bar the first time (the URL `parabook serve` printed). The page keeps it in
// this tab's sessionStorage, which is scoped to the origin, port included (a cookie would reach every web server
// on 127.0.0.1), so that a reload still connects; and takes it out of the address bar, so that it stays out of
// the history, bookmarks and screen shares. It goes to the server in the socket's subprotocols (api-socket.ts).

import type { ParabookApi } from "../contract/api.js";
import { apiProtocols } from "../contract/wire/api-socket.js";
import { connectWireClient, type ConnectionState, type SocketLike } from "../contract/wire/client.js";

const TOKEN_KEY = "parabook-token";

/** The page's token: moved from the address bar into sessionStorage on the first load, read from there after. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromAddress = url.searchParams.get("token");
  if (fromAddress === null) return readStoredToken();
  try {
    sessionStorage.setItem(TOKEN_KEY, fromAddress);
  } catch {
    // No storage (a locked-down browser): the token stays in the address bar, or a reload could not connect.
    return fromAddress;
  }
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  return fromAddress;
}

function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The API endpoint of the server that served this page. */
function apiUrl(): string {
  const url = new URL("api", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.search = "";
  url.hash = "";
  return url.href;
}

export async function connectWebSocketApi(token: string | null, onConnectionChange: (state: ConnectionState) => void): Promise<ParabookApi> {
  const url = apiUrl();
  // Without a token the server refuses the socket like a wrong one, and the page says what to open.
  const protocols = apiProtocols(token ?? "");
  const client = await connectWireClient({
    connect: () => new WebSocket(url, protocols) as unknown as SocketLike,
    onConnectionChange,
  });
  return client.api;
}
