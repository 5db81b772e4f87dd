// Files through the browser: a saved notebook is what was on screen, keeps the original's metadata, reopens the
// same and validates with Jupyter's own nbformat; a corrupt file is refused with a message that says where, and
// neither the open notebook nor the file changes; a save that fails says why and loses nothing.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { parseNotebook } from "../kernel/notebook/format.js";
import { seedText } from "./expected-outputs.js";
import { openApp, servedNotebook, sharedBrowser } from "./harness.js";
import { NotebookPage } from "./notebook-page.js";

const browser = sharedBrowser();

/** Jupyter's validator, from Debian's python3-nbformat; resolves with what it printed. */
async function validateWithNbformat(file: string): Promise<string> {
  const script = "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')";
  const { stdout } = await promisify(execFile)("/usr/bin/python3", ["-c", script, file]);
  return stdout.trim();
}

test("save, reopen, compare, and validate with nbformat", { timeout: 180_000 }, async (t) => {
  const { nb, served } = await servedNotebook(t, browser(), { files: { "seed.ipynb": seedText() }, settings: { clusterSize: 2 }, open: "seed.ipynb" });
  const file = path.join(served.notebookDir, "seed.ipynb");
  await nb.cell(33).click();
  await nb.addAndRun("(* 6 7)");
  await nb.waitUntilIdle();
  await nb.button("Save").click();
  await nb.page.getByLabel("Unsaved changes").waitFor({ state: "detached", timeout: 30_000 });

  const original = parseNotebook(seedText(), "seed.ipynb");
  const saved = parseNotebook(await fs.readFile(file, "utf8"), "seed.ipynb");
  assert.deepEqual(saved.metadata, original.metadata, "the kernelspec and the rest of the metadata are kept");
  assert.deepEqual(saved.cells.slice(0, 33).map((c) => [c.id, c.source]), original.cells.map((c) => [c.id, c.source]));
  const added = saved.cells[33]!;
  assert.equal(added.cell_type, "code");
  assert.equal(added.source, "(* 6 7)");
  assert.deepEqual(added.cell_type === "code" && added.outputs, [
    { output_type: "execute_result", execution_count: 1, data: { "text/plain": "42" }, metadata: {} },
  ]);
  assert.deepEqual(saved.cells.slice(34).map((c) => c.source), [""], "Shift+Enter on the last cell added an empty one");
  assert.equal(await validateWithNbformat(file), "valid");

  const reopened = new NotebookPage(await openApp(browser(), served));
  assert.equal(await reopened.cellCount(), 35);
  assert.equal((await reopened.output(34).innerText()).trim(), "42");
  assert.equal(await reopened.editor(34).innerText(), "(* 6 7)");
});

test("a corrupt file is refused with its line and column, and nothing changes", { timeout: 120_000 }, async (t) => {
  const corrupt = seedText().slice(0, 1000);
  const { nb, served } = await servedNotebook(t, browser(), { files: { "seed.ipynb": seedText(), "corrupt.ipynb": corrupt }, open: "seed.ipynb" });
  const title = await nb.page.title();
  await nb.button("Open").click();
  const browserDialog = nb.page.getByRole("dialog");
  await browserDialog.getByText("corrupt.ipynb", { exact: true }).click();
  if (await browserDialog.getByRole("button", { name: "Open", exact: true }).isVisible()) {
    await browserDialog.getByRole("button", { name: "Open", exact: true }).click();
  }
  const alert = nb.alerts().filter({ hasText: "corrupt.ipynb" });
  await alert.waitFor({ timeout: 30_000 });
  assert.match(await alert.innerText(), /corrupt\.ipynb is not valid JSON, line \d+, column \d+/);
  assert.equal(await nb.cellCount(), 33, "the open notebook is untouched");
  assert.equal(await nb.page.title(), title);
  assert.equal(await fs.readFile(path.join(served.notebookDir, "corrupt.ipynb"), "utf8"), corrupt, "the file is untouched");
});

test("a save that fails says why and keeps the work, which a later save writes", { timeout: 120_000 }, async (t) => {
  const { nb, served } = await servedNotebook(t, browser(), { files: { "seed.ipynb": seedText() }, open: "seed.ipynb" });
  const file = path.join(served.notebookDir, "seed.ipynb");
  await nb.cell(33).click();
  await nb.button("Add cell").click();
  await nb.page.keyboard.type("(list 'unsaved 'work)");
  await nb.page.keyboard.press("Escape");
  // Something outside Parabook puts a folder where the notebook was.
  await fs.rm(file);
  await fs.mkdir(file);
  await nb.button("Save").click();
  const alert = nb.alerts().filter({ hasText: "Cannot save seed.ipynb" });
  await alert.waitFor({ timeout: 30_000 });
  assert.match(await alert.innerText(), /Cannot save seed\.ipynb: it is a folder, not a file/);
  assert.equal(await nb.page.getByLabel("Unsaved changes").count(), 1, "the notebook still says it has unsaved work");
  assert.equal(await nb.cellCount(), 34);

  await fs.rmdir(file);
  await nb.button("Save").click();
  await nb.page.getByLabel("Unsaved changes").waitFor({ state: "detached", timeout: 30_000 });
  const saved = parseNotebook(await fs.readFile(file, "utf8"), "seed.ipynb");
  assert.equal(saved.cells.at(-1)!.source, "(list 'unsaved 'work)");
});
