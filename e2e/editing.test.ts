// Writing and running cells the way a user does: with the mouse and toolbar, and with the keyboard alone
// (Jupyter's command and edit modes), plus the sticky-magic badge on the toolbar.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { servedNotebook, sharedBrowser } from "./testing/harness.js";
import { outputOf } from "./testing/notebook-page.js";

const browser = sharedBrowser();

const freshNotebook = async (t: TestContext) => (await servedNotebook(t, browser(), { settings: { clusterSize: 2 } })).nb;

test("type a new cell and run it", { timeout: 120_000 }, async (t) => {
  const nb = await freshNotebook(t);
  const cell = await nb.addAndRun("(define (square x) (* x x))\n(square 12)");
  await nb.waitUntilIdle();
  await assert.doesNotReject(outputOf(cell).getByText("144", { exact: true }).waitFor({ timeout: 30_000 }));
  assert.match(await cell.innerText(), /\[1\]/, "the cell shows its execution count");
});

test("keyboard only: create, run and delete cells", { timeout: 120_000 }, async (t) => {
  const nb = await freshNotebook(t);
  const { keyboard } = nb.page;
  // A new notebook's first cell appears just after the toolbar: count once it is there.
  await nb.cell(1).waitFor({ timeout: 30_000 });
  const before = await nb.cellCount();
  await keyboard.press("Escape"); // command mode
  await keyboard.press("b"); // a new cell below
  await keyboard.press("Enter"); // edit it
  await keyboard.type('(string-append "key" "board")');
  await keyboard.press("Shift+Enter"); // run it (and move on)
  await nb.waitUntilIdle();
  assert.equal(await nb.cellCount(), before + 2, "b added a cell; Shift+Enter on the last cell added another");
  const ran = nb.cellWith("string-append");
  await outputOf(ran).getByText('"keyboard"').waitFor({ timeout: 30_000 });
  await keyboard.press("Escape");
  await keyboard.press("d");
  await keyboard.press("d"); // deletes the selected (new, empty) cell
  assert.equal(await nb.cellCount(), before + 1);
  // Deleting the last cell selects the one above, as in Jupyter: the cell that ran.
  await keyboard.press("d");
  await keyboard.press("d");
  assert.equal(await nb.cellCount(), before);
  assert.equal(await nb.page.getByText('"keyboard"').count(), 0, "the ran cell and its output are gone");
});

test("a sticky %%%px shows as a badge that a click removes", { timeout: 180_000 }, async (t) => {
  const nb = await freshNotebook(t);
  await nb.addAndRun("%parallel calysto_scheme CalystoScheme");
  await nb.waitUntilIdle();
  const sticky = await nb.addAndRun("%%%px -e\ncluster_size");
  await nb.waitUntilIdle();
  const badge = nb.page.getByRole("group", { name: "Sticky magics" }).getByRole("button", { name: /%%px -e/ });
  await badge.waitFor({ timeout: 30_000 });
  const shown = await outputOf(sticky).innerText();
  assert.match(shown, /px added to session magics\./);
  assert.match(shown, /#2\(2 2\)/);
  await badge.click();
  await badge.waitFor({ state: "detached", timeout: 30_000 });
  const plain = await nb.addAndRun("(+ cluster_size 40)");
  await nb.waitUntilIdle();
  assert.equal((await outputOf(plain).innerText()).trim(), "42", "the next cell runs on the host only");
});
