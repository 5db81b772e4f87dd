// Who the main process listens to and where a window may go: the pure decisions behind the IPC sender checks,
// the navigation and new-window blocks, and shell.openExternal. Electron-free so the tests can exercise them.

import { APP_HOST, APP_SCHEME } from "./app-protocol.js";

/** True for pages of the app itself (parabook-app://app/…), the only origin allowed to call the API. */
export function isAppUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The link to hand to the system browser, or null when it must not be opened: only http(s) links, never
 * file:, javascript:, custom schemes of other apps (which could launch programs), nor links with credentials.
 */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  if (parsed.username !== "" || parsed.password !== "") return null;
  return parsed.href;
}

/** What an IPC handler knows about the frame that called it. */
export interface SenderFacts {
  /** The calling frame's URL; undefined when the frame is already gone (navigated away or destroyed). */
  readonly frameUrl: string | undefined;
  /** Whether the calling frame is its page's top frame (subframes never get the API). */
  readonly isMainFrame: boolean;
  /** Whether the sending web contents is one of the app's notebook windows. */
  readonly isAppWindow: boolean;
}

/** Why a call must be refused, or null when it comes from an app window's own top frame. */
export function senderProblem(sender: SenderFacts): string | null {
  if (!sender.isAppWindow) return "it does not come from a Parabook window";
  if (sender.frameUrl === undefined) return "the calling page is gone";
  if (!sender.isMainFrame) return "it comes from a subframe";
  if (!isAppUrl(sender.frameUrl)) return `it comes from ${sender.frameUrl}, not from the app`;
  return null;
}
