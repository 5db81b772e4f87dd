// Jupyter messages as ZeroMQ frames (the wire protocol):
//   [routing ids…] "<IDS|MSG>" signature header parent_header metadata content [buffers…]
// The routing ids (ROUTER sockets put the sender's in front) are kept to address the reply. Parsing checks the
// signature before anything is read as JSON, so an unsigned or badly signed message never reaches a handler.

import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { PROTOCOL_VERSION, type JsonObject, type JupyterMessage, type MessageHeader, type MessageType } from "../../contract/jupyter/messages.js";
import type { MessageSigner } from "./signing.js";

export const DELIMITER = "<IDS|MSG>";

/** A message as it arrived: the routing ids to answer through, and the message. */
export interface Received {
  readonly identities: readonly Buffer[];
  readonly message: IncomingMessage;
}

/** What a front end sent: its type is whatever it says (unknown ones are answered by name or ignored). */
export interface IncomingMessage {
  readonly header: MessageHeader<string>;
  readonly parent_header: JsonObject;
  readonly metadata: JsonObject;
  readonly content: JsonObject;
  readonly buffers: readonly Buffer[];
}

/** Why a message was dropped, for the kernel's stderr. */
export class WireError extends Error {
  override readonly name = "WireError";
}

function parseObject(frame: Buffer, what: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch (err) {
    throw new WireError(`its ${what} is not JSON (${(err as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new WireError(`its ${what} is not a JSON object`);
  return value as JsonObject;
}

export function parseFrames(frames: readonly Buffer[], signer: MessageSigner): Received {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString("latin1") === DELIMITER);
  if (at < 0) throw new WireError(`it has no ${DELIMITER} delimiter frame`);
  if (frames.length < at + 6) throw new WireError(`it has ${frames.length - at - 1} frames after the delimiter, not at least 5`);
  const signature = frames[at + 1]!.toString("ascii");
  const signed = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, signed)) {
    throw new WireError(signature === "" ? "it is not signed" : "its signature does not match the connection file's key");
  }
  const header = parseObject(signed[0]!, "header");
  for (const field of ["msg_id", "msg_type"] as const) {
    if (typeof header[field] !== "string") throw new WireError(`its header has no ${field}`);
  }
  return {
    identities: frames.slice(0, at),
    message: {
      header: header as unknown as MessageHeader<string>,
      parent_header: parseObject(signed[1]!, "parent header"),
      metadata: parseObject(signed[2]!, "metadata"),
      content: parseObject(signed[3]!, "content"),
      buffers: frames.slice(at + 6),
    },
  };
}

/** The kernel's side of the conversation: its session id and how it names itself in headers. */
export class MessageFactory {
  readonly session = randomUUID();
  private readonly username = safeUsername();

  constructor(readonly signer: MessageSigner) {}

  header<T extends MessageType>(msgType: T): MessageHeader<T> {
    return { msg_id: randomUUID(), session: this.session, username: this.username, date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION };
  }

  /** A message replying to (or caused by) `parent`, without routing. */
  message<T extends MessageType>(msgType: T, content: JupyterMessage<T>["content"], parent: IncomingMessage | null, metadata: JsonObject = {}): JupyterMessage<T> {
    return {
      header: this.header(msgType),
      parent_header: parent ? parent.header : {},
      metadata,
      content,
    };
  }

  /** The frames of a message, signed, behind the routing ids (or, on iopub, the topic). */
  frames(prefix: readonly (Buffer | string)[], message: JupyterMessage): (Buffer | string)[] {
    const signed = [message.header, message.parent_header, message.metadata, message.content].map((part) => Buffer.from(JSON.stringify(part), "utf8"));
    return [...prefix, DELIMITER, this.signer.sign(signed), ...signed, ...(message.buffers ?? []).map((b) => Buffer.from(b))];
  }
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return "parabook";
  }
}
