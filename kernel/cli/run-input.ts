// Where `parabook run` gets the answers when the program asks for input ((read-line), (read)…): its stdin, line by
// line, when that is a pipe or a file, as `python script.py < answers.txt` feeds input(); /dev/null is a file that
// has ended (and so is a closed stdin: Node opens /dev/null in its place). A run is headless, and its output often
// goes to a log: a terminal on stdin does not make anyone watch for a prompt, so there a read fails at once, saying
// how to give the answers.

import { createInterface, type Interface } from "node:readline";
import { isatty } from "node:tty";

/** What a run can answer: the lines of its stdin, or why it has none. */
export type RunInput = { readonly kind: "lines"; readonly lines: LineReader } | { readonly kind: "none"; readonly reason: string };

const GIVE_ANSWERS = "give it the answers as `parabook run FILE < answers.txt`, or run the notebook in the app";

/** The run's input on file descriptor `fd` (0: stdin); its lines are read only once the program asks. */
export function runInput(fd = 0, open: () => NodeJS.ReadableStream = () => process.stdin): RunInput {
  if (isatty(fd)) return { kind: "none", reason: `parabook run reads input only from a pipe or a file, and its stdin is a terminal (${GIVE_ANSWERS})` };
  return { kind: "lines", lines: new LineReader(open) };
}

/** The lines of a stream, one per call, opened on the first; null once it has ended. */
export class LineReader {
  private reading: { readonly stream: NodeJS.ReadableStream; readonly lines: Interface; readonly next: AsyncIterator<string> } | undefined;
  private ended = false;

  constructor(private readonly open: () => NodeJS.ReadableStream) {}

  async next(): Promise<string | null> {
    if (this.ended) return null;
    if (this.reading === undefined) {
      const stream = this.open();
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      this.reading = { stream, lines, next: lines[Symbol.asyncIterator]() };
    }
    const step = await this.reading.next.next();
    if (step.done) this.ended = true;
    return step.done ? null : step.value;
  }

  /** Stops reading, so a stdin that never ends does not keep the run's process alive. */
  close(): void {
    this.ended = true;
    if (this.reading === undefined) return;
    this.reading.lines.close();
    (this.reading.stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}
