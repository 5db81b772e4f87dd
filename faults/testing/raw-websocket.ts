// A WebSocket client written by hand over a net.Socket, for the frames that ws and browsers never send: invalid
// UTF-8, reserved opcodes, bad close codes, unmasked frames, frames larger than the server accepts. It does a real
// upgrade (so the server has accepted and authenticated the connection) and then writes bytes as they are told.
// Only what the fault tests need: server frames are parsed just far enough to find the close frame (RFC 6455 §5.2).

import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export interface RawFrame {
  readonly opcode: number;
  readonly payload: Buffer;
  /** Clients must mask (RFC 6455 §5.3); false writes the frame unmasked. */
  readonly masked?: boolean;
  /** The length the header claims, when it should differ from the payload's (a frame larger than what follows). */
  readonly declaredLength?: number;
}

export interface Closed {
  /** The code of the server's close frame, or null when it dropped the connection without one. */
  readonly code: number | null;
  readonly reason: string;
}

export class RawWebSocket {
  /** Resolves when the TCP connection has ended, with the close frame the server sent before, if any. */
  readonly closed: Promise<Closed>;
  private pending = Buffer.alloc(0);
  private closeFrame: Closed | null = null;

  private constructor(
    private readonly socket: Socket,
    rest: Buffer,
  ) {
    this.closed = new Promise((resolve) => {
      socket.on("close", () => resolve(this.closeFrame ?? { code: null, reason: "" }));
    });
    socket.on("error", () => undefined); // a reset after the server's close is expected; "close" follows
    socket.on("data", (data: Buffer) => this.receive(data));
    this.receive(rest);
  }

  /** Upgrades GET /api on 127.0.0.1:port with these headers; rejects with the status line if refused. */
  static open(port: number, headers: Readonly<Record<string, string>>, target = "/api"): Promise<RawWebSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      const request = [
        `GET ${target} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
        "Sec-WebSocket-Version: 13",
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
        "",
        "",
      ].join("\r\n");
      let head = Buffer.alloc(0);
      const onData = (data: Buffer) => {
        head = Buffer.concat([head, data]);
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) return;
        socket.off("data", onData);
        socket.off("error", reject);
        const statusLine = head.subarray(0, head.indexOf("\r\n")).toString("latin1");
        if (!statusLine.startsWith("HTTP/1.1 101")) {
          socket.destroy();
          reject(new Error(`upgrade refused: ${statusLine}`));
          return;
        }
        resolve(new RawWebSocket(socket, head.subarray(end + 4)));
      };
      socket.on("data", onData);
      socket.once("error", reject);
      socket.write(request);
    });
  }

  send(frame: RawFrame): void {
    const masked = frame.masked ?? true;
    const length = frame.declaredLength ?? frame.payload.length;
    const header: number[] = [0x80 | frame.opcode]; // FIN set, no extension bits
    const maskBit = masked ? 0x80 : 0;
    if (length < 126) header.push(maskBit | length);
    else if (length < 65536) header.push(maskBit | 126, length >> 8, length & 0xff);
    else {
      const big = Buffer.alloc(8);
      big.writeBigUInt64BE(BigInt(length));
      header.push(maskBit | 127, ...big);
    }
    let payload = frame.payload;
    if (masked) {
      const mask = randomBytes(4);
      header.push(...mask);
      payload = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
    }
    this.socket.write(Buffer.concat([Buffer.from(header), payload]));
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Skips the server's data frames; remembers its close frame. */
  private receive(data: Buffer): void {
    this.pending = Buffer.concat([this.pending, data]);
    for (;;) {
      if (this.pending.length < 2) return;
      const opcode = this.pending[0]! & 0x0f;
      let length = this.pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.pending.length < 4) return;
        length = this.pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.pending.length < 10) return;
        length = Number(this.pending.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.pending.length < offset + length) return;
      const payload = this.pending.subarray(offset, offset + length);
      if (opcode === 0x8) {
        this.closeFrame = payload.length >= 2 ? { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString("utf8") } : { code: null, reason: "" };
      }
      this.pending = this.pending.subarray(offset + length);
    }
  }
}
