// `parabook kernelspec install/list/remove`, checked with Jupyter's own `jupyter kernelspec list` (Debian's
// jupyter-client): Jupyter finds "Parabook Scheme" where Parabook put it, with argv that starts this installation.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { installKernelspec, type InstalledKernelspec } from "./testing/kernelspec.js";
import { parabookBin } from "../kernel/testing/paths.js";

const run = promisify(execFile);

interface JupyterSpecs {
  kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; display_name: string; language: string; interrupt_mode: string } }>;
}

async function jupyterKernelspecs(env: NodeJS.ProcessEnv): Promise<JupyterSpecs> {
  const { stdout } = await run("/usr/bin/jupyter-kernelspec", ["list", "--json"], { env, timeout: 30_000 });
  return JSON.parse(stdout) as JupyterSpecs;
}

const parabook = (args: string[], env: NodeJS.ProcessEnv) => run(process.execPath, [parabookBin, ...args], { env, timeout: 30_000 });

test("jupyter kernelspec list finds the kernelspec parabook installed for the user, with absolute paths and the logos", async (t) => {
  const spec: InstalledKernelspec = await installKernelspec();
  t.after(() => spec.remove());
  const found = (await jupyterKernelspecs(spec.env)).kernelspecs.parabook;
  assert.ok(found, "Jupyter does not list the kernel 'parabook'");
  assert.equal(found.resource_dir, spec.dir);
  assert.equal(found.spec.display_name, "Parabook Scheme");
  assert.equal(found.spec.language, "scheme");
  assert.equal(found.spec.interrupt_mode, "message");
  assert.deepEqual(found.spec.argv, [process.execPath, parabookBin, "kernel", "-f", "{connection_file}"]);
  for (const a of found.spec.argv.slice(0, 2)) assert.ok(path.isAbsolute(a), `${a} is not absolute`);
  for (const size of [32, 64]) {
    const png = await fs.readFile(path.join(spec.dir, `logo-${size}x${size}.png`));
    assert.equal(png.subarray(1, 4).toString("ascii"), "PNG");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size]);
  }
});

test("--name calysto_scheme keeps the display name; list shows both; remove takes one away and refuses another kernel's", async (t) => {
  const spec = await installKernelspec();
  t.after(() => spec.remove());
  await parabook(["kernelspec", "install", "--user", "--name", "calysto_scheme"], spec.env);
  const specs = (await jupyterKernelspecs(spec.env)).kernelspecs;
  assert.equal(specs.calysto_scheme?.spec.display_name, "Parabook Scheme");
  assert.ok(specs.parabook);

  const listed = (await parabook(["kernelspec", "list"], spec.env)).stdout;
  assert.match(listed, new RegExp(`calysto_scheme\\s+${path.join(spec.env.JUPYTER_DATA_DIR!, "kernels", "calysto_scheme")}`));
  assert.match(listed, new RegExp(`parabook\\s+${spec.dir}`));

  const removed = await parabook(["kernelspec", "remove", "calysto_scheme"], spec.env);
  assert.match(removed.stdout, /Removed .*calysto_scheme/);
  assert.equal((await jupyterKernelspecs(spec.env)).kernelspecs.calysto_scheme, undefined);

  // A kernelspec of another kernel, found first on the path, is not Parabook's to remove.
  const other = path.join(spec.env.JUPYTER_DATA_DIR!, "kernels", "other");
  await fs.mkdir(other, { recursive: true });
  await fs.writeFile(path.join(other, "kernel.json"), JSON.stringify({ argv: ["python3", "-m", "x"], display_name: "X", language: "x" }));
  await assert.rejects(parabook(["kernelspec", "remove", "other"], spec.env), (err: { stderr: string; code: number }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /is not a Parabook kernelspec; remove it with jupyter kernelspec remove other/);
    return true;
  });
  await fs.access(path.join(other, "kernel.json"));
  await assert.rejects(parabook(["kernelspec", "remove", "nothing-here"], spec.env), /There is no kernelspec named nothing-here/);
});

test("--prefix P installs under P/share/jupyter, which Jupyter finds through JUPYTER_PATH; bad arguments are named", async (t) => {
  const spec = await installKernelspec();
  t.after(() => spec.remove());
  const prefix = path.join(spec.root, "prefix");
  await parabook(["kernelspec", "install", "--prefix", prefix, "--name", "pb-prefix"], spec.env);
  const env = { ...spec.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") };
  assert.equal((await jupyterKernelspecs(env)).kernelspecs["pb-prefix"]?.resource_dir, path.join(prefix, "share", "jupyter", "kernels", "pb-prefix"));
  await assert.rejects(parabook(["kernelspec", "install", "--user", "--prefix", prefix], spec.env), /choose one of --user, --sys-prefix and --prefix/);
  await assert.rejects(parabook(["kernelspec", "install", "--user", "--name", "no spaces"], spec.env), /"no spaces" is not a kernel name/);
  // A prefix below a file: the folder cannot be made, and the message says which and why.
  const file = path.join(spec.root, "a-file");
  await fs.writeFile(file, "");
  await assert.rejects(
    parabook(["kernelspec", "install", "--prefix", file], spec.env),
    new RegExp(`Cannot make the folder ${file}/share/jupyter/kernels/parabook: a part of the path is not a folder`),
  );
});
