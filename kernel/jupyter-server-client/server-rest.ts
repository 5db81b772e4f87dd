// A Jupyter Server's REST API, the part a notebook client needs: the kernelspecs, and a kernel's start, interrupt,
// restart and shutdown (https://jupyter-server.readthedocs.io/en/latest/developers/rest-api.html).
//
// The token travels in the `Authorization: token …` header only, never in an address: addresses end up in logs,
// in error messages and in the server's access log. Every failure is a JupyterServerError whose message names the
// server by its address and says what went wrong in words.

/** A kernelspec as GET /api/kernelspecs lists it. */
export interface KernelspecModel {
  readonly name: string;
  readonly spec: {
    readonly argv: readonly string[];
    readonly display_name: string;
    readonly language: string;
    readonly interrupt_mode?: "signal" | "message";
    readonly env?: Readonly<Record<string, string>>;
    readonly metadata?: Readonly<Record<string, unknown>>;
  };
}

export interface KernelspecsListing {
  readonly default: string;
  readonly kernelspecs: Readonly<Record<string, KernelspecModel>>;
}

/** A kernel as the server describes it (POST /api/kernels, GET /api/kernels/{id}). */
export interface KernelModel {
  readonly id: string;
  readonly name: string;
  readonly execution_state?: string;
  readonly connections?: number;
}

/** What went wrong talking to the server; `status` is the HTTP status when the server answered at all. */
export class JupyterServerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "JupyterServerError";
  }
}

export interface ServerAddress {
  /** http(s)://host:port/base/ — ending in "/" (contract/kernel-place.ts reads it so). */
  readonly url: string;
  readonly token: string;
}

/** A REST request that takes longer than this has failed (a kernel's start included: the server answers once the
 *  process is launched). */
const REQUEST_TIMEOUT_MS = 60_000;

export class JupyterServerRest {
  constructor(private readonly server: ServerAddress) {}

  get url(): string {
    return this.server.url;
  }

  /** The headers every request to this server carries (the WebSocket's too). */
  authHeaders(): Record<string, string> {
    return this.server.token === "" ? {} : { Authorization: `token ${this.server.token}` };
  }

  async kernelspecs(): Promise<KernelspecsListing> {
    const listing = await this.request<KernelspecsListing>("GET", "api/kernelspecs", "list its kernels");
    if (typeof listing !== "object" || listing === null || typeof listing.kernelspecs !== "object" || listing.kernelspecs === null) {
      throw new JupyterServerError(`The Jupyter Server at ${this.url} answered GET api/kernelspecs with something that is not a kernelspec listing`);
    }
    return listing;
  }

  async startKernel(name: string): Promise<KernelModel> {
    const kernel = await this.request<KernelModel>("POST", "api/kernels", `start the kernel ${name}`, { name });
    if (typeof kernel?.id !== "string") throw new JupyterServerError(`The Jupyter Server at ${this.url} started the kernel ${name} but did not say its id`);
    return kernel;
  }

  async kernel(id: string): Promise<KernelModel> {
    return this.request<KernelModel>("GET", `api/kernels/${encodeURIComponent(id)}`, "describe the kernel");
  }

  async interruptKernel(id: string): Promise<void> {
    await this.request("POST", `api/kernels/${encodeURIComponent(id)}/interrupt`, "interrupt the kernel");
  }

  async restartKernel(id: string): Promise<KernelModel> {
    return this.request<KernelModel>("POST", `api/kernels/${encodeURIComponent(id)}/restart`, "restart the kernel");
  }

  async shutdownKernel(id: string): Promise<void> {
    await this.request("DELETE", `api/kernels/${encodeURIComponent(id)}`, "shut the kernel down");
  }

  /** The channels WebSocket's address for a kernel (ws: for http:, wss: for https:). */
  channelsUrl(kernelId: string, sessionId: string): string {
    const ws = this.url.replace(/^http/, "ws");
    return `${ws}api/kernels/${encodeURIComponent(kernelId)}/channels?session_id=${encodeURIComponent(sessionId)}`;
  }

  private async request<T = unknown>(method: string, apiPath: string, purpose: string, body?: unknown): Promise<T> {
    const url = this.url + apiPath;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { ...this.authHeaders(), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        // A server behind a login page answers with a redirect: follow none, so the token goes nowhere else.
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new JupyterServerError(`Cannot reach the Jupyter Server at ${this.url} to ${purpose}: ${networkReason(err)}`);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) throw new JupyterServerError(this.refusal(response, text, purpose), response.status);
    if (text === "" || response.status === 204) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new JupyterServerError(`The Jupyter Server at ${this.url} answered ${method} ${apiPath} with something that is not JSON (is the address that of a Jupyter Server?)`);
    }
  }

  private refusal(response: Response, text: string, purpose: string): string {
    const head = `The Jupyter Server at ${this.url} refused to ${purpose}`;
    if (response.status === 401 || response.status === 403) {
      return `${head}: ${response.status} ${response.statusText || "Forbidden"} — ${this.server.token === "" ? "it needs a token (Settings ▸ Kernel)" : "the token was not accepted"}`;
    }
    if (response.status >= 300 && response.status < 400) {
      return `${head}: it redirects (${response.status}) to a login page — is the address the server's own, with its base path?`;
    }
    if (response.status === 404) return `${head}: 404 Not Found — is ${this.url} a Jupyter Server (with its base path)?`;
    // Jupyter Server says why in a JSON body's "message" (and "reason").
    let reason = "";
    try {
      const json = JSON.parse(text) as { message?: unknown; reason?: unknown };
      reason = [json.reason, json.message].filter((s) => typeof s === "string" && s !== "").join(": ");
    } catch {
      // Not JSON: the status says it.
    }
    return `${head}: ${response.status} ${response.statusText}${reason ? ` — ${reason}` : ""}`;
  }
}

/** Why a request did not reach the server, in words (fetch hides the system's reason in `cause`). */
export function networkReason(err: unknown): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error.name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const code = error.cause?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: "connection refused (is the server running, on that port?)",
    ENOTFOUND: "no such host",
    EAI_AGAIN: "the host name could not be looked up",
    ECONNRESET: "the connection was reset",
    EHOSTUNREACH: "the host is unreachable",
    ENETUNREACH: "the network is unreachable",
    ETIMEDOUT: "the connection timed out",
    DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is self-signed",
    CERT_HAS_EXPIRED: "its TLS certificate has expired",
  };
  if (code !== undefined) return words[code] ?? `${code}${error.cause?.message ? ` (${error.cause.message})` : ""}`;
  return error.cause?.message ?? error.message;
}
