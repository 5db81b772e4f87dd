import { after, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { availableParallelism } from "node:os";
import { configDirectory } from "./config-dir.js";
import { defaultSettings, SettingsError, settingsFromJson, validateSettingsPatch } from "./settings.js";
import { SettingsStore } from "./store.js";

const made: string[] = [];
after(() => Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-settings-"));
  made.push(dir);
  return dir;
}

test("the default cluster size is the number of CPU cores, within 1–64", () => {
  assert.equal(defaultSettings().clusterSize, Math.min(64, availableParallelism()));
  assert.equal(defaultSettings().defaultNodeKernel, "scheme");
  assert.equal(defaultSettings().theme, "system");
});

test("a patch with a bad value is refused, naming the field and the value", () => {
  for (const bad of [0, 65, 2.5, "3", null]) {
    assert.throws(
      () => validateSettingsPatch({ clusterSize: bad }),
      (err: unknown) => err instanceof SettingsError && err.field === "clusterSize" && err.message.includes(JSON.stringify(bad)),
    );
  }
  assert.throws(() => validateSettingsPatch({ theme: "pink" }), /Theme must be one of light, dark, system, not "pink"/);
  assert.throws(() => validateSettingsPatch({ defaultNodeKernel: "python" }), /Default node kernel must be one of scheme/);
  assert.throws(() => validateSettingsPatch({ clustersize: 3 }), /Unknown setting "clustersize"/);
  assert.throws(() => validateSettingsPatch([1]), /must be an object/);
  assert.deepEqual(validateSettingsPatch({ clusterSize: 64, theme: "dark" }), { clusterSize: 64, theme: "dark" });
});

test("reading a settings file keeps the good fields and reports each bad one", () => {
  const { settings, problems } = settingsFromJson({ clusterSize: 100, theme: "dark", extra: true });
  assert.equal(settings.theme, "dark");
  assert.equal(settings.clusterSize, defaultSettings().clusterSize);
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /Cluster size must be a whole number from 1 to 64, not 100; using \d+/);
  assert.match(problems[1]!, /unknown setting "extra" ignored/);
});

test("a missing settings file means the defaults, silently", async () => {
  const warnings: string[] = [];
  const store = await SettingsStore.load(path.join(await tempDir(), "settings.json"), (m) => warnings.push(m));
  assert.deepEqual(store.current(), defaultSettings());
  assert.deepEqual(warnings, []);
});

test("a damaged settings file falls back to the defaults with one warning, and is left as it was", async () => {
  const file = path.join(await tempDir(), "settings.json");
  await fs.writeFile(file, '{"clusterSize": 3,');
  const warnings: string[] = [];
  const store = await SettingsStore.load(file, (m) => warnings.push(m));
  assert.deepEqual(store.current(), defaultSettings());
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /settings\.json is not valid JSON .*; using the default settings/);
  assert.equal(await fs.readFile(file, "utf8"), '{"clusterSize": 3,');
});

test("an update is validated, saved atomically, and read back by the next start", async () => {
  const dir = await tempDir();
  const file = path.join(dir, "nested", "settings.json");
  const store = await SettingsStore.load(file, assert.fail);
  assert.deepEqual(await store.update({ clusterSize: 3 }), { ...defaultSettings(), clusterSize: 3 });
  await assert.rejects(store.update({ clusterSize: 0 }), SettingsError);
  assert.equal(store.current().clusterSize, 3, "a refused patch changes nothing");
  const again = await SettingsStore.load(file, assert.fail);
  assert.equal(again.current().clusterSize, 3);
  assert.deepEqual(await fs.readdir(path.dirname(file)), ["settings.json"], "no temporary file is left behind");
});

test("the config folder: PARABOOK_CONFIG_DIR, else XDG_CONFIG_HOME, else ~/.config", () => {
  assert.equal(configDirectory({ PARABOOK_CONFIG_DIR: "/tmp/pb", XDG_CONFIG_HOME: "/x" }, "/home/u"), "/tmp/pb");
  assert.equal(configDirectory({ XDG_CONFIG_HOME: "/x" }, "/home/u"), "/x/parabook");
  assert.equal(configDirectory({ XDG_CONFIG_HOME: "relative" }, "/home/u"), "/home/u/.config/parabook");
  assert.equal(configDirectory({}, "/home/u"), "/home/u/.config/parabook");
});

test("memory per kernel is auto by default, or a whole number of MB from 64 to 1048576", () => {
  assert.equal(defaultSettings().kernelMemoryMb, "auto");
  assert.deepEqual(validateSettingsPatch({ kernelMemoryMb: 512 }), { kernelMemoryMb: 512 });
  assert.deepEqual(validateSettingsPatch({ kernelMemoryMb: "auto" }), { kernelMemoryMb: "auto" });
  for (const bad of [0, 63, 1_048_577, 100.5, "512", "Auto", null]) {
    assert.throws(
      () => validateSettingsPatch({ kernelMemoryMb: bad }),
      (err: unknown) =>
        err instanceof SettingsError &&
        err.field === "kernelMemoryMb" &&
        err.message === `Memory per kernel must be "auto" or a whole number of MB from 64 to 1048576, not ${JSON.stringify(bad)}`,
    );
  }
  const { settings, problems } = settingsFromJson({ kernelMemoryMb: 10 });
  assert.equal(settings.kernelMemoryMb, "auto");
  assert.match(problems[0]!, /Memory per kernel must be .*, not 10; using "auto"/);
});

test("where nodes run: each field checked, a bad one named with what is wrong", () => {
  assert.deepEqual(
    validateSettingsPatch({ nodeLauncher: "slurm", slurmPartition: "short", slurmTimeLimit: "1-00:30:00", slurmArgs: '--constraint="a b"', sshHosts: "h1:4,h2:4", mpiHostfile: "hosts.txt", heartbeatSeconds: 2.5, nodeCommand: "parabook" }),
    { nodeLauncher: "slurm", slurmPartition: "short", slurmTimeLimit: "1-00:30:00", slurmArgs: '--constraint="a b"', sshHosts: "h1:4,h2:4", mpiHostfile: "hosts.txt", heartbeatSeconds: 2.5, nodeCommand: "parabook" },
  );
  assert.deepEqual(validateSettingsPatch({ slurmPartition: "  ", sshHosts: "" }), { slurmPartition: "", sshHosts: "" }, "empty means the default");
  const refused: [object, string, RegExp][] = [
    [{ nodeLauncher: "pbs" }, "nodeLauncher", /Where nodes run must be one of local, slurm, mpi, ssh, not "pbs"/],
    [{ slurmPartition: "short;rm" }, "slurmPartition", /Slurm partition: 'short;rm' is not a partition name/],
    [{ slurmTimeLimit: "half an hour" }, "slurmTimeLimit", /Slurm time limit: 'half an hour' is not a Slurm time/],
    [{ slurmArgs: '-p "x' }, "slurmArgs", /Slurm arguments: unclosed "/],
    [{ sshHosts: "h1:4,h2" }, "sshHosts", /SSH hosts: give a count for every host/],
    [{ mpiHostfile: "a\nb" }, "mpiHostfile", /MPI host file must be one line of text/],
    [{ heartbeatSeconds: 0 }, "heartbeatSeconds", /heartbeat bound must be a number of seconds from 1 to 600, not 0/],
    [{ nodeCommand: 3 }, "nodeCommand", /Node command must be one line of text, not 3/],
  ];
  for (const [patch, field, message] of refused) {
    assert.throws(() => validateSettingsPatch(patch), (err: unknown) => err instanceof SettingsError && err.field === field && message.test(err.message), JSON.stringify(patch));
  }
});

test("where the kernel runs: this computer by default, or a Jupyter Server whose address is checked", () => {
  assert.equal(defaultSettings().kernelPlace, "this-computer");
  assert.deepEqual(
    validateSettingsPatch({ kernelPlace: "jupyter-server", jupyterServerUrl: "https://login1:8888/user/a", jupyterKernelName: "parabook" }),
    { kernelPlace: "jupyter-server", jupyterServerUrl: "https://login1:8888/user/a/", jupyterKernelName: "parabook" },
  );
  const refused: [object, string, RegExp][] = [
    [{ kernelPlace: "cloud" }, "kernelPlace", /Where the kernel runs must be one of this-computer, jupyter-server, not "cloud"/],
    [{ jupyterServerUrl: "ftp://h/" }, "jupyterServerUrl", /The Jupyter Server address: the address must start with http:\/\/ or https:\/\/, not ftp:/],
    [{ jupyterServerUrl: "http://h/?token=sekrit" }, "jupyterServerUrl", /must not carry its token \(\?token=…\): give the token in its own field/],
    [{ jupyterKernelName: "a b" }, "jupyterKernelName", /Jupyter kernel name: 'a b' is not a kernelspec name/],
    [{ jupyterServerToken: "has space sekrit" }, "jupyterServerToken", /The Jupyter Server token: the token must be one word of printable ASCII/],
    [{ jupyterServerTokenSet: true }, "jupyterServerTokenSet", /Unknown setting "jupyterServerTokenSet"/],
  ];
  for (const [patch, field, message] of refused) {
    assert.throws(
      () => validateSettingsPatch(patch),
      (err: unknown) => err instanceof SettingsError && err.field === field && message.test(err.message) && !/sekrit/.test(err.message),
      JSON.stringify(patch),
    );
  }
  const { settings, token, problems } = settingsFromJson({ jupyterServerToken: "bad sekrit", jupyterServerUrl: "http://h/?token=sekrit" });
  assert.equal(token, "");
  assert.equal(settings.jupyterServerUrl, "");
  assert.equal(problems.length, 2);
  assert.ok(problems.every((p) => !/sekrit/.test(p)), "a settings file's bad token is never repeated in a warning");
  assert.match(problems.join("\n"), /The Jupyter Server token: .*; using none/);
});

test("the Jupyter Server token is kept in the settings file, readable by its owner only, and the settings show only that it is set", async () => {
  const dir = await tempDir();
  const file = path.join(dir, "settings.json");
  await fs.writeFile(file, "{}", { mode: 0o644 });
  const store = await SettingsStore.load(file, assert.fail);
  const saved = await store.update({ kernelPlace: "jupyter-server", jupyterServerUrl: "http://127.0.0.1:8888", jupyterServerToken: "t0ken-abc" });
  assert.equal(saved.jupyterServerTokenSet, true);
  assert.ok(!JSON.stringify(saved).includes("t0ken-abc"), "the settings never carry the token");
  assert.ok(!JSON.stringify(store.current()).includes("t0ken-abc"));
  assert.equal(store.jupyterServerToken(), "t0ken-abc");
  assert.equal((await fs.stat(file)).mode & 0o777, 0o600, "a file holding a token is readable by its owner only");
  const onDisk = JSON.parse(await fs.readFile(file, "utf8")) as Record<string, unknown>;
  assert.equal(onDisk.jupyterServerToken, "t0ken-abc");
  assert.equal(onDisk.jupyterServerTokenSet, undefined, "the flag is not stored: the token is");

  const again = await SettingsStore.load(file, assert.fail);
  assert.equal(again.jupyterServerToken(), "t0ken-abc");
  assert.equal(again.current().jupyterServerTokenSet, true);
  assert.equal(again.current().jupyterServerUrl, "http://127.0.0.1:8888/");

  const cleared = await again.update({ jupyterServerToken: "" });
  assert.equal(cleared.jupyterServerTokenSet, false);
  assert.equal(again.jupyterServerToken(), "");
  assert.ok(!(await fs.readFile(file, "utf8")).includes("jupyterServerToken"), "a removed token leaves no trace in the file");
});
