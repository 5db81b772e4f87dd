// The notebook UI as the tests see it: only through accessible names (the hooks issue 4 lists), so a test reads
// like what a user does.

import type { Locator, Page } from "playwright-core";
import { noCellBusy } from "./in-page.js";

export class NotebookPage {
  constructor(readonly page: Page) {}

  button(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }

  /** The cell at 1-based position `n` among all cells. */
  cell(n: number): Locator {
    return this.page.getByRole("group", { name: new RegExp(`^Cell ${n}, `) });
  }

  /** The code editor of the cell at 1-based position `n` among all cells. */
  editor(n: number): Locator {
    return this.page.getByLabel(`Code cell ${n}`, { exact: true });
  }

  output(n: number): Locator {
    return outputOf(this.cell(n));
  }

  /** The cell holding `text` in its editor. */
  cellWith(text: string): Locator {
    return this.page.getByRole("group", { name: /^Cell \d+, code$/ }).filter({ hasText: text }).last();
  }

  async cellCount(): Promise<number> {
    return this.page.getByRole("group", { name: /^Cell \d+, / }).count();
  }

  /** Waits until no cell is queued or running (the "[*]" prompt is gone everywhere). */
  async waitUntilIdle(timeout = 120_000): Promise<void> {
    await this.page.waitForFunction(noCellBusy, null, { timeout, polling: 100 });
  }

  /** Clicks "Add cell", types `code` into the new cell and runs it with Shift+Enter. Returns the new cell. */
  async addAndRun(code: string): Promise<Locator> {
    await this.button("Add cell").click();
    await this.page.keyboard.type(code);
    await this.page.keyboard.press("Shift+Enter");
    // The last line tells cells apart best ("%%px" starts many of them).
    return this.cellWith(code.split("\n").at(-1)!);
  }

  /** The text of every visible alert (failed open/save messages). */
  alerts(): Locator {
    return this.page.getByRole("alert");
  }
}

/** A cell's output area. */
export function outputOf(cell: Locator): Locator {
  return cell.getByRole("region", { name: "Output" });
}
