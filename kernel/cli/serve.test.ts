import { test } from "node:test";
import assert from "node:assert/strict";
import { parseServeArguments } from "./serve.js";

test("serve's arguments: port, notebook folder, and a first notebook", () => {
  assert.deepEqual(parseServeArguments([], "/home/u"), { port: 8890, notebookDir: "/home/u" });
  assert.deepEqual(parseServeArguments(["--port", "0", "--notebook-dir", "nb"], "/home/u"), { port: 0, notebookDir: "/home/u/nb" });
  assert.deepEqual(parseServeArguments(["work/a.ipynb"], "/home/u"), { port: 8890, notebookDir: "/home/u/work", notebook: "a.ipynb" });
  assert.deepEqual(parseServeArguments(["--notebook-dir", ".", "work/a.ipynb"], "/home/u"), {
    port: 8890,
    notebookDir: "/home/u",
    notebook: "work/a.ipynb",
  });
});

test("bad serve arguments are refused with the reason", () => {
  assert.throws(() => parseServeArguments(["--port", "http"], "/"), /--port must be a port number 0–65535, not "http"/);
  assert.throws(() => parseServeArguments(["--port", "70000"], "/"), /--port must be a port number/);
  assert.throws(() => parseServeArguments(["--port"], "/"), /--port needs a value/);
  assert.throws(() => parseServeArguments(["--open"], "/"), /unknown option --open/);
  assert.throws(() => parseServeArguments(["a.ipynb", "b.ipynb"], "/"), /one notebook at a time/);
  assert.throws(() => parseServeArguments(["--notebook-dir", "/srv/nb", "/tmp/a.ipynb"], "/"), /\/tmp\/a\.ipynb is outside the notebook folder \/srv\/nb/);
});
