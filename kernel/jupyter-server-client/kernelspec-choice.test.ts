import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseKernelspec, NoParabookKernelspecError } from "./kernelspec-choice.js";
import type { KernelspecModel, KernelspecsListing } from "./server-rest.js";

const spec = (name: string, language: string, argv: string[], display = name): KernelspecModel => ({ name, spec: { argv, display_name: display, language } });

const python = spec("python3", "python", ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "Python 3");
const calysto = spec("calysto_scheme", "scheme", ["/usr/bin/python3", "-m", "calysto_scheme", "-f", "{connection_file}"], "Calysto Scheme 3");
const parabookAsCalysto = spec("calysto_scheme", "scheme", ["/usr/bin/node", "/opt/parabook/bin/parabook.js", "kernel", "-f", "{connection_file}"], "Parabook Scheme");
const parabook = spec("parabook", "scheme", ["/usr/bin/node", "/opt/parabook/bin/parabook.js", "kernel", "-f", "{connection_file}"], "Parabook Scheme");
const onPath = spec("pb-global", "Scheme", ["parabook", "kernel", "-f", "{connection_file}"]);

const listing = (...specs: KernelspecModel[]): KernelspecsListing => ({ default: specs[0]?.name ?? "", kernelspecs: Object.fromEntries(specs.map((s) => [s.name, s])) });

test("Parabook's kernelspec is found by its language and its command line, under any name", () => {
  assert.equal(chooseKernelspec(listing(python, calysto, parabook), "", "http://h/"), "parabook");
  assert.equal(chooseKernelspec(listing(python, parabookAsCalysto), "", "http://h/"), "calysto_scheme", "installed with --name calysto_scheme");
  assert.equal(chooseKernelspec(listing(python, onPath), "", "http://h/"), "pb-global", "parabook on the PATH");
  assert.equal(chooseKernelspec(listing(onPath, parabook), "", "http://h/"), "parabook", "the name parabook first when there are several");
});

test("a named kernelspec is taken as named, and a missing one is refused listing what the server has", () => {
  assert.equal(chooseKernelspec(listing(python, parabook), "python3", "http://h/"), "python3");
  assert.throws(
    () => chooseKernelspec(listing(python, parabook), "nope", "http://h:1/"),
    (err: unknown) => err instanceof NoParabookKernelspecError && /at http:\/\/h:1\/ has no kernelspec named nope .*it has: python3 \(Python 3, python\), parabook \(Parabook Scheme, scheme\)/.test(err.message),
  );
});

test("a server without Parabook's kernelspec says so, what it has, and how to install one", () => {
  assert.throws(
    () => chooseKernelspec(listing(python, calysto), "", "http://h:1/"),
    (err: unknown) =>
      err instanceof NoParabookKernelspecError &&
      /has no Parabook kernelspec .*it has: python3 \(Python 3, python\), calysto_scheme \(Calysto Scheme 3, scheme\)\. Install one where the server runs \(parabook kernelspec install --user\)/.test(err.message),
  );
});
