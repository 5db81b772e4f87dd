import { after, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnyPathAccess, FileAccessError, NotebookDirectoryAccess } from "./file-access.js";

const made: string[] = [];
after(() => Promise.all(made.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

async function layout(): Promise<{ root: string; outside: string }> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-access-")));
  made.push(base);
  const root = path.join(base, "notebooks");
  const outside = path.join(base, "secret");
  await fs.mkdir(path.join(root, "sub"), { recursive: true });
  await fs.mkdir(outside);
  await fs.writeFile(path.join(outside, "passwords.ipynb"), "{}");
  await fs.writeFile(path.join(root, "sub", "a.ipynb"), "{}");
  await fs.symlink(outside, path.join(root, "escape-dir"));
  await fs.symlink(path.join(outside, "passwords.ipynb"), path.join(root, "escape.ipynb"));
  await fs.symlink(path.join(root, "sub"), path.join(root, "alias"));
  return { root, outside };
}

const refused = (pattern: RegExp) => (err: unknown) => err instanceof FileAccessError && pattern.test(err.message);

test("paths inside the notebook folder resolve, new files included", async () => {
  const { root } = await layout();
  const access = await NotebookDirectoryAccess.create(root);
  assert.equal(await access.resolve("sub/a.ipynb"), path.join(root, "sub", "a.ipynb"));
  assert.equal(await access.resolve("sub/new/deeper.ipynb"), path.join(root, "sub", "new", "deeper.ipynb"));
  assert.equal(await access.resolve("alias/a.ipynb"), path.join(root, "sub", "a.ipynb"), "a link inside stays inside");
  assert.equal(await access.resolve("."), root);
  assert.equal(access.present(path.join(root, "sub", "a.ipynb")), "sub/a.ipynb");
  assert.equal(access.present(path.join(root, "..", "x.ipynb")), null);
});

test("'..', absolute paths and symbolic links out of the folder are refused with the reason", async () => {
  const { root, outside } = await layout();
  const access = await NotebookDirectoryAccess.create(root);
  await assert.rejects(access.resolve("../secret/passwords.ipynb"), refused(/Cannot use "\.\.\/secret\/passwords\.ipynb": "\.\." is not allowed; give a path inside the notebook folder/));
  await assert.rejects(access.resolve("sub/../../secret"), refused(/"\.\." is not allowed/));
  await assert.rejects(access.resolve("sub\\..\\..\\secret"), refused(/"\.\." is not allowed/));
  await assert.rejects(access.resolve(path.join(outside, "passwords.ipynb")), refused(/absolute paths are not allowed/));
  await assert.rejects(access.resolve("C:\\Windows\\x.ipynb"), refused(/absolute paths are not allowed/));
  await assert.rejects(access.resolve("escape.ipynb"), refused(/leads outside the notebook folder through a symbolic link/));
  await assert.rejects(access.resolve("escape-dir/passwords.ipynb"), refused(/through a symbolic link/));
  await assert.rejects(access.resolve("escape-dir/new.ipynb"), refused(/through a symbolic link/), "saving through a link out is refused too");
  await assert.rejects(access.resolve("a\0b"), refused(/NUL/));
});

test("a notebook folder that does not exist is refused at start", async () => {
  await assert.rejects(NotebookDirectoryAccess.create("/no/such/folder"), refused(/The notebook folder \/no\/such\/folder does not exist/));
});

test("Electron's policy takes any absolute path and nothing else", async () => {
  const access = new AnyPathAccess();
  assert.equal(await access.resolve("/home/u/../u/x.ipynb"), "/home/u/x.ipynb");
  await assert.rejects(access.resolve("x.ipynb"), refused(/expected an absolute path/));
});
