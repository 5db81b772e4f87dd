// Run after the TypeScript build (`npm run build:kernel`): bundles each built-in language and fills V8's code
// cache for it, so that even the first cluster after a build starts as fast as later ones. Everything it makes,
// the host would otherwise make on first use (language-bundle.ts, load-language.ts); this only moves the cost to
// build time.

import { pathToFileURL } from "node:url";
import { bundleOf } from "./language-bundle.js";
import { BUILTIN_KERNELS } from "./languages.js";
import { loadLanguage } from "./load-language.js";

export async function prepareKernels(): Promise<void> {
  for (const spec of BUILTIN_KERNELS) {
    const loaded = await loadLanguage(await bundleOf(spec.module));
    // Starting the language runs (and so compiles) what every kernel runs while it starts; a first cell compiles
    // what nearly every cell needs (a language's reader, expander and code generator), which the cache then
    // spares each kernel's first cell.
    const evaluator = loaded.module.language.createEvaluator({ stdout: () => undefined, interruptFlag: new Int32Array(new SharedArrayBuffer(4)) });
    const { warmUp } = loaded.module.language;
    if (warmUp !== undefined) evaluator.execute(warmUp, { name: "warm-up" });
    loaded.saveCodeCache();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await prepareKernels();
}
