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

test("a fixed token comes from --token or PARABOOK_TOKEN (the option wins), and must be long and plain", () => {
  const token = "0123456789abcdef-_.~";
  assert.deepEqual(parseServeArguments(["--token", token], "/home/u"), { port: 8890, notebookDir: "/home/u", token });
  assert.deepEqual(parseServeArguments([], "/home/u", { PARABOOK_TOKEN: token }), { port: 8890, notebookDir: "/home/u", token });
  assert.equal(parseServeArguments(["--token", token], "/home/u", { PARABOOK_TOKEN: "x".repeat(20) }).token, token);
  assert.equal(parseServeArguments([], "/home/u", {}).token, undefined, "random when none is given");
  assert.throws(() => parseServeArguments(["--token", "short"], "/"), /--token: a token needs at least 16 characters .*, not 5/);
  assert.throws(() => parseServeArguments([], "/", { PARABOOK_TOKEN: "has space and more than 16" }), /PARABOOK_TOKEN: a token may hold only letters, digits and \. _ ~ -/);
  assert.throws(() => parseServeArguments([], "/", { PARABOOK_TOKEN: "" }), /PARABOOK_TOKEN: a token needs at least 16 characters/);
});
