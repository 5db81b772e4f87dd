// Message signatures (Jupyter's HMAC-SHA256 over the header, parent header, metadata and content frames, as
// lowercase hex). A message whose signature does not match the key is not the front end's: it is dropped and
// reported, never run. The comparison takes the same time wherever the first difference is, so a signature
// cannot be guessed byte by byte from the time a refusal takes.

import { createHmac, timingSafeEqual } from "node:crypto";

export class MessageSigner {
  private readonly key: Buffer;

  /** `key` "" means unsigned messages (Jupyter's rule when a connection file has no key). */
  constructor(key: string) {
    this.key = Buffer.from(key, "utf8");
  }

  get signs(): boolean {
    return this.key.length > 0;
  }

  /** The signature of the four signed frames, in order; "" when unsigned. */
  sign(frames: readonly Uint8Array[]): string {
    if (!this.signs) return "";
    const hmac = createHmac("sha256", this.key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest("hex");
  }

  /** Whether `signature` is the one these frames must carry. */
  verify(signature: string, frames: readonly Uint8Array[]): boolean {
    if (!this.signs) return true;
    const expected = Buffer.from(this.sign(frames), "ascii");
    const given = Buffer.from(signature, "ascii");
    // Lengths differ only when the signature is malformed; comparing equal lengths keeps the time constant.
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
