// How a page opens the API WebSocket of `parabook serve`, shared by the server, the page and the tests.
//
// The token travels in the Sec-WebSocket-Protocol header of the upgrade, as a second subprotocol beside
// "parabook" (the one the server selects, so the token is never echoed back). Not in a cookie: cookies are not
// isolated by port, so every other web server on 127.0.0.1 would receive it. Not in the socket's URL either,
// where it would sit in logs and proxies' memory. A page gets the token from the URL `parabook serve` printed,
// once, and keeps it in its own sessionStorage (renderer/ws-client.ts). Pure: the renderer bundles it.

/** The subprotocol the server selects. */
export const API_PROTOCOL = "parabook";

const TOKEN_PROTOCOL_PREFIX = "parabook-token.";

/** The close code of a socket whose token was missing or wrong (in the 4000–4999 range left to applications). */
export const TOKEN_REFUSED = 4401;

/** The subprotocols a page offers: the API's and the one carrying its token. */
export function apiProtocols(token: string): string[] {
  return [API_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** The token a Sec-WebSocket-Protocol header offers, or null. */
export function tokenFromProtocols(header: string | undefined): string | null {
  for (const protocol of (header ?? "").split(",")) {
    const name = protocol.trim();
    if (name.startsWith(TOKEN_PROTOCOL_PREFIX)) return name.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return null;
}

/**
 * What is wrong with a token given by the user (`--token`, PARABOOK_TOKEN), or null. It must be a valid
 * subprotocol name and a URL query value without escaping, and long enough not to be guessed.
 */
export function tokenProblem(token: string): string | null {
  if (!/^[A-Za-z0-9._~-]*$/.test(token)) return "a token may hold only letters, digits and . _ ~ -";
  if (token.length < 16) return `a token needs at least 16 characters (it guards the notebooks and the kernels), not ${token.length}`;
  return null;
}
