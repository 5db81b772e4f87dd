// How wire messages (messages.ts) become WebSocket frames and back, in both directions. A message short enough goes
// as one text frame, as it is. A longer one (a notebook with big pictures, its autosave, the reply that opens it)
// goes as numbered chunks, each its own text frame, reassembled by the receiver:
//
//   {"chunk":{"message":7,"index":0,"count":3,"length":2500000}}\n<the first CHUNK_CHARS characters>
//
// The header is JSON (which never holds a raw newline), the rest of the frame is the message's text as it is.
// Why chunks and not one big frame: the server caps every frame at MAX_FRAME_BYTES (ws's maxPayload), so no one
// frame, hostile or not, can make it buffer more than that; and chunks of different messages may interleave, so
// a page saving 500 MB still hears its kernel's events meanwhile. A sender numbers its chunked messages; the page
// numbers a chunked request by its request id, so that the server can answer it when it refuses the message.
// Pure (no Node imports): the renderer bundles it.

/** The largest frame `parabook serve` accepts (ws's maxPayload): a frame above it closes that connection (1009). */
export const MAX_FRAME_BYTES = 4 * 2 ** 20;

/**
 * A message of up to this many UTF-16 code units goes as one frame; a longer one as chunks of (at most) this
 * many. A code unit is at most 3 bytes of UTF-8 (a pair of them, 4), so a frame stays under 3 MiB plus a
 * header of less than 100 bytes: below MAX_FRAME_BYTES whatever the text.
 */
export const CHUNK_CHARS = 2 ** 20;

/**
 * The longest message, in UTF-16 code units: the longest string V8 can make on 64-bit (2^29 − 24, about
 * 512 Mi characters, in Node and in Chromium alike). Each side holds a message as one string before JSON.parse
 * or after JSON.stringify, so nothing longer can cross the wire whatever the framing.
 */
export const MAX_MESSAGE_CHARS = 2 ** 29 - 24;

/** How many chunked messages one sender may have half-sent at once (the page sends one at a time, or a few). */
const MAX_MESSAGES_IN_FLIGHT = 16;

const CHUNK_PREFIX = '{"chunk":';

interface ChunkHeader {
  /** The sender's number for the message (the request id, for a request). */
  readonly message: number;
  readonly index: number;
  readonly count: number;
  /** The whole message's length in UTF-16 code units, so the receiver can refuse it at its first chunk. */
  readonly length: number;
}

/** A message longer than MAX_MESSAGE_CHARS (or than a receiver's own limit); says how long it was, if known. */
export class MessageTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MessageTooLargeError";
  }
}

/** A frame that breaks the chunk format: the sender is broken or hostile, and its connection should close. */
export class FrameFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameFormatError";
  }
}

/** "536,870,888 characters (512.0 MiB)": a message's size as people read it (a character is about a byte). */
export function describeLength(chars: number): string {
  const mib = chars >= 2 ** 20 ? ` (${(chars / 2 ** 20).toFixed(1)} MiB)` : "";
  return `${chars.toLocaleString("en-US")} characters${mib}`;
}

/**
 * The text `encode` makes of a message (its JSON), or a MessageTooLargeError that says how long it is when that
 * is over `limit`, or that it is longer than any string can be. `what` names the message for people: "the
 * saveNotebook request".
 */
export function encodeWithin(encode: () => string, what: string, limit = MAX_MESSAGE_CHARS): string {
  let text: string;
  try {
    text = encode();
  } catch (err) {
    throw explainStringLimit(err, `Cannot send ${what}`);
  }
  if (text.length > limit) {
    throw new MessageTooLargeError(`Cannot send ${what}: it is ${describeLength(text.length)}, over the limit of ${describeLength(limit)}`);
  }
  return text;
}

/**
 * V8's RangeError "Invalid string length" says nothing to a user: it means some text (a JSON.stringify, a join)
 * would pass the longest string. Returns a MessageTooLargeError that says so after `doing`; any other error as it is.
 */
export function explainStringLimit(err: unknown, doing: string): unknown {
  if (!(err instanceof RangeError) || !/Invalid string length/i.test(err.message)) return err;
  return new MessageTooLargeError(`${doing}: it is longer than ${describeLength(MAX_MESSAGE_CHARS)}, the longest text a JavaScript engine can hold`);
}

/** The frames that carry `text`: itself when it fits, else its chunks, numbered `message`. */
export function* toFrames(text: string, message: number): Generator<string> {
  if (text.length <= CHUNK_CHARS) {
    yield text;
    return;
  }
  const bounds: number[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    // Never split a surrogate pair: each half alone is not valid UTF-16, and would arrive as U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    bounds.push(start, end);
    start = end;
  }
  const count = bounds.length / 2;
  for (let index = 0; index < count; index++) {
    const header: ChunkHeader = { message, index, count, length: text.length };
    yield `${JSON.stringify({ chunk: header })}\n${text.slice(bounds[2 * index]!, bounds[2 * index + 1]!)}`;
  }
}

/** What one frame made of: a whole message, part of one, or the refusal of a message that is too long. */
export type Assembled =
  | { readonly kind: "message"; readonly text: string }
  | { readonly kind: "partial" }
  | { readonly kind: "too-large"; readonly message: number; readonly error: MessageTooLargeError };

interface Incoming {
  readonly count: number;
  readonly length: number;
  readonly parts: string[];
  received: number;
}

/** Reassembles one connection's chunked messages (one assembler per connection and direction). */
export class FrameAssembler {
  private readonly partial = new Map<number, Incoming>();
  /** Chunked messages refused at their first chunk: the rest of their chunks are dropped, counted down. */
  private readonly dropping = new Map<number, number>();

  /** `limit`: the longest message accepted, in code units, for all half-received messages together. */
  constructor(private readonly limit = MAX_MESSAGE_CHARS) {}

  /** Throws FrameFormatError when the frame breaks the chunk format. */
  accept(frame: string): Assembled {
    if (!frame.startsWith(CHUNK_PREFIX)) return { kind: "message", text: frame };
    const newline = frame.indexOf("\n");
    if (newline < 0) throw new FrameFormatError("a chunk frame needs a newline after its header");
    const header = parseHeader(frame.slice(0, newline));
    const text = frame.slice(newline + 1);
    if (text.length > CHUNK_CHARS) throw new FrameFormatError(`a chunk of ${text.length} characters is over the ${CHUNK_CHARS} a chunk may hold`);
    const dropping = this.dropping.get(header.message);
    if (dropping !== undefined) {
      if (dropping <= 1) this.dropping.delete(header.message);
      else this.dropping.set(header.message, dropping - 1);
      return { kind: "partial" };
    }
    let partial = this.partial.get(header.message);
    if (!partial) {
      if (header.index !== 0) throw new FrameFormatError(`chunk ${header.index} of message ${header.message} came before its first chunk`);
      const buffered = [...this.partial.values()].reduce((sum, p) => sum + p.length, 0);
      if (header.length + buffered > this.limit) {
        if (header.count > 1) this.dropping.set(header.message, header.count - 1);
        const also = buffered > 0 ? ` (with the ${describeLength(buffered)} this connection is already receiving)` : "";
        return {
          kind: "too-large",
          message: header.message,
          error: new MessageTooLargeError(`A message of ${describeLength(header.length)} is over the limit of ${describeLength(this.limit)}${also}`),
        };
      }
      if (this.partial.size >= MAX_MESSAGES_IN_FLIGHT) throw new FrameFormatError(`more than ${MAX_MESSAGES_IN_FLIGHT} chunked messages at once`);
      partial = { count: header.count, length: header.length, parts: [], received: 0 };
      this.partial.set(header.message, partial);
    } else if (header.index !== partial.parts.length || header.count !== partial.count || header.length !== partial.length) {
      throw new FrameFormatError(`chunk ${header.index}/${header.count} of message ${header.message} does not follow chunk ${partial.parts.length - 1}/${partial.count}`);
    }
    partial.received += text.length;
    if (partial.received > partial.length) throw new FrameFormatError(`message ${header.message} is longer than the ${partial.length} characters its header announced`);
    partial.parts.push(text);
    if (partial.parts.length < partial.count) return { kind: "partial" };
    this.partial.delete(header.message);
    if (partial.received !== partial.length) throw new FrameFormatError(`message ${header.message} is shorter than the ${partial.length} characters its header announced`);
    return { kind: "message", text: partial.parts.join("") };
  }
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

function parseHeader(text: string): ChunkHeader {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FrameFormatError(`a chunk header is not JSON: ${(err as Error).message}`);
  }
  const header = (json as { chunk?: Partial<Record<keyof ChunkHeader, unknown>> } | null)?.chunk;
  if (typeof header !== "object" || header === null) throw new FrameFormatError("a chunk header needs a chunk object");
  const { message, index, count, length } = header;
  if (!isCount(message) || !isCount(index) || !isCount(count) || !isCount(length) || count < 1 || index >= count) {
    throw new FrameFormatError("a chunk header needs whole numbers message, index < count, count ≥ 1 and length");
  }
  // Chunks are full but for the last (less one code unit where a surrogate pair was kept whole): a count beyond
  // that would let a sender pile up empty chunks.
  if (count > Math.max(1, Math.ceil(length / (CHUNK_CHARS - 1)))) {
    throw new FrameFormatError(`a message of ${length} characters cannot have ${count} chunks`);
  }
  return { message, index, count, length };
}
