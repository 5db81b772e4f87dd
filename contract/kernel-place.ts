// Where a notebook's kernel runs, as text a user types in Settings: this computer, or a Jupyter Server (its address
// and token). Read here once, the same way by the page (which checks a field as it is typed and splits a pasted
// "…/?token=…" address) and by the settings file. Pure: no Node, no DOM (so no URL class: the address is read by
// the grammar below, which is all a Jupyter Server address needs).
//
// A token is a password: no message here ever repeats one, nor an address that may carry one.

export type KernelPlace = "this-computer" | "jupyter-server";

export const KERNEL_PLACES: readonly KernelPlace[] = ["this-computer", "jupyter-server"];

/** The longest token accepted (Jupyter's own are 48 hex digits; JupyterHub's API tokens 32). */
export const JUPYTER_TOKEN_MAX_LENGTH = 4096;

/** Text that cannot be read as a server address, token or kernel name; the message says why. */
export class KernelPlaceTextError extends Error {
  override readonly name = "KernelPlaceTextError";
}

export interface JupyterServerAddress {
  /** http(s)://host[:port]/base/path/ — always ending in "/", so API paths append to it. */
  readonly url: string;
  /** A token found in the pasted address's query (`?token=…`), which belongs in the token setting instead. */
  readonly token?: string;
}

// scheme :// host (a name, IPv4, or [IPv6]) [:port] [/path] [?query] [#fragment]; userinfo ("user:pass@") is
// refused below because a password in an address travels into logs and history.
const ADDRESS = /^(https?):\/\/([^/?#@\s]*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%-]+)(?::(\d{1,5}))?(\/[^?#\s]*)?(\?[^#\s]*)?(#\S*)?$/;

/**
 * Read a Jupyter Server address as a user gives it ("login1:8888" is not enough: the scheme says whether the
 * token travels encrypted). A query's `token=` is taken out and returned apart; any other query, a fragment or a
 * user name is refused, naming what to change.
 */
export function readJupyterServerAddress(text: string): JupyterServerAddress {
  const trimmed = text.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed)?.[1];
  if (scheme === undefined) throw new KernelPlaceTextError("the address must start with http:// or https://");
  if (!/^https?$/i.test(scheme)) throw new KernelPlaceTextError(`the address must start with http:// or https://, not ${scheme.toLowerCase()}:`);
  const m = ADDRESS.exec(trimmed.replace(/^https?/i, (s) => s.toLowerCase()));
  if (!m) throw new KernelPlaceTextError("this is not an address of the form http(s)://HOST[:PORT][/PATH]");
  const [, protocol, userinfo, host, portText, pathText, query, fragment] = m;
  if (userinfo !== undefined) throw new KernelPlaceTextError("the address must not hold a user name or password: give the token in its own field");
  if (host === "") throw new KernelPlaceTextError("the address names no host");
  if (portText !== undefined) {
    const port = Number(portText);
    if (port < 1 || port > 65535) throw new KernelPlaceTextError(`the port must be 1–65535, not ${portText}`);
  }
  if (fragment !== undefined) throw new KernelPlaceTextError("the address must not end in a #fragment");
  let token: string | undefined;
  if (query !== undefined && query !== "?") {
    const parts = query.slice(1).split("&").filter((p) => p !== "");
    const others = parts.filter((p) => !p.startsWith("token="));
    if (others.length > 0) throw new KernelPlaceTextError("the address must not carry a query other than ?token=…");
    const given = parts.map((p) => decodeQueryValue(p.slice("token=".length))).filter((t) => t !== "");
    if (given.length > 1) throw new KernelPlaceTextError("the address carries more than one token");
    token = given[0];
    if (token !== undefined) checkJupyterToken(token);
  }
  const basePath = (pathText ?? "/").endsWith("/") ? (pathText ?? "/") : `${pathText}/`;
  const url = `${protocol}://${host!.toLowerCase()}${portText !== undefined ? `:${Number(portText)}` : ""}${basePath}`;
  return token === undefined ? { url } : { url, token };
}

function decodeQueryValue(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw new KernelPlaceTextError("the token in the address is not validly %-encoded");
  }
}

/**
 * A token as Jupyter sends it in `Authorization: token …`: one word of printable ASCII (an HTTP header value).
 * The message never repeats it.
 */
export function checkJupyterToken(token: string): void {
  if (token.length > JUPYTER_TOKEN_MAX_LENGTH) throw new KernelPlaceTextError(`the token is longer than ${JUPYTER_TOKEN_MAX_LENGTH} characters`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new KernelPlaceTextError("the token must be one word of printable ASCII characters, without spaces");
}

/** A kernelspec's name as Jupyter allows it (letters, digits, `_ . -`), e.g. "parabook" or "calysto_scheme". */
export function isKernelspecName(text: string): boolean {
  return /^[A-Za-z0-9._-]{1,255}$/.test(text);
}

/** Whether the address stays on this machine (loopback): elsewhere a plain http:// carries the token unencrypted. */
export function isLoopbackAddress(url: string): boolean {
  const host = /^https?:\/\/(\[[^\]]+\]|[^:/]+)/.exec(url)?.[1] ?? "";
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
