// The web page's link to `parabook serve`, for the page to show and to keep unsaved work through: whether the
// server is reachable and accepts the page's token, and the browser's copy of unsaved work (rescue-store.ts).
// Only the web host has one: Electron's window and its host live and die together.

import type { ConnectionState } from "../../../contract/wire/client.js";
import { RescueStore } from "./rescue-store.js";

export class PageConnection {
  state = $state<ConnectionState>("connected");
  readonly rescue = new RescueStore();
  /** Where this page is served, to name in messages ("http://127.0.0.1:8890"). */
  readonly origin = window.location.origin;
}
