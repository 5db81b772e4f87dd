import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { constants as fsConstants, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SAVE_CONFLICT_ERROR } from "../../contract/api.js";
import { emptyNotebook, newCodeCell, serializeNotebook, type Notebook } from "../../contract/notebook.js";
import { SettingsStore } from "../settings/store.js";
import { RecordingSession } from "../testing/recording-session.js";
import { seedNotebookPath } from "../testing/paths.js";
import { ShellApi, type FileDialogs } from "./shell-api.js";
import { BackupStore } from "./backup-store.js";
import { AnyPathAccess, NotebookDirectoryAccess, type FileAccess } from "./file-access.js";
import { RecentFiles } from "./recent-files.js";

interface Setup {
  host: ShellApi;
  session: RecordingSession;
  dir: string;
  config: string;
  warnings: string[];
}

/** Every test's folders, removed when the file's tests are done. */
const bases: string[] = [];
after(() => Promise.all(bases.map((base) => fs.rm(base, { recursive: true, force: true }))));

async function setup(
  options: { files?: (dir: string) => Promise<FileAccess>; dialogs?: FileDialogs; initial?: string; configIsAFile?: boolean } = {},
): Promise<Setup> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-host-")));
  bases.push(base);
  const dir = path.join(base, "notebooks");
  const config = path.join(base, "config");
  await fs.mkdir(dir);
  // Something that is not a folder where the config folder must be: every write into it fails (ENOTDIR), even
  // for root, who ignores permissions.
  if (options.configIsAFile) await fs.writeFile(config, "not a folder");
  await fs.copyFile(seedNotebookPath, path.join(dir, "seed.ipynb"));
  const warnings: string[] = [];
  const session = new RecordingSession();
  const host = new ShellApi({
    session,
    settings: await SettingsStore.load(path.join(config, "settings.json"), (m) => warnings.push(m)),
    files: await (options.files ?? NotebookDirectoryAccess.create)(dir),
    recent: new RecentFiles(path.join(config, "recent.json")),
    backups: new BackupStore(path.join(config, "backup.json"), (m) => warnings.push(m)),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    ...(options.initial ? { initialNotebook: options.initial } : {}),
    warn: (m) => warnings.push(m),
  });
  return { host, session, dir, config, warnings };
}

test("opening a corrupt notebook says what is wrong and where, and leaves the file alone", async () => {
  const { host, dir } = await setup();
  const text = (await fs.readFile(seedNotebookPath, "utf8")).slice(0, 300);
  await fs.writeFile(path.join(dir, "broken.ipynb"), text);
  await assert.rejects(host.openNotebook("broken.ipynb"), /broken\.ipynb is not valid JSON, line \d+, column \d+: .*truncated/);
  assert.equal(await fs.readFile(path.join(dir, "broken.ipynb"), "utf8"), text);
  await fs.writeFile(path.join(dir, "notes.txt"), "hello");
  await assert.rejects(host.openNotebook("notes.txt"), /notes\.txt is not valid JSON/);
  await assert.rejects(host.openNotebook("missing.ipynb"), /^NotebookFileError: Cannot read missing\.ipynb: no such file or folder$/);
});

test("a notebook from the UI is checked before anything is written", async () => {
  const { host, dir } = await setup();
  const before = await fs.readFile(path.join(dir, "seed.ipynb"), "utf8");
  const bogus = { ...emptyNotebook(), cells: [{ cell_type: "picture", source: "" }] } as unknown as Notebook;
  await assert.rejects(host.saveNotebook(bogus, "seed.ipynb"), /cell 1 has an unknown cell_type "picture"/);
  assert.equal(await fs.readFile(path.join(dir, "seed.ipynb"), "utf8"), before);
});

test("a failed save names the file as the UI does, says why, and leaves what was there", async () => {
  const { host, dir } = await setup();
  await fs.mkdir(path.join(dir, "taken.ipynb"));
  await fs.writeFile(path.join(dir, "taken.ipynb", "inside"), "kept");
  await assert.rejects(host.saveNotebook(emptyNotebook(), "taken.ipynb"), /^NotebookFileError: Cannot save taken\.ipynb: it is a folder, not a file$/);
  assert.equal(await fs.readFile(path.join(dir, "taken.ipynb", "inside"), "utf8"), "kept");
  assert.deepEqual((await fs.readdir(dir)).sort(), ["seed.ipynb", "taken.ipynb"], "no temporary file is left behind");
});

test("open then save writes the notebook back exactly as Jupyter would, and remembers it as recent", async () => {
  const { host, dir } = await setup({ initial: "seed.ipynb" });
  const opened = await host.initialNotebook();
  assert.equal(opened?.path, "seed.ipynb");
  await host.saveNotebook(opened!.notebook, "copy.ipynb");
  assert.equal(await fs.readFile(path.join(dir, "copy.ipynb"), "utf8"), await fs.readFile(seedNotebookPath, "utf8"));
  assert.deepEqual(await host.recentFiles(), ["copy.ipynb", "seed.ipynb"]);
});

test("without a path, a host with dialogs asks and one without refuses in words", async () => {
  const chosen: string[] = [];
  const { host, dir } = await setup({
    files: async () => new AnyPathAccess(),
    dialogs: {
      chooseNotebookToOpen: async () => null,
      chooseWhereToSave: async (name) => (chosen.push(name), path.join(dir, "picked.ipynb")),
    },
  });
  assert.equal(await host.openNotebook(), null, "a cancelled dialog opens nothing");
  assert.deepEqual(await host.saveNotebook(emptyNotebook()), { path: path.join(dir, "picked.ipynb") });
  assert.deepEqual(chosen, ["Untitled.ipynb"]);
  const web = await setup();
  await assert.rejects(web.host.openNotebook(), /Cannot open a notebook without a path: this host has no file dialog/);
});

test("the autosave backup comes back after a restart, and a damaged one is reported, not offered", async () => {
  const { host, config, warnings } = await setup();
  assert.equal(await host.takeBackup(), null);
  const nb = emptyNotebook();
  nb.cells.push(newCodeCell("(display 1)"));
  await host.writeBackup(nb, "seed.ipynb");
  const backup = await host.takeBackup();
  assert.equal(backup?.path, "seed.ipynb");
  assert.deepEqual(backup?.notebook.cells.map((c) => c.source), ["", "(display 1)"]);
  assert.ok(Date.now() - Date.parse(backup!.savedAt) < 60_000);
  await host.clearBackup();
  assert.equal(await host.takeBackup(), null);
  await fs.writeFile(path.join(config, "backup.json"), '{"notebook": 3}');
  assert.equal(await host.takeBackup(), null);
  assert.match(warnings.join("\n"), /The autosave backup .*backup\.json cannot be used: the autosave backup is not a notebook: the top level is not an object/);
});

test("a page that connects later gets the latest kernel, cluster and sticky state", async () => {
  const { host, session } = await setup();
  session.emit({ type: "kernel", state: "busy" });
  session.emit({ type: "kernel", state: "idle" });
  session.emit({ type: "sticky", magics: ["%%px -e"] });
  session.emit({ type: "stream", cellId: "c", name: "stdout", text: "x" });
  assert.deepEqual(host.stateEvents(), [
    { type: "kernel", state: "idle" },
    { type: "sticky", magics: ["%%px -e"] },
  ]);
  await host.startCluster();
  assert.equal(host.stateEvents().length, 3);
  await host.dispose();
  assert.equal(session.calls.at(-1), "shutdown");
});

test("settings changes are saved, announced to every page, and bad ones refused", async () => {
  const { host } = await setup();
  const heard: unknown[] = [];
  host.onEvent((e) => heard.push(e));
  const settings = await host.setSettings({ clusterSize: 3, theme: "dark" });
  assert.equal(settings.clusterSize, 3);
  assert.deepEqual(heard, [{ type: "settings", settings }]);
  await assert.rejects(host.setSettings({ clusterSize: 65 }), /Cluster size must be a whole number from 1 to 64, not 65/);
  assert.equal((await host.getSettings()).clusterSize, 3);
});

test("a notebook changed on disk since it was opened is not overwritten: the save is refused as a conflict", async () => {
  const { host, dir } = await setup();
  const file = path.join(dir, "seed.ipynb");
  const opened = (await host.openNotebook("seed.ipynb"))!;
  // Another program rewrites the file: same size, and the same modification time put back, so only the content
  // tells (a fast save within one clock tick looks like this).
  const before = await fs.stat(file);
  const text = await fs.readFile(file, "utf8");
  const external = text.replace('"nbformat_minor": 5', '"nbformat_minor": 6');
  assert.equal(external.length, text.length);
  await fs.writeFile(file, external);
  await fs.utimes(file, before.atime, before.mtime);
  await assert.rejects(host.saveNotebook(opened.notebook, "seed.ipynb"), (err: Error) => {
    assert.equal(err.name, SAVE_CONFLICT_ERROR);
    assert.match(err.message, /^seed\.ipynb was changed on disk by another program since Parabook last opened or saved it/);
    assert.ok(!err.message.includes(dir), "the message names the file as the UI does");
    return true;
  });
  assert.equal(await fs.readFile(file, "utf8"), external, "the other program's version is untouched");
  // Overwriting is the user's explicit choice; after it, saving again is an ordinary save.
  assert.deepEqual(await host.saveNotebook(opened.notebook, "seed.ipynb", { overwrite: true }), { path: "seed.ipynb" });
  assert.equal(await fs.readFile(file, "utf8"), text);
  assert.deepEqual(await host.saveNotebook(opened.notebook, "seed.ipynb"), { path: "seed.ipynb" });
  // Reloading (opening again) takes in the other program's version, and a save after it is no conflict.
  await fs.writeFile(file, external);
  await assert.rejects(host.saveNotebook(opened.notebook, "seed.ipynb"), { name: SAVE_CONFLICT_ERROR });
  const reloaded = (await host.openNotebook("seed.ipynb"))!;
  assert.equal(reloaded.notebook.nbformat_minor, 6);
  await host.saveNotebook(reloaded.notebook, "seed.ipynb");
  // A file deleted meanwhile is simply written again: nothing of anyone's is lost by that.
  await fs.rm(file);
  await host.saveNotebook(reloaded.notebook, "seed.ipynb");
  assert.equal(await fs.readFile(file, "utf8"), external);
});

test("a config folder that cannot be written does not stop opening or saving notebooks; it is reported", async () => {
  const { host, dir, warnings } = await setup({ configIsAFile: true });
  const opened = await host.openNotebook("seed.ipynb");
  assert.equal(opened?.path, "seed.ipynb");
  opened!.notebook.cells.push(newCodeCell("(saved anyway)"));
  assert.deepEqual(await host.saveNotebook(opened!.notebook, "seed.ipynb"), { path: "seed.ipynb" });
  assert.match(await fs.readFile(path.join(dir, "seed.ipynb"), "utf8"), /\(saved anyway\)/);
  assert.match(warnings.join("\n"), /Cannot remember seed\.ipynb among the recent files: .*a part of the path is not a folder/);
});

test("a name too long for the file system is refused with the name as the user gave it, not the server's path", async () => {
  const { host, dir } = await setup();
  const name = `${"n".repeat(300)}.ipynb`;
  for (const attempt of [host.openNotebook(name), host.saveNotebook(emptyNotebook(), name), host.listDirectory(`${name}/x`)]) {
    await assert.rejects(attempt, (err: Error) => {
      assert.ok(!err.message.includes(dir), `no server path in: ${err.message}`);
      assert.match(err.message, /^Cannot (read|save|use|list) "?n{300}\.ipynb.*: the name is too long$/);
      return true;
    });
  }
});

test("a FIFO is refused at once instead of waiting for a writer, and saving stays possible", { timeout: 30_000 }, async (t) => {
  const { host, dir } = await setup();
  const fifo = path.join(dir, "pipe.ipynb");
  execFileSync("mkfifo", [fifo]);
  // If a read did block, a writer that opens and closes lets it go, so the test ends either way.
  t.after(() => fs.open(fifo, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK).then((h) => h.close()).catch(() => undefined));
  for (let i = 0; i < 5; i++) {
    await assert.rejects(host.openNotebook("pipe.ipynb"), /^NotebookFileError: Cannot read pipe\.ipynb: it is a FIFO \(named pipe\), not a regular file$/);
  }
  await assert.rejects(host.saveNotebook(emptyNotebook(), "pipe.ipynb"), /Cannot save pipe\.ipynb: it is a FIFO \(named pipe\), not a regular file/);
  assert.ok((await fs.stat(fifo)).isFIFO(), "the FIFO is left as it was");
  await host.saveNotebook(emptyNotebook(), "other.ipynb");
});

test("invalid UTF-8 opens, with a warning naming the file and the first bad byte", async () => {
  const { host, dir } = await setup();
  const nb = emptyNotebook();
  nb.cells = [newCodeCell("(display \"caf\u00e9\")"), newCodeCell("(display \"BAD\")")];
  const text = Buffer.from(serializeNotebook(nb), "utf8");
  const at = text.indexOf("BAD");
  text[at] = 0xe9; // "é" as Latin-1 wrote it: not UTF-8
  await fs.writeFile(path.join(dir, "latin1.ipynb"), text);
  const opened = (await host.openNotebook("latin1.ipynb"))!;
  assert.equal(opened.notebook.cells[1]!.source, '(display "\ufffdAD")');
  const line = text.subarray(0, at).toString("latin1").split("\n").length;
  const column = at - (text.lastIndexOf(10, at) + 1) + 1; // the line is ASCII up to the bad byte
  assert.deepEqual(opened.warnings, [
    `latin1.ipynb is not valid UTF-8: the first bad byte (0xE9) is at line ${line}, column ${column} (byte ${at}). ` +
      "Bad bytes show as \ufffd, and saving writes them so.",
  ]);
  assert.equal((await host.openNotebook("seed.ipynb"))!.warnings, undefined, "a clean file has no warnings");
});
