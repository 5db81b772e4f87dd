// Who may connect to a cluster's socket. CURVE alone encrypts and proves the host to a node, but lets in any peer
// that knows the host's public key. ZeroMQ asks a ZAP handler (RFC 27) about every peer, if one listens on
// inproc://zeromq.zap.01 in the socket's context; this one lets in the cluster's node key and nobody else, so a
// peer without it never gets a message through, let alone reaches a kernel.

import { Router, type Context } from "zeromq";
import { z85Decode } from "./curve-keys.js";

const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

export class ZapAuthenticator {
  private readonly socket: Router;
  /** How many peers were turned away (for tests and diagnostics). */
  refused = 0;

  private constructor(
    context: Context,
    private readonly allowedKey: Buffer,
    private readonly onRefused: (address: string) => void,
  ) {
    this.socket = new Router({ context, linger: 0 });
  }

  /** Starts answering for `context`: one authenticator per context, before its sockets bind. */
  static async start(context: Context, nodePublicKey: string, onRefused: (address: string) => void): Promise<ZapAuthenticator> {
    const authenticator = new ZapAuthenticator(context, z85Decode(nodePublicKey), onRefused);
    await authenticator.socket.bind(ZAP_ENDPOINT);
    void authenticator.serve();
    return authenticator;
  }

  private async serve(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        // routing id, empty delimiter, then the request: version, request id, domain, address, identity, mechanism,
        // credentials (for CURVE: the client's 32-byte public key).
        const [peer, delimiter, version, requestId, , address, , mechanism, key] = frames;
        if (!peer || !delimiter || !requestId) continue;
        const allowed = version?.toString() === "1.0" && mechanism?.toString() === "CURVE" && key !== undefined && key.equals(this.allowedKey);
        if (!allowed) {
          this.refused++;
          this.onRefused(address?.toString() ?? "an unknown address");
        }
        await this.socket.send([peer, delimiter, "1.0", requestId, allowed ? "200" : "400", allowed ? "OK" : "not this cluster's key", "", ""]);
      }
    } catch {
      // Closed: the cluster is gone.
    }
  }

  close(): void {
    this.socket.close();
  }
}
