// The one wire format between `parabook serve` and the browser (renderer/ws-client.ts): JSON text frames.
//   browser → server   request   { id, method, args }
//   server → browser   response  { id, ok: true, value } | { id, ok: false, error: { name, message } }
//                      event     { event }          (every ParabookEvent, to every connected page)
//                      welcome   { welcome: true }  (first, once the page's token is accepted: see api-socket.ts)
// Pure (no Node imports): the renderer bundles it. Every method of ParabookApi that crosses the wire is listed in
// ARGUMENT_CHECKS, whose type forces the list to be complete, and each argument is checked before the host sees it.

import type { ParabookApi, ParabookEvent } from "../api.js";

/** The ParabookApi methods that are requests (the rest are local to each side). */
export type ApiMethod = Exclude<keyof ParabookApi, "shell" | "onEvent" | "onMenuCommand">;
export type ApiArgs<M extends ApiMethod> = Parameters<ParabookApi[M]>;
export type ApiValue<M extends ApiMethod> = Awaited<ReturnType<ParabookApi[M]>>;

export interface WireRequest {
  readonly id: number;
  readonly method: ApiMethod;
  readonly args: readonly unknown[];
}

export interface WireError {
  readonly name: string;
  readonly message: string;
}

export type WireResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

export interface WireEvent {
  readonly event: ParabookEvent;
}

/** The server's first message on a connection: the token was accepted, requests may follow. */
export interface WireWelcome {
  readonly welcome: true;
}

export type ServerMessage = WireResponse | WireEvent | WireWelcome;

/** A message that breaks the wire format; `id` is set when the request could still be answered. */
export class WireFormatError extends Error {
  constructor(
    message: string,
    readonly id?: number,
  ) {
    super(message);
    this.name = "WireFormatError";
  }
}

// ----- Argument checks ---------------------------------------------------------------------------------------

/** Returns what is wrong with one argument, or null when it is acceptable. */
type ArgCheck = (value: unknown) => string | null;

const isPlainObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

const aString: ArgCheck = (v) => (typeof v === "string" ? null : "a string");
const aBoolean: ArgCheck = (v) => (typeof v === "boolean" ? null : "true or false");
const anObject: ArgCheck = (v) => (isPlainObject(v) ? null : "an object");
const aCursor: ArgCheck = (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? null : "a whole number ≥ 0");
const aNotebook: ArgCheck = (v) => (isPlainObject(v) && Array.isArray((v as { cells?: unknown }).cells) ? null : "a notebook");
const optional =
  (check: ArgCheck): ArgCheck =>
  (v) =>
    v === undefined || v === null ? null : check(v);
const nullable = optional;

/** One check per parameter, optional ones included (a homomorphic mapped type keeps the tuple's length). */
type ChecksFor<Params extends readonly unknown[]> = { readonly [I in keyof Params]-?: ArgCheck };

/** What each argument of each method must be; the mapped type makes a forgotten method or argument a compile error. */
const ARGUMENT_CHECKS: { readonly [M in ApiMethod]: ChecksFor<ApiArgs<M>> } = {
  openNotebook: [optional(aString)],
  saveNotebook: [aNotebook, optional(aString), optional(anObject)],
  listDirectory: [aString],
  recentFiles: [],
  initialNotebook: [],
  writeBackup: [aNotebook, nullable(aString)],
  takeBackup: [],
  clearBackup: [],
  setDirty: [aBoolean, aString],
  execute: [aString, aString],
  interrupt: [],
  answerInput: [aString, aString],
  restart: [],
  complete: [aString, aCursor],
  removeStickyMagic: [aString],
  getSettings: [],
  setSettings: [anObject],
  clusterStatus: [],
  startCluster: [],
  kernels: [],
};

export const API_METHODS: readonly ApiMethod[] = Object.keys(ARGUMENT_CHECKS) as ApiMethod[];

function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(ARGUMENT_CHECKS, name);
}

/** Throws a WireFormatError naming the method and the argument when `args` do not fit `method`. */
export function checkArguments(method: ApiMethod, args: readonly unknown[], id?: number): void {
  const checks = ARGUMENT_CHECKS[method] as readonly ArgCheck[];
  if (args.length > checks.length) {
    throw new WireFormatError(`${method} takes at most ${checks.length} argument(s), got ${args.length}`, id);
  }
  checks.forEach((check, i) => {
    const wanted = check(args[i]);
    if (wanted !== null) throw new WireFormatError(`${method}: argument ${i + 1} must be ${wanted}`, id);
  });
}

// ----- Parsing -----------------------------------------------------------------------------------------------

function parseJson(text: unknown): Record<string, unknown> {
  if (typeof text !== "string") throw new WireFormatError("expected a JSON text frame");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new WireFormatError(`not JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(json)) throw new WireFormatError("expected a JSON object");
  return json as Record<string, unknown>;
}

const isId = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/** Server side: a request from the page, with its arguments checked. */
export function parseRequest(text: unknown): WireRequest {
  const json = parseJson(text);
  if (!isId(json.id)) throw new WireFormatError("a request needs a numeric id");
  const id = json.id;
  if (!isApiMethod(json.method)) throw new WireFormatError(`unknown method ${JSON.stringify(json.method)}`, id);
  if (!Array.isArray(json.args)) throw new WireFormatError(`${json.method}: args must be a list`, id);
  checkArguments(json.method, json.args, id);
  return { id, method: json.method, args: json.args };
}

/** Browser side: a response or an event from the server. */
export function parseServerMessage(text: unknown): ServerMessage {
  const json = parseJson(text);
  if (isPlainObject(json.event) && typeof (json.event as { type?: unknown }).type === "string") {
    return { event: json.event as ParabookEvent };
  }
  if (json.welcome === true) return { welcome: true };
  if (!isId(json.id)) throw new WireFormatError("a response needs a numeric id");
  if (json.ok === true) return { id: json.id, ok: true, value: json.value };
  const error = isPlainObject(json.error) ? (json.error as Partial<WireError>) : {};
  return {
    id: json.id,
    ok: false,
    error: {
      name: typeof error.name === "string" ? error.name : "Error",
      message: typeof error.message === "string" ? error.message : "The server gave no reason",
    },
  };
}

/** How an exception thrown by the host travels: its name and message, never its stack. */
export function toWireError(err: unknown): WireError {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: "Error", message: String(err) };
}

export const encode = (message: WireRequest | ServerMessage): string => JSON.stringify(message);
