// The stdin channel: a running cell asks the front end for a line (input_request) and waits for its input_reply.
// Only when the execute request allowed it (allow_stdin); otherwise, and when the front end goes away or the cell
// is interrupted, the question fails with a message that says why, so the program is never left waiting.
//
// Where a cell's questions come from is the Session's business (`(read-line)`, `(read)`): the kernel hands each
// execute an asker made by `askerFor` (jupyter-kernel.ts, runExecute).

import type { JupyterMessage } from "../../contract/jupyter/messages.js";
import type { IncomingMessage, Received } from "./wire.js";

/** Asks the front end that sent the running execute request for one line of input. */
export type InputAsker = (prompt: string, password: boolean) => Promise<string>;

export class NoInputError extends Error {
  override readonly name = "NoInputError";
}

export interface StdinSender {
  /** Send on stdin to the front end behind `identities`; the message's parent is the execute request. */
  send(identities: readonly Buffer[], message: JupyterMessage<"input_request">): void;
  make(prompt: string, password: boolean, parent: IncomingMessage): JupyterMessage<"input_request">;
}

interface Pending {
  readonly requestId: string;
  resolve(value: string): void;
  reject(err: Error): void;
}

export class StdinChannel {
  private pending: Pending | undefined;

  constructor(private readonly sender: StdinSender) {}

  /** An asker for one execute request: the front end that sent it answers, if it said it would. */
  askerFor(request: Received): InputAsker {
    return (prompt, password) => {
      const allowed = (request.message.content as { allow_stdin?: unknown }).allow_stdin === true;
      if (!allowed) return Promise.reject(new NoInputError("no input is available: this front end does not take input (allow_stdin is false)"));
      this.cancel(new NoInputError("a newer input request replaced this one"));
      const message = this.sender.make(prompt, password, request.message);
      return new Promise<string>((resolve, reject) => {
        this.pending = { requestId: message.header.msg_id, resolve, reject };
        this.sender.send(request.identities, message);
      });
    };
  }

  /** An input_reply from a front end. */
  receive(received: Received): void {
    const { message } = received;
    if (message.header.msg_type !== "input_reply") return;
    const pending = this.pending;
    // jupyter_client's input() sends its reply with no parent, and ipykernel takes the next reply whatever it
    // names; only a reply that names another (an earlier, given up) request is stale.
    const parent = message.parent_header.msg_id;
    if (!pending || (parent !== undefined && parent !== pending.requestId)) return;
    this.pending = undefined;
    const value = (message.content as { value?: unknown }).value;
    if (typeof value === "string") pending.resolve(value);
    else pending.reject(new NoInputError("the front end's input_reply carried no text"));
  }

  /** Give up the question waiting, if any (the cell was interrupted, the kernel is shutting down). */
  cancel(why: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(why);
  }
}
