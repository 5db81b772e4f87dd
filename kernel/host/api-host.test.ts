import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emptyNotebook, newCodeCell, type Notebook } from "../notebook/format.js";
import { SettingsStore } from "../settings/store.js";
import { RecordingSession } from "../testing/recording-session.js";
import { seedNotebookPath } from "../testing/paths.js";
import { ApiHost, type FileDialogs } from "./api-host.js";
import { BackupStore } from "./backup-store.js";
import { AnyPathAccess, NotebookDirectoryAccess, type FileAccess } from "./file-access.js";
import { RecentFiles } from "./recent-files.js";

interface Setup {
  host: ApiHost;
  session: RecordingSession;
  dir: string;
  config: string;
  warnings: string[];
}

async function setup(options: { files?: (dir: string) => Promise<FileAccess>; dialogs?: FileDialogs; initial?: string } = {}): Promise<Setup> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-host-")));
  const dir = path.join(base, "notebooks");
  const config = path.join(base, "config");
  await fs.mkdir(dir);
  await fs.copyFile(seedNotebookPath, path.join(dir, "seed.ipynb"));
  const warnings: string[] = [];
  const session = new RecordingSession();
  const host = new ApiHost({
    session,
    settings: await SettingsStore.load(path.join(config, "settings.json"), (m) => warnings.push(m)),
    files: await (options.files ?? NotebookDirectoryAccess.create)(dir),
    recent: new RecentFiles(path.join(config, "recent.json")),
    backups: new BackupStore(path.join(config, "backup.json"), (m) => warnings.push(m)),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    ...(options.initial ? { initialNotebook: options.initial } : {}),
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
