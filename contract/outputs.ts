// Folding a cell's events (api.ts) into the outputs a notebook stores (notebook.ts), the way Jupyter
// would: consecutive stream text of one name merges into one output, what nodes print becomes stdout/stderr lines
// prefixed "[node N] ", %%time's timing becomes "Time: S seconds." on stdout, a shown value an execute_result,
// and errors error outputs. Pure (no Node imports): the renderer folds live events with the same code.
//
// A cell may print far more than a notebook should keep: each event costs only what its own text costs, and a
// stream output keeps its text within the file's limit (output-limits.ts). Past the limit, each writer (the host,
// or one node) keeps its first and last lines with a note saying how much was left out between them.

import type { CellEvent } from "./api.js";
import type { MimeBundle, Output, StreamOutput } from "./notebook.js";
import { CappedText, capText, FILE_OUTPUT_LIMIT_CHARS, fileLimitsPerWriter, type Omission } from "./output-limits.js";

const nodePrefix = (rank: number): string => `[node ${rank}] `;

/** Who wrote a piece of stream text: a node's rank, or the host kernel. */
type Writer = number | "host";

/** "Time: 75.23063731193542 seconds." as Metakernel prints it (Python's float repr; JS's is the same). */
export function timingText(seconds: number): string {
  return `Time: ${String(seconds)} seconds.\n`;
}

/** What a secret answer shows in place of its text (as JupyterLab shows it). */
export const HIDDEN_ANSWER = "········";

/**
 * The line an answered input request leaves in the cell's stdout, as a terminal's transcript shows it: the prompt
 * and the answer typed after it (hidden for a password; nothing when the input had ended). The front end that
 * asked adds it, as JupyterLab does: the kernel never writes it.
 */
export function answeredInputText(prompt: string, answer: string | null, password: boolean): string {
  if (answer === null) return prompt === "" ? "" : `${prompt}\n`;
  return `${prompt}${password ? HIDDEN_ANSWER : answer}\n`;
}

/**
 * One stream output as it grows. Its text is the writers' lines interleaved as they came while the whole stays
 * within the file's limit; past it, each writer's own capped text, one writer after the other (the page shows
 * node lines grouped per node either way).
 */
class StreamBuilder {
  #interleaved = "";
  #chars = 0;
  readonly #writers = new Map<Writer, CappedText>();
  #last: Writer | null = null;
  /** The text so far ends inside a line (of writer #last). */
  #open = false;
  /** The output as last asked for, until more text comes. */
  #output: StreamOutput | undefined;

  constructor(readonly name: "stdout" | "stderr") {}

  /**
   * Append what `writer` wrote, after `omitted` left out of it (by the host, in a flood); returns the text added to
   * the output (prefixes and line breaks included).
   */
  append(text: string, writer: Writer, omitted?: Omission): string {
    let added = "";
    if (omitted) {
      // What follows a gap starts a line of its own; the output is past the limit, so no longer kept interleaved.
      if (this.#open) added += this.#closeLine();
      this.#writer(writer).skip(omitted);
      this.#chars = Math.max(this.#chars, FILE_OUTPUT_LIMIT_CHARS + 1);
      this.#output = undefined;
    }
    if (text === "") return added;
    if (this.#open && this.#last !== writer) added += this.#closeLine();
    if (writer === "host") {
      this.#add(text, writer);
      return added + text;
    }
    const prefix = nodePrefix(writer);
    // Prefix every line that starts inside this text (not the one a trailing newline would open).
    const attributed = (this.#open ? "" : prefix) + text.replace(/\n(?=.)/gs, `\n${prefix}`);
    this.#add(attributed, writer);
    return added + attributed;
  }

  /** Ends the line being written, if any (before text that must start a line of its own). */
  closeLine(): string {
    return this.#open ? this.#closeLine() : "";
  }

  /** The text so far ends inside a line. */
  get open(): boolean {
    return this.#open;
  }

  output(): StreamOutput {
    this.#output ??= { output_type: "stream", name: this.name, text: this.#text() };
    return this.#output;
  }

  #closeLine(): string {
    this.#add("\n", this.#last!);
    return "\n";
  }

  #writer(writer: Writer): CappedText {
    let mine = this.#writers.get(writer);
    if (!mine) {
      mine = new CappedText(fileLimitsPerWriter(this.#writers.size + 1));
      this.#writers.set(writer, mine);
      const limits = fileLimitsPerWriter(this.#writers.size);
      for (const other of this.#writers.values()) if (other !== mine) other.narrow(limits);
    }
    return mine;
  }

  #add(text: string, writer: Writer): void {
    this.#writer(writer).append(text);
    this.#output = undefined;
    this.#chars += text.length;
    if (this.#chars <= FILE_OUTPUT_LIMIT_CHARS) this.#interleaved += text;
    else this.#interleaved = "";
    this.#last = writer;
    this.#open = !text.endsWith("\n");
  }

  #text(): string {
    if (this.#chars <= FILE_OUTPUT_LIMIT_CHARS) return this.#interleaved;
    let text = "";
    for (const [writer, capped] of this.#writers) {
      if (text !== "" && !text.endsWith("\n")) text += "\n";
      text += capped.text(writer === "host" ? "" : nodePrefix(writer));
    }
    return text;
  }
}

type Piece = StreamBuilder | Output;

/** A mime bundle as the file keeps it: its text/plain within the file's limit (images and HTML whole). */
function keptData(data: Record<string, string>): MimeBundle {
  const plain = data["text/plain"];
  if (plain === undefined || plain.length <= FILE_OUTPUT_LIMIT_CHARS) return { ...data };
  return { ...data, "text/plain": capText(plain, fileLimitsPerWriter(1)) };
}

function plainText(data: Record<string, string>): string {
  const text = data["text/plain"];
  return text === undefined ? "" : `${text}\n`;
}

/** The text a terminal shows for an output. */
export function outputText(output: Output): string {
  switch (output.output_type) {
    case "stream":
      return output.text;
    case "execute_result":
    case "display_data": {
      const text = output.data["text/plain"];
      return typeof text === "string" ? `${text}\n` : "";
    }
    case "error":
      return `${output.traceback.join("\n")}\n`;
  }
}

/** A cell's outputs, folded from its events as they come. */
export class CellOutputs {
  readonly #pieces: Piece[] = [];

  /** Fold one more event in; returns the text it adds to the cell's transcript, as a terminal shows it. */
  add(event: CellEvent): string {
    switch (event.type) {
      case "stream":
        return this.#stream(event.name).append(event.text, event.node ?? "host", event.omitted);
      case "timing": {
        const stdout = this.#stream("stdout");
        return stdout.closeLine() + stdout.append(timingText(event.seconds), "host");
      }
      case "result":
        return this.#push(
          { output_type: "execute_result", execution_count: event.executionCount, data: keptData(event.data), metadata: {} },
          plainText(event.data),
        );
      case "display":
        return this.#push({ output_type: "display_data", data: keptData(event.data), metadata: {} }, plainText(event.data));
      case "error": {
        if (event.node === undefined) {
          return this.#push({ output_type: "error", ename: event.ename, evalue: event.evalue, traceback: [...event.traceback] });
        }
        const prefix = nodePrefix(event.node);
        return this.#push({
          output_type: "error",
          ename: event.ename,
          evalue: prefix + event.evalue,
          traceback: event.traceback.map((line) => prefix + line),
        });
      }
      case "px-progress":
      case "input-request":
        // Progress and questions are shown while a cell runs and are not part of what the notebook keeps.
        return "";
    }
  }

  /** The outputs so far, as the notebook keeps them: a new array; an output that did not change is the same object. */
  outputs(): Output[] {
    return this.#pieces.map((piece) => (piece instanceof StreamBuilder ? piece.output() : piece));
  }

  #stream(name: "stdout" | "stderr"): StreamBuilder {
    const last = this.#pieces.at(-1);
    if (last instanceof StreamBuilder && last.name === name) return last;
    const builder = new StreamBuilder(name);
    this.#pieces.push(builder);
    return builder;
  }

  /** `shown` is what the transcript prints of it: a value is printed whole, whatever the file keeps. */
  #push(output: Output, shown = outputText(output)): string {
    const last = this.#pieces.at(-1);
    // The stream keeps its text as written (as Jupyter's does); only the transcript starts a new line.
    const newline = last instanceof StreamBuilder && last.open ? "\n" : "";
    this.#pieces.push(output);
    return newline + shown;
  }
}

/** All of a cell's outputs from its events, in order. */
export function cellOutputs(events: readonly CellEvent[]): Output[] {
  const outputs = new CellOutputs();
  for (const event of events) outputs.add(event);
  return outputs.outputs();
}
