// Module resolution hook (node:module register): the specifier "electron" resolves to fake-electron.js, so the
// real main.js runs in a test. Everything else resolves as usual.

type Resolve = (specifier: string, context: unknown) => Promise<{ url: string; shortCircuit?: boolean }>;

export async function resolve(specifier: string, context: unknown, nextResolve: Resolve) {
  if (specifier === "electron") return { url: new URL("./fake-electron.js", import.meta.url).href, shortCircuit: true };
  return nextResolve(specifier, context);
}
