import { test } from "node:test";
import assert from "node:assert/strict";
import { fileFailureMessage } from "./failure-message.js";

test("a host message that names the file is shown as it is, said once", () => {
  assert.equal(fileFailureMessage("save", "seed.ipynb", "Cannot save seed.ipynb: the disk is full"), "Cannot save seed.ipynb: the disk is full");
  assert.equal(fileFailureMessage("open", "work/a.ipynb", "a.ipynb is not valid JSON, line 3, column 1"), "a.ipynb is not valid JSON, line 3, column 1");
});

test("a message that does not name the file gets the action and the file", () => {
  assert.equal(
    fileFailureMessage("save", "seed.ipynb", "Lost the connection to Parabook during saveNotebook; it may or may not have run"),
    "Could not save seed.ipynb: Lost the connection to Parabook during saveNotebook; it may or may not have run",
  );
});
