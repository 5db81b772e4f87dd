// Notebook files under hostile conditions, against a real `parabook serve` driven over its WebSocket as the page
// drives it: a FIFO where a notebook should be, another program editing the file, JSON nested beyond reason, a
// save killed halfway, and a config folder that is full.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync, spawn } from "node:child_process";
import { promises as fs, watch } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { SAVE_CONFLICT_ERROR } from "../contract/api.js";
import { emptyNotebook, newCodeCell, parseNotebook, serializeNotebook } from "../contract/notebook.js";
import { parabookBin, projectRoot, seedNotebookPath } from "../kernel/testing/paths.js";
import { startServe, within } from "./testing/serve-process.js";

const seedText = () => fs.readFile(seedNotebookPath, "utf8");

test("a FIFO opened again and again blocks nothing: each open is refused, saves go on, SIGTERM ends the server", { timeout: 120_000 }, async (t) => {
  const server = await startServe(t, {
    prepare: async (dir) => {
      execFileSync("mkfifo", [path.join(dir, "pipe.ipynb")]);
      await fs.writeFile(path.join(dir, "seed.ipynb"), await seedText());
    },
  });
  // Four at once: as many as libuv has threads for file system calls, all of which a blocking open would take.
  const opens = [1, 2, 3, 4, 5, 6].map(() => server.api.openNotebook("pipe.ipynb").then(
    () => "opened",
    (err: Error) => err.message,
  ));
  const nb = emptyNotebook();
  nb.cells = [newCodeCell("(saved after the FIFO)")];
  await within(30_000, "saveNotebook after opening the FIFO", server.api.saveNotebook(nb, "after.ipynb"));
  assert.equal(parseNotebook(await fs.readFile(path.join(server.notebookDir, "after.ipynb"), "utf8")).cells[0]!.source, "(saved after the FIFO)");
  for (const outcome of await within(30_000, "the opens of the FIFO", Promise.all(opens))) {
    assert.equal(outcome, "Cannot read pipe.ipynb: it is a FIFO (named pipe), not a regular file");
  }
  assert.ok((await fs.stat(path.join(server.notebookDir, "pipe.ipynb"))).isFIFO(), "the FIFO is left alone");
  assert.equal(await server.terminate(30_000), true, `SIGTERM ended the server\n${server.stderr()}`);
});

test("a file another program changed is not overwritten over the wire; the refusal is a typed conflict", { timeout: 60_000 }, async (t) => {
  const server = await startServe(t, { prepare: async (dir) => fs.writeFile(path.join(dir, "seed.ipynb"), await seedText()) });
  const file = path.join(server.notebookDir, "seed.ipynb");
  const opened = (await server.api.openNotebook("seed.ipynb"))!;
  opened.notebook.cells.push(newCodeCell("(mine)"));
  const theirs = parseNotebook(await seedText());
  theirs.cells.push(newCodeCell("(theirs)"));
  await fs.writeFile(file, serializeNotebook(theirs));
  await assert.rejects(server.api.saveNotebook(opened.notebook, "seed.ipynb"), (err: Error) => {
    assert.equal(err.name, SAVE_CONFLICT_ERROR);
    assert.match(err.message, /^seed\.ipynb was changed on disk by another program since Parabook last opened or saved it/);
    return true;
  });
  assert.equal(parseNotebook(await fs.readFile(file, "utf8")).cells.at(-1)!.source, "(theirs)");
  await server.api.saveNotebook(opened.notebook, "seed.ipynb", { overwrite: true });
  assert.equal(parseNotebook(await fs.readFile(file, "utf8")).cells.at(-1)!.source, "(mine)");
});

test("JSON nested 200,000 deep is refused with the limit and the place, by serve and by run", { timeout: 120_000 }, async (t) => {
  const depth = 200_000;
  const deep = "[".repeat(depth) + "]".repeat(depth);
  const text = `{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","source":"","metadata":{"deep":${deep}},"outputs":[],"execution_count":null}]}`;
  const expected = /deep\.ipynb is nested too deeply \(more than 1000 levels\) in cell 1, at cells\[0\]\.metadata\.deep\[0\]\[0\]/;
  const server = await startServe(t, { prepare: (dir) => fs.writeFile(path.join(dir, "deep.ipynb"), text) });
  await assert.rejects(within(30_000, "openNotebook", server.api.openNotebook("deep.ipynb")), (err: Error) => {
    assert.match(err.message, expected);
    return true;
  });
  const input = path.join(server.notebookDir, "deep.ipynb");
  const run = await promisify(execFile)(process.execPath, [parabookBin, "run", input, "--nodes", "1", "--output", `${input}.out`]).then(
    () => ({ code: 0, stderr: "" }),
    (err: { code: number; stderr: string }) => err,
  );
  assert.equal(run.code, 2);
  assert.match(run.stderr, expected);
  assert.doesNotMatch(run.stderr, /Maximum call stack/);
});

test("a save killed halfway leaves a temporary file that a later save into the folder removes", { timeout: 120_000 }, async (t) => {
  const server = await startServe(t);
  const dir = server.notebookDir;
  // A writer saving a large notebook through the real atomic write, killed by SIGKILL as soon as its temporary
  // file appears (tried a few times in case a fast disk lets the save finish first).
  const big = emptyNotebook();
  big.cells = [newCodeCell("x".repeat(32 * 1024 * 1024))];
  const bigFile = path.join(dir, "big.json");
  await fs.writeFile(bigFile, JSON.stringify(big));
  const fileModule = pathToFileURL(path.join(projectRoot, "dist", "kernel", "notebook", "file.js")).href;
  const writer = `import { readFileSync } from "node:fs"; const { writeNotebookFile } = await import(${JSON.stringify(fileModule)});
    await writeNotebookFile(process.argv[1], JSON.parse(readFileSync(process.argv[2], "utf8")));`;
  let leftovers: string[] = [];
  for (let attempt = 0; attempt < 5 && leftovers.length === 0; attempt++) {
    const child = spawn(process.execPath, ["--input-type=module", "-e", writer, path.join(dir, "crashed.ipynb"), bigFile], { stdio: "ignore" });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const watcher = watch(dir, (_event, name) => {
      if (name?.endsWith(".tmp")) child.kill("SIGKILL");
    });
    await exited;
    watcher.close();
    leftovers = (await fs.readdir(dir)).filter((n) => n.startsWith(".crashed.ipynb.") && n.endsWith(".tmp"));
  }
  assert.equal(leftovers.length, 1, "a killed save left its temporary file");
  await fs.rm(bigFile);
  // Its writer is gone; a minute on (the margin for writers this host cannot see, e.g. on a shared folder), it is stale.
  const leftover = path.join(dir, leftovers[0]!);
  const twoMinutesAgo = new Date(Date.now() - 120_000);
  await fs.utimes(leftover, twoMinutesAgo, twoMinutesAgo);
  // Not ours, or still being written by a live process: kept.
  const usersOwn = path.join(dir, ".notes.tmp");
  const live = path.join(dir, `.other.ipynb.${process.pid}.${Date.now().toString(36)}.tmp`);
  await fs.writeFile(usersOwn, "mine");
  await fs.writeFile(live, "in progress");
  await fs.utimes(usersOwn, twoMinutesAgo, twoMinutesAgo);
  await fs.utimes(live, twoMinutesAgo, twoMinutesAgo);
  await server.api.saveNotebook(emptyNotebook(), "next.ipynb");
  const names = await fs.readdir(dir);
  assert.ok(!names.includes(leftovers[0]!), `the stale temporary file is gone: ${names.join(", ")}`);
  assert.ok(names.includes(".notes.tmp") && names.includes(path.basename(live)), "only stale files of our own are removed");

  // Listing a folder cleans it too.
  await fs.mkdir(path.join(dir, "sub"));
  const old = path.join(dir, "sub", `.a.ipynb.${process.pid}.${(Date.now() - 2 * 3600_000).toString(36)}.tmp`);
  await fs.writeFile(old, "{");
  const hoursAgo = new Date(Date.now() - 2 * 3600_000);
  await fs.utimes(old, hoursAgo, hoursAgo);
  await server.api.listDirectory("sub");
  await assert.rejects(fs.stat(old), { code: "ENOENT" }, "an hour-old temporary file goes even if its PID is in use again");
});

test("a full config folder: opening and saving work, the recent-files failure is only a warning", { timeout: 60_000 }, async (t) => {
  const server = await startServe(t, {
    fullConfigFolder: true,
    prepare: async (dir) => fs.writeFile(path.join(dir, "seed.ipynb"), await seedText()),
  });
  const opened = await server.api.openNotebook("seed.ipynb");
  assert.equal(opened?.path, "seed.ipynb");
  opened!.notebook.cells.push(newCodeCell("(kept)"));
  assert.deepEqual(await server.api.saveNotebook(opened!.notebook, "seed.ipynb"), { path: "seed.ipynb" });
  assert.equal(parseNotebook(await fs.readFile(path.join(server.notebookDir, "seed.ipynb"), "utf8")).cells.at(-1)!.source, "(kept)");
  assert.match(server.stderr(), /warning: Cannot remember seed\.ipynb among the recent files: .*the disk is full/);
  // A settings change is the user's explicit request: refused in words, with nothing half-changed.
  await assert.rejects(server.api.setSettings({ theme: "dark" }), /Cannot save .*settings\.json: the disk is full/);
  assert.equal((await server.api.getSettings()).theme, "system");
});
