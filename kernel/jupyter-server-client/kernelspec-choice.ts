// Which of a Jupyter Server's kernelspecs runs Parabook: the one named in Settings, or else the one whose language
// is scheme and whose command line runs parabook (`parabook kernelspec install` writes such a spec under any name,
// "calysto_scheme" included; Calysto Scheme's own spec, language scheme but run by Python, is not it).

import type { KernelspecModel, KernelspecsListing } from "./server-rest.js";

export class NoParabookKernelspecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoParabookKernelspecError";
  }
}

/** The name Parabook's kernelspec is installed under when none is given. */
const PREFERRED_NAME = "parabook";

export function isParabookKernelspec(model: KernelspecModel): boolean {
  const spec = model.spec;
  return (
    typeof spec?.language === "string" &&
    spec.language.toLowerCase() === "scheme" &&
    Array.isArray(spec.argv) &&
    spec.argv.some((arg) => typeof arg === "string" && /(^|[/\\])parabook(\.js)?$/i.test(arg))
  );
}

/** The kernelspec's name to start; throws saying what the server has when none fits. `serverUrl` names the server. */
export function chooseKernelspec(listing: KernelspecsListing, wanted: string, serverUrl: string): string {
  const all = Object.values(listing.kernelspecs);
  const described = all.map((k) => `${k.name} (${k.spec?.display_name ?? "?"}, ${k.spec?.language ?? "?"})`).join(", ") || "none";
  if (wanted !== "") {
    if (listing.kernelspecs[wanted]) return wanted;
    throw new NoParabookKernelspecError(`The Jupyter Server at ${serverUrl} has no kernelspec named ${wanted} (Settings ▸ Kernel); it has: ${described}`);
  }
  const parabook = all.filter(isParabookKernelspec).map((k) => k.name).sort();
  if (parabook.length === 0) {
    throw new NoParabookKernelspecError(
      `The Jupyter Server at ${serverUrl} has no Parabook kernelspec (language scheme, run by parabook); it has: ${described}. ` +
        "Install one where the server runs (parabook kernelspec install --user), or name the kernelspec in Settings ▸ Kernel.",
    );
  }
  return parabook.includes(PREFERRED_NAME) ? PREFERRED_NAME : parabook[0]!;
}
