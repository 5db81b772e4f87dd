// Scheme names as JavaScript identifiers, and back.
//
// Compiled closures are named JS functions, so V8's stack traces name Scheme procedures for free; the printer and
// the backtrace demangle those names. Every mangled name is "λ" followed by the encoded name, so it is never a JS
// reserved word and never mistaken for a runtime helper's own JS name.

const ENCODE: Record<string, string> = {
  "-": "_",
  _: "$u",
  $: "$$",
  "!": "$b",
  "?": "$p",
  "*": "$s",
  ">": "$g",
  "<": "$l",
  "=": "$e",
  "/": "$d",
  "+": "$a",
  "%": "$c",
  ".": "$o",
  "&": "$n",
  ":": "$k",
  "~": "$t",
  "^": "$h",
};
const DECODE: Record<string, string> = Object.fromEntries(Object.entries(ENCODE).map(([k, v]) => [v, k]));

/** "for-repeat" → "λfor_repeat", "mset!" → "λmset$b", "é" → "λ$xe9$". */
export function mangle(name: string): string {
  let out = "λ";
  for (const ch of name) {
    if (/[A-Za-z0-9]/.test(ch)) out += ch;
    else out += ENCODE[ch] ?? `$x${ch.codePointAt(0)!.toString(16)}$`;
  }
  return out;
}

/** The inverse of mangle; undefined for a name mangle did not make. */
export function demangle(jsName: string): string | undefined {
  if (!jsName.startsWith("λ")) return undefined;
  let out = "";
  for (let i = 1; i < jsName.length; i++) {
    const ch = jsName[i]!;
    if (ch === "_") out += "-";
    else if (ch === "$") {
      const next = jsName[i + 1];
      if (next === "x") {
        const end = jsName.indexOf("$", i + 2);
        if (end < 0) return undefined;
        out += String.fromCodePoint(parseInt(jsName.slice(i + 2, end), 16));
        i = end;
      } else {
        const decoded = DECODE["$" + next];
        if (decoded === undefined) return undefined;
        out += decoded;
        i++;
      }
    } else if (/[A-Za-z0-9]/.test(ch)) out += ch;
    else return undefined;
  }
  return out;
}

/** The name `#<procedure NAME>` shows: the Scheme name of a compiled closure or primitive, else "anonymous". */
export function procedureName(fn: Function): string {
  return demangle(fn.name) ?? "anonymous";
}

/** Give a run-time-made procedure its Scheme name (for `#<procedure NAME>` and backtraces). */
export function named<F extends Function>(name: string, f: F): F {
  Object.defineProperty(f, "name", { value: mangle(name) });
  return f;
}
