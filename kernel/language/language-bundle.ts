// A language module as one CommonJS file, so that every kernel process loads it fast.
//
// A kernel process spends most of its start-up CPU loading the language: Node's ESM loader resolves, links and
// compiles ~60 small modules one by one (about 110 ms for the Scheme language, against about 25 ms for the same
// code as one CommonJS file). The host therefore bundles the module once with esbuild, beside the compiled code,
// and hands kernels the bundle instead. The bundle's first line lists every input file with its size and mtime:
// when any input changed (a rebuild), the bundle is made again, so a kernel never runs stale code. Without esbuild
// (a packaged app), or when anything goes wrong, kernels load the module itself: slower, never wrong.

import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** How a bundle file is named: `scheme-language.js` → `scheme-language.bundle.cjs` (not a `*.test.cjs` name, so
 * test runners never take a test helper's bundle for a test file). */
export const BUNDLE_SUFFIX = ".bundle.cjs";
const INPUTS_HEADER = "// parabook-bundle-inputs: ";
/** The bundle's second line: a digest of its code, which names its V8 code cache (load-language.ts). */
export const DIGEST_HEADER = "// parabook-bundle-digest: ";

/** An input file as it was when the bundle was made. */
interface InputStamp {
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
}

const bundles = new Map<string, Promise<string>>();

/**
 * The file: URL kernels should load for the language module `moduleUrl`: a fresh bundle of it when one can be had,
 * else `moduleUrl` itself. Checked (and if need be bundled) once per host process and module.
 */
export function fastLoadingModule(moduleUrl: string): Promise<string> {
  let found = bundles.get(moduleUrl);
  if (found === undefined) {
    found = bundleOf(moduleUrl).catch(() => moduleUrl);
    bundles.set(moduleUrl, found);
  }
  return found;
}

/** A fresh bundle of the module (made now if missing or stale); rejects when it cannot be bundled. */
export async function bundleOf(moduleUrl: string): Promise<string> {
  if (!moduleUrl.startsWith("file:")) return moduleUrl;
  const entry = fileURLToPath(moduleUrl);
  const bundle = entry.replace(/\.m?js$/, "") + BUNDLE_SUFFIX;
  if (!(await isFresh(bundle))) await makeBundle(entry, bundle);
  return pathToFileURL(bundle).href;
}

async function stamp(file: string): Promise<InputStamp> {
  const s = await fs.stat(file);
  return { file, size: s.size, mtimeMs: s.mtimeMs };
}

async function isFresh(bundle: string): Promise<boolean> {
  let recorded: InputStamp[];
  try {
    const firstLine = (await fs.readFile(bundle, "utf8")).split("\n", 1)[0]!;
    if (!firstLine.startsWith(INPUTS_HEADER)) return false;
    recorded = JSON.parse(firstLine.slice(INPUTS_HEADER.length)) as InputStamp[];
  } catch {
    return false; // missing, or not a bundle this module wrote: make it again
  }
  const now = await Promise.all(recorded.map((r) => stamp(r.file).catch(() => undefined)));
  return now.every((s, i) => s !== undefined && s.size === recorded[i]!.size && s.mtimeMs === recorded[i]!.mtimeMs);
}

async function makeBundle(entry: string, bundle: string): Promise<void> {
  // esbuild is a build tool, present where the project is built; a packaged app goes without.
  const esbuild = await import("esbuild");
  const workingDir = path.dirname(entry);
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: workingDir,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    write: false,
    metafile: true,
    logLevel: "silent",
    // Pure ASCII source is a one-byte string in V8: half the memory every kernel keeps for the bundle's text.
    charset: "ascii",
  });
  // A warning (import.meta in CommonJS, say) means the bundle might not behave as the modules do.
  if (result.warnings.length > 0) throw new Error(`bundling ${entry}: ${result.warnings[0]!.text}`);
  const inputs = await Promise.all(Object.keys(result.metafile.inputs).map((input) => stamp(path.resolve(workingDir, input))));
  const text = result.outputFiles[0]!.text;
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const code = `${INPUTS_HEADER}${JSON.stringify(inputs)}\n${DIGEST_HEADER}${digest}\n${text}`;
  // Several hosts (parallel test files) may bundle at once: each writes its own file and renames it into place.
  const temporary = `${bundle}.${process.pid}.tmp`;
  await fs.writeFile(temporary, code);
  await fs.rename(temporary, bundle);
}
