// The IPC contract between the preload (preload.cts) and the main process (main.ts). The requests are exactly the
// web host's (contract/wire/messages.ts: the method list, whose type covers every ParabookApi request, and the argument
// checks), so both hosts accept the same calls; each gets its own channel. Main pushes on two more channels.
//
// The sandboxed preload cannot import this file at run time (its require knows only "electron"), so it spells the
// channel names itself, typed with the literal types below: a rename here is a compile error there, and
// preload.test.ts runs the compiled preload against this contract.

import type { CommandId } from "../contract/commands.js";
import type { ParabookEvent } from "../contract/api.js";
import type { ApiMethod, WireError } from "../contract/wire/messages.js";

export type InvokeChannel<M extends ApiMethod = ApiMethod> = `parabook:${M}`;

export function invokeChannel<M extends ApiMethod>(method: M): InvokeChannel<M> {
  return `parabook:${method}`;
}

/** Main → page: every ParabookEvent of the window's session, settings and files. */
export const EVENT_CHANNEL = "parabook-push:event";
/** Main → page: a command chosen in a native menu, by its id in the command registry (contract/commands.ts). */
export const MENU_CHANNEL = "parabook-push:menu";

export type EventPayload = ParabookEvent;
export type MenuPayload = CommandId;

/**
 * What every request resolves to. Handlers never throw: ipcRenderer.invoke would turn the error into
 * "Error invoking remote method 'parabook:x': Error: …", and the UI shows messages as they are.
 */
export type InvokeOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: WireError };
