import { test } from "node:test";
import assert from "node:assert/strict";
import { notebookPathsFromArgv, outsideAsar, withNotebookExtension } from "./notebook-paths.js";

test("a packaged app's argv names the file after the executable", () => {
  assert.deepEqual(notebookPathsFromArgv(["/opt/Parabook/parabook", "seed.ipynb"], "/home/ada/work", false), [
    "/home/ada/work/seed.ipynb",
  ]);
});

test("`electron .` during development skips the app folder", () => {
  assert.deepEqual(notebookPathsFromArgv(["/x/electron", ".", "/data/a.ipynb"], "/home/ada", true), ["/data/a.ipynb"]);
  assert.deepEqual(notebookPathsFromArgv(["/x/electron", "."], "/home/ada", true), []);
});

test("switches are skipped, several files are kept in order, -- ends the switches", () => {
  const argv = ["/opt/parabook", "--no-sandbox", "a.ipynb", "--allow-file-access-from-files", "b.ipynb", "--", "-odd.ipynb"];
  assert.deepEqual(notebookPathsFromArgv(argv, "/w", false), ["/w/a.ipynb", "/w/b.ipynb", "/w/-odd.ipynb"]);
});

test("a second instance's relative path resolves against its own working folder", () => {
  assert.deepEqual(notebookPathsFromArgv(["/opt/parabook", "../nb/x.ipynb"], "/home/bob/src", false), [
    "/home/bob/nb/x.ipynb",
  ]);
});

test("a name typed without an extension gets .ipynb; any other extension is the user's choice", () => {
  assert.equal(withNotebookExtension("/home/ada/mandelbrot"), "/home/ada/mandelbrot.ipynb");
  assert.equal(withNotebookExtension("/home/ada/mandelbrot.ipynb"), "/home/ada/mandelbrot.ipynb");
  assert.equal(withNotebookExtension("/home/ada/notes.json"), "/home/ada/notes.json");
});

test("kernel code inside app.asar is taken from app.asar.unpacked; other paths are left alone", () => {
  assert.equal(
    outsideAsar("/opt/Parabook/resources/app.asar/dist/kernel/cluster/kernel-process.js"),
    "/opt/Parabook/resources/app.asar.unpacked/dist/kernel/cluster/kernel-process.js",
  );
  assert.equal(
    outsideAsar("C:\\Program Files\\Parabook\\resources\\app.asar\\dist\\kernel\\cluster\\kernel-process.js"),
    "C:\\Program Files\\Parabook\\resources\\app.asar.unpacked\\dist\\kernel\\cluster\\kernel-process.js",
  );
  const dev = "/work/parabook/dist/kernel/cluster/kernel-process.js";
  assert.equal(outsideAsar(dev), dev);
  assert.equal(outsideAsar("/x/app.asar.unpacked/dist/k.js"), "/x/app.asar.unpacked/dist/k.js");
});
