// A stand-in language for testing the cluster plumbing without the Scheme engine: code is a JavaScript
// expression evaluated in a scope of its own, values are Scheme values (so the real codec carries them), and a
// few helpers cover what the tests need (print, spin until interrupted, fail, define, die).
// Kernel processes load it by module URL, exactly as they load the real language.

import { LanguageError, type Evaluator, type EvaluatorIO } from "../language/language.js";
import { Flonum, MString, VOID, type Value } from "../scheme/values.js";
import { schemeFromWire, schemeToWire, WireOpaque } from "../scheme/kernel-adapter/codec.js";
import type { KernelLanguage } from "../language/language.js";
import type { KernelSpec } from "../language/languages.js";

function fromJs(v: unknown): Value {
  if (v === undefined) return VOID;
  if (typeof v === "string") return new MString(v);
  if (typeof v === "number") return Number.isInteger(v) ? v : new Flonum(v);
  if (Array.isArray(v)) return v.map(fromJs);
  return v as Value;
}

function fail(ename: string, evalue: string): never {
  throw new LanguageError({ ename, evalue, traceback: [`${ename}: ${evalue}`] });
}

function repr(v: Value): string {
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof MString) return JSON.stringify(v.value);
  if (v instanceof Flonum) return String(v.value);
  if (Array.isArray(v)) return `#${v.length}(${v.map(repr).join(" ")})`;
  if (v instanceof WireOpaque) return v.printed;
  if (typeof v === "function") return "#<procedure>";
  return String(v);
}

function createEvaluator(io: EvaluatorIO): Evaluator<Value> {
  const scope: Record<string, unknown> = {
    print: (text: unknown) => io.stdout(String(text)),
    def: (name: string, value: unknown) => void (scope[name] = fromJs(value)),
    fail: (message: string) => fail("Error", message),
    spin: () => {
      for (;;) {
        if (Atomics.load(io.interruptFlag, 0) === 1) {
          Atomics.store(io.interruptFlag, 0, 0);
          fail("Interrupted", "interrupted by the user");
        }
      }
    },
    die: (code: number) => process.exit(code),
  };
  const run = new Function("scope", "code", "with (scope) { return eval(code); }") as (s: object, c: string) => unknown;
  return {
    execute(code) {
      if (code.trim() === "") return VOID;
      try {
        return fromJs(run(scope, code));
      } catch (err) {
        if (err instanceof LanguageError) throw err;
        fail((err as Error).name, (err as Error).message);
      }
    },
    setVariable(name, value) {
      scope[name] = value;
    },
    getVariable(name) {
      if (!(name in scope)) fail("UnboundVariable", `unbound variable ${name}`);
      return scope[name] as Value;
    },
    complete(code, cursor) {
      const word = /[\w]*$/.exec(code.slice(0, cursor))![0];
      return { matches: Object.keys(scope).filter((k) => k.startsWith(word)).sort(), start: cursor - word.length, end: cursor };
    },
    isComplete(code) {
      let depth = 0;
      for (const ch of code) depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
      return depth > 0 ? { status: "incomplete", indent: "" } : depth < 0 ? { status: "invalid" } : { status: "complete" };
    },
    inspect(code, cursor) {
      const name = /[\w]*$/.exec(code.slice(0, cursor))![0];
      return name in scope ? { name, text: `${name}: ${typeof scope[name]}` } : null;
    },
  };
}

export const language: KernelLanguage<Value> = {
  createEvaluator,
  toWire: (v) => schemeToWire(v, repr),
  fromWire: schemeFromWire,
  notebookRepr: (v) => (v === VOID ? null : repr(v)),
  callProcedure(evaluator, name, args) {
    const procedure = evaluator.getVariable(name);
    if (typeof procedure !== "function") fail("NotAProcedure", `${repr(procedure)} is not a procedure`);
    return fromJs((procedure as (...a: Value[]) => unknown)(...args));
  },
};

export const FAKE_KERNEL: KernelSpec = {
  name: "fake",
  displayName: "Fake",
  aliases: ["fake_module FakeKernel"],
  module: import.meta.url,
};
