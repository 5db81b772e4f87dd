// Kernels load a language as one bundled file with V8's code cache: the bundle is remade when a source changes,
// falls back to the module itself when bundling could change behaviour, and the cache is used from the second load.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { bundleOf, fastLoadingModule } from "./language-bundle.js";
import { LanguageError } from "./language.js";
import { loadLanguage } from "./load-language.js";
import { BUILTIN_KERNELS } from "./languages.js";

let dir: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-bundle-"));
});
after(() => fs.rm(dir, { recursive: true, force: true }));

/** A stand-in language module whose notebookRepr says which version of its dependency it was built from. */
async function writeLanguage(name: string, dependencyText: string, extra = ""): Promise<string> {
  await fs.writeFile(path.join(dir, `${name}-dep.js`), `export const version = ${JSON.stringify(dependencyText)};\n`);
  const file = path.join(dir, `${name}.js`);
  await fs.writeFile(file, `import { version } from "./${name}-dep.js";\n${extra}\nexport const language = { notebookRepr: () => version };\n`);
  return pathToFileURL(file).href;
}

const reprOf = async (url: string): Promise<unknown> => (await loadLanguage(url)).module.language.notebookRepr(undefined);

test("the Scheme language loads from its bundle, evaluates, and its errors are LanguageErrors here too", async () => {
  const url = await fastLoadingModule(BUILTIN_KERNELS[0]!.module);
  assert.match(url, /scheme-language\.bundle\.cjs$/);
  const { module } = await loadLanguage(url);
  const evaluator = module.language.createEvaluator({ stdout: () => undefined, interruptFlag: new Int32Array(new SharedArrayBuffer(4)) });
  assert.equal(module.language.notebookRepr(evaluator.execute("(map (lambda (x) (* x x)) (range 4))", { name: "test" })), "(0 1 4 9)");
  // The bundle carries its own copy of LanguageError; the kernel's worker must still recognise what it throws.
  assert.throws(() => evaluator.execute("(car 1)", { name: "test" }), (err) => err instanceof LanguageError && err.report.ename === "WrongType");
  assert.ok(!(new Error("plain") instanceof LanguageError));
});

test("a bundle is remade when one of its sources changes", async () => {
  const url = await writeLanguage("changing", "one");
  assert.equal(await reprOf(await bundleOf(url)), "one");
  await writeLanguage("changing", "two, longer");
  assert.equal(await reprOf(await bundleOf(url)), "two, longer");
});

test("a damaged bundle is made again", async () => {
  const url = await writeLanguage("damaged", "whole");
  const bundle = await bundleOf(url);
  await fs.writeFile(new URL(bundle), '// parabook-bundle-inputs: [{"file": cut short\nmodule.exports = {};\n');
  assert.equal(await bundleOf(url), bundle);
  assert.equal(await reprOf(bundle), "whole");
});

test("a module that would not behave the same bundled (import.meta) is loaded as itself", async () => {
  const url = await writeLanguage("meta", "m", "export const here = import.meta.url;");
  await assert.rejects(bundleOf(url), /import\.meta/);
  assert.equal(await fastLoadingModule(url), url);
  assert.equal(await reprOf(url), "m");
});

test("the second load of a bundle uses the code cache the first one saved", async () => {
  const bundle = await bundleOf(await writeLanguage("cached", "c"));
  const first = await loadLanguage(bundle);
  assert.equal(first.usedCodeCache, false);
  first.saveCodeCache();
  const second = await loadLanguage(bundle);
  assert.equal(second.usedCodeCache, true);
  assert.equal(second.module.language.notebookRepr(undefined), "c");
});

test("a remade bundle writes its own code cache and removes the old bundle's", async () => {
  const url = await writeLanguage("recached", "first");
  (await loadLanguage(await bundleOf(url))).saveCodeCache();
  const caches = async (): Promise<string[]> => (await fs.readdir(dir)).filter((f) => f.startsWith("recached.bundle.cjs.") && f.endsWith(".v8cache"));
  const [oldCache] = await caches();
  assert.ok(oldCache !== undefined);
  await writeLanguage("recached", "second, longer");
  const remade = await loadLanguage(await bundleOf(url));
  assert.equal(remade.usedCodeCache, false);
  remade.saveCodeCache();
  const now = await caches();
  assert.equal(now.length, 1);
  assert.notEqual(now[0], oldCache);
  assert.equal(remade.module.language.notebookRepr(undefined), "second, longer");
});

test("a bundle copied elsewhere keeps its code cache, which is named by the digest inside the bundle", async () => {
  const bundle = await bundleOf(await writeLanguage("copied", "k"));
  (await loadLanguage(bundle)).saveCodeCache();
  const elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-bundle-copy-"));
  try {
    for (const name of await fs.readdir(dir)) {
      if (name.startsWith("copied.bundle.cjs")) await fs.copyFile(path.join(dir, name), path.join(elsewhere, name));
    }
    const copy = await loadLanguage(pathToFileURL(path.join(elsewhere, "copied.bundle.cjs")).href);
    assert.equal(copy.usedCodeCache, true);
    assert.equal(copy.module.language.notebookRepr(undefined), "k");
  } finally {
    await fs.rm(elsewhere, { recursive: true, force: true });
  }
});

test("a bundle without a digest line loads, without a code cache", async () => {
  const file = path.join(dir, "plain.bundle.cjs");
  await fs.writeFile(file, "// a bundle written by hand\nexports.language = { notebookRepr: () => 'plain' };\n");
  const loaded = await loadLanguage(pathToFileURL(file).href);
  assert.equal(loaded.module.language.notebookRepr(undefined), "plain");
  loaded.saveCodeCache();
  assert.deepEqual((await fs.readdir(dir)).filter((f) => f.startsWith("plain.bundle.cjs.")), []);
  assert.equal((await loadLanguage(pathToFileURL(file).href)).usedCodeCache, false);
});
