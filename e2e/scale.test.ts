// Big notebooks and big outputs stay usable. Timings are printed, never asserted (the machine is shared and
// noisy); what is asserted is that the page keeps working.

import { test } from "node:test";
import assert from "node:assert/strict";
import { emptyNotebook, newCodeCell, newMarkdownCell, serializeNotebook } from "../contract/notebook.js";
import { firstContentfulPaint, longestFrameGap, scrollToBottom } from "./testing/in-page.js";
import { openApp, serve, servedNotebook, sharedBrowser } from "./testing/harness.js";
import { NotebookPage, outputOf } from "./testing/notebook-page.js";

const browser = sharedBrowser();

function bigNotebook(cells: number): string {
  const nb = emptyNotebook();
  nb.cells = [];
  for (let i = 1; i <= cells; i++) {
    if (i % 5 === 0) nb.cells.push(newMarkdownCell(`## Section ${i / 5}\nSome *text* with $x^${i}$.`));
    else {
      const cell = newCodeCell(`(define (f${i} x)\n  (+ x ${i}))\n(f${i} 1)`);
      cell.execution_count = i;
      cell.outputs = [{ output_type: "execute_result", execution_count: i, data: { "text/plain": String(i + 1) }, metadata: {} }];
      nb.cells.push(cell);
    }
  }
  return serializeNotebook(nb);
}

test("a 500-cell notebook opens and scrolls (time to first paint and a scroll are printed)", { timeout: 180_000 }, async (t) => {
  const served = await serve({ files: { "big.ipynb": bigNotebook(500) }, open: "big.ipynb" });
  t.after(() => served.stop());
  const started = Date.now();
  const page = await openApp(browser(), served);
  t.after(() => page.close());
  const nb = new NotebookPage(page);
  await nb.editor(1).waitFor();
  const loadedMs = Date.now() - started; // the UI is up and has loaded and laid out all 500 cells
  const paint = await page.evaluate(firstContentfulPaint);
  assert.equal(await nb.cellCount(), 500);

  // Scroll from top to bottom in steps, as a wheel would, then check the last cell is painted.
  const scrollMs = await page.evaluate(scrollToBottom);
  await nb.cell(500).waitFor();
  assert.ok(await nb.cell(500).isVisible(), "the last cell is on screen after scrolling");
  console.log(`500 cells: first contentful paint ${paint.toFixed(0)} ms, notebook loaded and shown ${loadedMs} ms after navigation, scroll top→bottom ${scrollMs.toFixed(0)} ms`);
});

test("a cell printing 100,000 lines does not freeze the page", { timeout: 180_000 }, async (t) => {
  const { nb } = await servedNotebook(t, browser());
  const started = Date.now();
  const cell = await nb.addAndRun("(let loop ((i 0)) (if (< i 100000) (begin (display i) (newline) (loop (+ i 1)))))");
  // While it runs, the page must keep answering: measure the longest gap between animation frames.
  const longestFrameMs = await nb.page.evaluate(longestFrameGap, 3000);
  await nb.waitUntilIdle();
  const doneMs = Date.now() - started;
  const output = outputOf(cell);
  assert.match(await output.innerText(), /^0\n1\n2\n/, "the output starts at the first line");
  // The page still works: a new cell can be added and run.
  const after = await nb.addAndRun("(+ 1 2)");
  await nb.waitUntilIdle();
  assert.equal((await outputOf(after).innerText()).trim(), "3");
  console.log(`100,000 output lines: done and shown after ${doneMs} ms, longest frame while running ${longestFrameMs.toFixed(0)} ms`);
});
