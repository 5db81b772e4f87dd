// window.parabook for a page served by `parabook serve`: the ParabookApi over a WebSocket to the same server.
// The wire format and the reconnecting client live in kernel/web/ (shared with the server and its tests).

import type { ParabookApi } from "./api.js";
import { connectWireClient, type SocketLike } from "../kernel/web/client.js";

/** The API endpoint of the server that served this page, with the page's token (the cookie also carries it). */
function apiUrl(): string {
  const url = new URL("api", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.search = "";
  const token = new URLSearchParams(window.location.search).get("token");
  if (token) url.searchParams.set("token", token);
  return url.href;
}

export async function connectWebSocketApi(): Promise<ParabookApi> {
  const url = apiUrl();
  const client = await connectWireClient({ connect: () => new WebSocket(url) as unknown as SocketLike });
  return client.api;
}
