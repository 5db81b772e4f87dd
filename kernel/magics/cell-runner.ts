// Runs one cell's code through its magics: leading magic lines are peeled off in order (line magics run and the
// cell goes on; a cell magic takes the rest as its body), sticky magics wrap whatever is left, and plain code
// runs in the host kernel.

import { usage, MagicError, type Magic, type RunningCell } from "./magic.js";
import { parseArguments, parseMagicLine, splitFirstLine, UsageError, type MagicLine } from "./parser.js";

/** A magic was given arguments it cannot use; carries the magic's usage to show with the problem. */
export class MagicUsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    problem: string,
    readonly usage: string,
  ) {
    super(problem);
  }
}

/** What runs plain code (no magics) in the host kernel and shows its value. */
export type HostCodeRunner = (code: string, lineOffset: number) => Promise<void>;

const PERCENTS = { line: "%", cell: "%%", sticky: "%%%" } as const;

export const STICKY_ADDED = (name: string): string => `${name} added to session magics.\n`;
export const STICKY_REMOVED = (name: string): string => `%%${name} removed from session magics.\n`;

export class CellRunner {
  /** Sticky magic lines not yet applied to this cell, outermost first. */
  private pendingSticky: string[];

  constructor(
    private readonly cell: RunningCell,
    private readonly runHostCode: HostCodeRunner,
  ) {
    this.pendingSticky = [...cell.sticky.list()];
  }

  async run(code: string, lineOffset: number): Promise<void> {
    this.cell.throwIfInterrupted();
    if (code.trim() === "") return;
    const { first, rest } = splitFirstLine(code);
    // Blank lines before a magic do not hide it; counting them keeps error lines right.
    if (first.trim() === "") return this.run(rest, lineOffset + 1);
    const magicLine = parseMagicLine(first);
    if (magicLine === undefined) {
      const asked = this.bareHelp(code);
      if (asked) return this.cell.print(usage(asked) + "\n");
      const sticky = this.pendingSticky.shift();
      if (sticky !== undefined) return this.runStickyLine(sticky, code, lineOffset);
      return this.runHostCode(code, lineOffset);
    }
    const magic = this.cell.magics.get(magicLine.name);
    if (!magic) {
      throw new MagicError(`Unknown magic ${PERCENTS[magicLine.level]}${magicLine.name}. Run %lsmagic to see the magics there are.`);
    }
    if (magicLine.help) {
      this.cell.print(usage(magic) + "\n");
      return this.run(rest, lineOffset + 1);
    }
    switch (magicLine.level) {
      case "line":
        await this.runLineMagic(magic, magicLine, lineOffset);
        return this.run(rest, lineOffset + 1);
      case "cell":
        // The cell's own magic replaces a sticky one of the same name.
        this.pendingSticky = this.pendingSticky.filter((line) => parseMagicLine(line)?.name !== magic.name);
        return this.runCellMagic(magic, magicLine, rest, lineOffset + 1);
      case "sticky":
        return this.toggleSticky(magic, magicLine, rest, lineOffset + 1);
    }
  }

  /** `px?` alone in a cell asks for a magic's usage (only for names that are magics: `null?` is code). */
  private bareHelp(code: string): Magic | undefined {
    const m = /^([A-Za-z_][\w-]*)\?$/.exec(code.trim());
    return m ? this.cell.magics.get(m[1]!) : undefined;
  }

  private async runLineMagic(magic: Magic, line: MagicLine, lineOffset: number): Promise<void> {
    if (!magic.line) throw new MagicError(`%${magic.name} is a cell magic: write %%${magic.name} on the cell's first line.`);
    const form = magic.line;
    await withUsage(magic, "%", async () => form.run(parseArguments(form.args, line.argText), this.cell, lineOffset));
  }

  private async runCellMagic(magic: Magic, line: MagicLine, body: string, bodyLineOffset: number): Promise<void> {
    if (!magic.cell) throw new MagicError(`%%${magic.name} is not a cell magic; use it as a line magic: %${magic.name}`);
    const form = magic.cell;
    await withUsage(magic, "%%", async () => form.run(parseArguments(form.args, line.argText), body, bodyLineOffset, this.cell));
  }

  private async runStickyLine(stickyLine: string, body: string, lineOffset: number): Promise<void> {
    const line = parseMagicLine(stickyLine)!;
    const magic = this.cell.magics.get(line.name)!;
    return this.runCellMagic(magic, line, body, lineOffset);
  }

  /** `%%%name args`: make `%%name args` sticky and run this cell with it, or, when it is sticky, stop that. */
  private async toggleSticky(magic: Magic, line: MagicLine, body: string, bodyLineOffset: number): Promise<void> {
    if (!magic.cell) throw new MagicError(`%%%${magic.name}: only cell magics can be sticky, and %${magic.name} is a line magic.`);
    this.pendingSticky = this.pendingSticky.filter((l) => parseMagicLine(l)?.name !== magic.name);
    if (this.cell.sticky.has(magic.name)) {
      this.cell.sticky.remove(magic.name);
      this.cell.print(STICKY_REMOVED(magic.name));
      // What follows in this cell runs normally in the host.
      this.pendingSticky = [];
      return this.run(body, bodyLineOffset);
    }
    const form = magic.cell;
    // Refuse bad arguments before they become sticky.
    await withUsage(magic, "%%%", async () => parseArguments(form.args, line.argText));
    const cellLine = `%%${magic.name}${line.argText ? ` ${line.argText}` : ""}`;
    this.cell.sticky.add(magic.name, cellLine);
    this.cell.print(STICKY_ADDED(magic.name));
    if (body.trim() === "") return;
    return this.runCellMagic(magic, line, body, bodyLineOffset);
  }
}

async function withUsage<T>(magic: Magic, percents: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UsageError) throw new MagicUsageError(`${percents}${magic.name}: ${err.message}`, usage(magic));
    throw err;
  }
}
