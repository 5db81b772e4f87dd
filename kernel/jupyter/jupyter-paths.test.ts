import { test } from "node:test";
import assert from "node:assert/strict";
import { installDirectory, jupyterDataDir, kernelDirectories, kernelNameProblem, type PathContext } from "./jupyter-paths.js";

const linux = (env: PathContext["env"] = {}): PathContext => ({ env, platform: "linux", home: "/home/ada" });

test("the user's data folder is jupyter_core's: JUPYTER_DATA_DIR, else XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter", () => {
  assert.equal(jupyterDataDir(linux()), "/home/ada/.local/share/jupyter");
  assert.equal(jupyterDataDir(linux({ XDG_DATA_HOME: "/xdg" })), "/xdg/jupyter");
  assert.equal(jupyterDataDir(linux({ JUPYTER_DATA_DIR: "/tmp/j", XDG_DATA_HOME: "/xdg" })), "/tmp/j");
  assert.equal(jupyterDataDir({ env: {}, platform: "darwin", home: "/Users/ada" }), "/Users/ada/Library/Jupyter");
});

test("kernels are looked up in JUPYTER_PATH, the user's, the active environment's, then the system's folders", () => {
  assert.deepEqual(kernelDirectories(linux({ JUPYTER_PATH: "/a:/b/", VIRTUAL_ENV: "/venv" })), [
    "/a/kernels",
    "/b/kernels",
    "/home/ada/.local/share/jupyter/kernels",
    "/venv/share/jupyter/kernels",
    "/usr/local/share/jupyter/kernels",
    "/usr/share/jupyter/kernels",
  ]);
  assert.deepEqual(kernelDirectories(linux({ VIRTUAL_ENV: "/venv", JUPYTER_PREFER_ENV_PATH: "1" })).slice(0, 2), [
    "/venv/share/jupyter/kernels",
    "/home/ada/.local/share/jupyter/kernels",
  ]);
});

test("install places: --user, --prefix, --sys-prefix (the active environment) and the system folder by default", () => {
  const context = linux({ CONDA_PREFIX: "/opt/conda" });
  assert.equal(installDirectory({ kind: "user" }, "parabook", context), "/home/ada/.local/share/jupyter/kernels/parabook");
  assert.equal(installDirectory({ kind: "prefix", prefix: "/p" }, "parabook", context), "/p/share/jupyter/kernels/parabook");
  assert.equal(installDirectory({ kind: "sys-prefix" }, "calysto_scheme", context), "/opt/conda/share/jupyter/kernels/calysto_scheme");
  assert.equal(installDirectory({ kind: "system" }, "parabook", context), "/usr/local/share/jupyter/kernels/parabook");
});

test("kernel names follow jupyter_client's rule", () => {
  assert.equal(kernelNameProblem("calysto_scheme"), undefined);
  assert.equal(kernelNameProblem("pb-1.2"), undefined);
  assert.match(kernelNameProblem("a/b") ?? "", /"a\/b" is not a kernel name/);
});
