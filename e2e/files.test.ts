// Files through the browser: a saved notebook is what was on screen, keeps the original's metadata, reopens the
// same and validates with Jupyter's own nbformat; a corrupt file is refused with a message that says where, and
// neither the open notebook nor the file changes; a save that fails says why and loses nothing.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { newMarkdownCell, parseNotebook, serializeNotebook } from "../contract/notebook.js";
import { seedText } from "./testing/expected-outputs.js";
import { openApp, servedNotebook, sharedBrowser } from "./testing/harness.js";
import { NotebookPage } from "./testing/notebook-page.js";

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
  assert.equal((await alert.innerText()).trim(), "Cannot save seed.ipynb: it is a folder, not a file", "one message, said once");
  assert.equal(await nb.page.getByLabel("Unsaved changes").count(), 1, "the notebook still says it has unsaved work");
  assert.equal(await nb.cellCount(), 34);

  await fs.rmdir(file);
  await nb.button("Save").click();
  await nb.page.getByLabel("Unsaved changes").waitFor({ state: "detached", timeout: 30_000 });
  const saved = parseNotebook(await fs.readFile(file, "utf8"), "seed.ipynb");
  assert.equal(saved.cells.at(-1)!.source, "(list 'unsaved 'work)");
});

test("a file changed by another program is not overwritten: Save asks, and each choice does what it says", { timeout: 240_000 }, async (t) => {
  const { nb, served } = await servedNotebook(t, browser(), { files: { "seed.ipynb": seedText() }, open: "seed.ipynb" });
  const file = path.join(served.notebookDir, "seed.ipynb");
  const conflict = nb.page.getByRole("dialog", { name: "File changed on disk" });
  const unsaved = nb.page.getByLabel("Unsaved changes");

  /** Adds a code cell `code` in the page, lets another program add a markdown cell `theirs` to the file, and
   * presses Save. Resolves with the other program's text once the dialog is up. */
  async function editHereAndThere(code: string, theirs: string): Promise<string> {
    await nb.cell(await nb.cellCount()).click();
    await nb.button("Add cell").click();
    await nb.page.keyboard.type(code);
    await nb.page.keyboard.press("Escape");
    const onDisk = parseNotebook(await fs.readFile(file, "utf8"), "seed.ipynb");
    onDisk.cells.push(newMarkdownCell(theirs));
    const text = serializeNotebook(onDisk);
    await fs.writeFile(file, text);
    await nb.button("Save").click();
    await conflict.waitFor({ timeout: 30_000 });
    return text;
  }
  const sources = async (name: string) => parseNotebook(await fs.readFile(path.join(served.notebookDir, name), "utf8"), name).cells.map((c) => c.source);

  // Cancel: nothing happens; the page keeps its work, the file keeps the other program's.
  const theirs1 = await editHereAndThere("(list 'mine 1)", "theirs 1");
  assert.match(await conflict.innerText(), /seed\.ipynb was changed on disk by another program since Parabook last opened or saved it/);
  await conflict.getByRole("button", { name: "Cancel", exact: true }).click();
  await conflict.waitFor({ state: "detached" });
  assert.equal(await fs.readFile(file, "utf8"), theirs1);
  assert.equal(await unsaved.count(), 1, "the page still has its unsaved work");

  // Overwrite: the page's notebook replaces the file.
  await nb.button("Save").click();
  await conflict.getByRole("button", { name: "Overwrite", exact: true }).click();
  await unsaved.waitFor({ state: "detached", timeout: 30_000 });
  assert.equal((await sources("seed.ipynb")).at(-1), "(list 'mine 1)");
  assert.ok(!(await sources("seed.ipynb")).includes("theirs 1"));

  // Reload from disk: the page shows the other program's version, and the file is left as that program wrote it.
  const theirs2 = await editHereAndThere("(list 'mine 2)", "theirs 2");
  await conflict.getByRole("button", { name: "Reload from disk", exact: true }).click();
  await nb.page.getByText("theirs 2", { exact: true }).waitFor({ timeout: 30_000 });
  assert.equal(await unsaved.count(), 0);
  assert.equal(await nb.page.getByText("(list 'mine 2)").count(), 0, "the page's edit gave way, as chosen");
  assert.equal(await fs.readFile(file, "utf8"), theirs2);

  // Save as…: the page's work goes to a new file; the other program's stays where it was.
  const theirs3 = await editHereAndThere("(list 'mine 3)", "theirs 3");
  await conflict.getByRole("button", { name: "Save as…", exact: true }).click();
  const saveAs = nb.page.getByRole("dialog", { name: "Save notebook as" });
  await saveAs.getByLabel("File name").fill("mine.ipynb");
  await saveAs.getByRole("button", { name: "Save file", exact: true }).click();
  await unsaved.waitFor({ state: "detached", timeout: 30_000 });
  const mine = await sources("mine.ipynb");
  assert.equal(mine.at(-1), "(list 'mine 3)");
  assert.ok(mine.includes("theirs 2") && !mine.includes("theirs 3"));
  assert.equal(await fs.readFile(file, "utf8"), theirs3);
  assert.match(await nb.page.title(), /^mine\.ipynb/);
});

test("a notebook with invalid UTF-8 opens with a warning that names the file and the first bad byte", { timeout: 120_000 }, async (t) => {
  const { nb, served } = await servedNotebook(t, browser(), { files: { "seed.ipynb": seedText() }, open: "seed.ipynb" });
  const bytes = Buffer.from(seedText(), "utf8");
  const at = bytes.indexOf("Mandelbrot");
  bytes[at] = 0xff;
  await fs.writeFile(path.join(served.notebookDir, "latin.ipynb"), bytes);
  await nb.button("Open").click();
  await nb.page.getByRole("dialog").getByText("latin.ipynb", { exact: true }).click();
  const warning = nb.alerts().filter({ hasText: "latin.ipynb" });
  await warning.waitFor({ timeout: 30_000 });
  assert.match(await warning.innerText(), new RegExp(`^latin\\.ipynb is not valid UTF-8: the first bad byte \\(0xFF\\) is at line \\d+, column \\d+ \\(byte ${at}\\)`));
  assert.match(await nb.page.title(), /^latin\.ipynb/, "the notebook opened all the same");
  assert.equal(await nb.cellCount(), 33);
});

test("metadata keys named __proto__ survive a round trip through the page", { timeout: 120_000 }, async (t) => {
  const nbWithProto = seedText()
    .replace('"metadata": {\n  "kernelspec"', '"metadata": {\n  "__proto__": {"polluted": true},\n  "kernelspec"')
    .replace('"metadata": {},', '"metadata": {"__proto__": {"tags": ["x"]}},');
  assert.equal((nbWithProto.match(/"__proto__"/g) ?? []).length, 2, "the test notebook holds two __proto__ keys");
  const { nb, served } = await servedNotebook(t, browser(), { files: { "proto.ipynb": nbWithProto }, open: "proto.ipynb" });
  await nb.cell(33).click();
  await nb.button("Add cell").click();
  await nb.page.keyboard.type("(list 'edited)");
  await nb.page.keyboard.press("Escape");
  await nb.button("Save").click();
  await nb.page.getByLabel("Unsaved changes").waitFor({ state: "detached", timeout: 30_000 });
  const text = await fs.readFile(path.join(served.notebookDir, "proto.ipynb"), "utf8");
  assert.equal((text.match(/"__proto__"/g) ?? []).length, 2, "both keys are written back");
  const saved = parseNotebook(text, "proto.ipynb");
  assert.deepEqual(Object.keys(saved.metadata)[0], "__proto__");
  assert.equal(saved.cells.at(-1)!.source, "(list 'edited)");
});
