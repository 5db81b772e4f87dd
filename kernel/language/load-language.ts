// How a kernel process's worker loads its language module: an ES module by import(), a bundle (language-bundle.ts)
// as a CommonJS script with V8's code cache. The cache holds the bytecode of every function the first kernel ran
// while starting (the reader, expander and code generator compiling the prelude), so later kernels skip compiling
// them. It is kept beside the bundle, named by the digest the bundler wrote into the bundle and by the V8 version:
// a rebuilt bundle or another V8 (Electron's) never picks up a cache that is not its own, and a bundle copied
// elsewhere keeps its name. (Kernels do not hash the bundle themselves: node:crypto would cost each of them about
// 2 MB of memory, and a hash loop over the whole bundle got V8's optimizing compiler running at every start.)

import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as vm from "node:vm";
import type { KernelLanguageModule } from "./language.js";
import { BUNDLE_SUFFIX, DIGEST_HEADER } from "./language-bundle.js";

export interface LoadedLanguage {
  readonly module: KernelLanguageModule;
  /** Whether V8 took its compiled code from the cache instead of compiling. */
  readonly usedCodeCache: boolean;
  /** Call once the language has started: stores the code cache for later kernels if there was none. */
  saveCodeCache(): void;
}

export async function loadLanguage(moduleUrl: string): Promise<LoadedLanguage> {
  if (!moduleUrl.endsWith(BUNDLE_SUFFIX)) return { module: (await import(moduleUrl)) as KernelLanguageModule, usedCodeCache: false, saveCodeCache: () => undefined };
  return runBundle(fileURLToPath(moduleUrl));
}

type CommonJsWrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

function runBundle(file: string): LoadedLanguage {
  const source = readFileSync(file, "utf8");
  const digest = bundleDigest(source);
  // Without a digest (a bundle not made by language-bundle.ts) the module runs without a cache.
  const cacheFile = digest === undefined ? undefined : `${file}.${digest}-${process.versions.v8}.v8cache`;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile !== undefined) cachedData = readFileSync(cacheFile);
  } catch {
    // The first kernel on this machine since the bundle was made: it will write the cache.
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const module = { exports: {} };
  (script.runInThisContext() as CommonJsWrapper)(module.exports, createRequire(file), module, file, path.dirname(file));
  const needsCache = cachedData === undefined || script.cachedDataRejected === true;
  return {
    module: module.exports as KernelLanguageModule,
    usedCodeCache: !needsCache,
    saveCodeCache() {
      if (!needsCache || cacheFile === undefined) return;
      try {
        const temporary = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
        removeStaleCaches(file);
      } catch {
        // A read-only install: every kernel compiles for itself, as without a cache.
      }
    },
  };
}

/** The digest on the bundle's second line (language-bundle.ts), if it has one. */
function bundleDigest(source: string): string | undefined {
  const lineTwo = source.indexOf("\n") + 1;
  const line = source.slice(lineTwo, source.indexOf("\n", lineTwo));
  return lineTwo > 0 && line.startsWith(DIGEST_HEADER) ? line.slice(DIGEST_HEADER.length) : undefined;
}

/** Caches older than the bundle belong to bundles that are gone (another V8's cache, made since, is kept). */
function removeStaleCaches(bundle: string): void {
  const bundleTime = statSync(bundle).mtimeMs;
  const prefix = `${path.basename(bundle)}.`;
  for (const name of readdirSync(path.dirname(bundle))) {
    if (!name.startsWith(prefix) || !name.endsWith(".v8cache")) continue;
    const cache = path.join(path.dirname(bundle), name);
    if (statSync(cache).mtimeMs < bundleTime) rmSync(cache, { force: true });
  }
}
