// Input while a cell runs, as JupyterLab asks for Python's input(): the running cell shows its prompt and a field
// that takes the keyboard; Enter sends the line, which stays in the output after its prompt; Interrupt withdraws
// the question and the notebook goes on.

import { test } from "node:test";
import assert from "node:assert/strict";
import { servedNotebook, sharedBrowser } from "./testing/harness.js";
import { outputOf } from "./testing/notebook-page.js";

const browser = sharedBrowser();

// The page's DOM, for the function run in it below (the tests compile without the DOM library).
declare const document: { activeElement: unknown };

test("(read-line) asks in the running cell; the typed answer goes to the program and stays shown", { timeout: 120_000 }, async (t) => {
  const { nb } = await servedNotebook(t, browser());
  const cell = await nb.addAndRun('(display (string-append "hello " (read-line)))');
  const field = cell.getByRole("textbox", { name: "Input for the running cell" });
  await field.waitFor({ timeout: 60_000 });
  assert.ok(await field.evaluate((el) => el === document.activeElement), "the field has the keyboard");
  await nb.page.keyboard.type("Ada");
  await nb.page.keyboard.press("Enter");
  await nb.waitUntilIdle();
  assert.equal((await outputOf(cell).innerText()).trim(), "Ada\nhello Ada");
  assert.equal(await field.count(), 0, "the question is gone once answered");
});

test("the unfinished line written before the read is the prompt, shown beside the field and then beside the answer", { timeout: 120_000 }, async (t) => {
  const { nb } = await servedNotebook(t, browser());
  const cell = await nb.addAndRun('(display "Hi.\\nName: ")\n(define name (read-line))\n(string-append "hello " name)');
  const field = cell.getByRole("textbox", { name: "Input for the running cell: Name:" });
  await field.waitFor({ timeout: 60_000 });
  assert.equal((await outputOf(cell).innerText()).trim(), "Hi.", "what came before the prompt is already shown");
  await field.fill("Grace");
  await field.press("Enter");
  await nb.waitUntilIdle();
  // The stream (prompt and answer included) and the result are two outputs: the page puts a gap between them.
  assert.match((await outputOf(cell).innerText()).trim(), /^Hi\.\nName: Grace\n+"hello Grace"$/);
});

test("Interrupt while a cell waits for input withdraws the question; definitions are kept and the next cell runs", { timeout: 120_000 }, async (t) => {
  const { nb } = await servedNotebook(t, browser());
  await nb.addAndRun("(define kept 41)");
  await nb.waitUntilIdle();
  const waiting = await nb.addAndRun("(read-line)");
  const field = waiting.getByRole("textbox", { name: "Input for the running cell" });
  await field.waitFor({ timeout: 60_000 });
  await nb.button("Interrupt").click();
  await nb.waitUntilIdle(30_000);
  assert.equal(await field.count(), 0);
  assert.match(await outputOf(waiting).innerText(), /interrupted by the user/);
  const next = await nb.addAndRun("(+ kept 1)");
  await nb.waitUntilIdle();
  assert.equal((await outputOf(next).innerText()).trim(), "42");
});
