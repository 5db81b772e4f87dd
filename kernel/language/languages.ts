// The kernels Parabook can start, by the names users type: `%parallel scheme`, `%parallel calysto_scheme
// CalystoScheme` (Metakernel's MODULE CLASS form, so Calysto notebooks run unchanged), `-k`.
//
// The one list of languages. A second language is a folder of its own (as kernel/scheme/ is, with its
// kernel-adapter/ exporting a KernelLanguage, language.ts) and one entry here. Entries name their module by URL,
// not by import: kernel processes load it at run time, and nothing here pulls a language into the host.

export interface KernelSpec {
  /** The canonical name: "scheme". */
  readonly name: string;
  readonly displayName: string;
  /** Other names that mean this kernel, compared without case: "calysto_scheme CalystoScheme". */
  readonly aliases: readonly string[];
  /** file: URL of the language module a kernel process loads (exports `language`, see language.ts). */
  readonly module: string;
}

export const BUILTIN_KERNELS: readonly KernelSpec[] = [
  {
    name: "scheme",
    displayName: "Scheme",
    aliases: ["calysto_scheme CalystoScheme", "calysto_scheme", "CalystoScheme"],
    module: new URL("../scheme/kernel-adapter/scheme-language.js", import.meta.url).href,
  },
];

export class UnknownKernelError extends Error {
  override readonly name = "UnknownKernelError";
}

/** The kernel a user means by `words` (one word, or Metakernel's MODULE CLASS pair). */
export function findKernel(specs: readonly KernelSpec[], words: readonly string[]): KernelSpec {
  const wanted = words.join(" ").toLowerCase();
  const found = specs.find((s) => s.name.toLowerCase() === wanted || s.aliases.some((a) => a.toLowerCase() === wanted));
  if (found) return found;
  const known = specs.map((s) => [s.name, ...s.aliases.map((a) => `'${a}'`)].join(", also ")).join("; ");
  throw new UnknownKernelError(`Unknown kernel '${words.join(" ")}'. The kernels there are: ${known}.`);
}
