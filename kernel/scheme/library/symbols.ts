// Symbols: interned Sym objects (eq? is identity), uninterned ones for gensym.

import { MString, Sym, type Value } from "../values.js";
import { checkString, checkSymbol } from "./checks.js";
import { wrongType } from "../errors.js";
import { definePrimitive } from "../runtime/registry.js";

definePrimitive("symbol?", 1, 1, (v: Value) => v instanceof Sym);
definePrimitive("symbol->string", 1, 1, (s: Value) => new MString(checkSymbol("symbol->string", s, 1).name));
definePrimitive("string->symbol", 1, 1, (s: Value) => Sym.intern(checkString("string->symbol", s, 1).value));
definePrimitive("symbol=?", 1, Infinity, (...symbols: Value[]) => {
  symbols.forEach((s, i) => checkSymbol("symbol=?", s, i + 1));
  return symbols.every((s) => s === symbols[0]);
});
definePrimitive("string->uninterned-symbol", 1, 1, (s: Value) =>
  Sym.uninterned(checkString("string->uninterned-symbol", s, 1).value),
);

let gensymCounter = 0;
/** (gensym) → a fresh uninterned symbol g1, g2…; (gensym "tmp") or (gensym 'tmp) → tmp1, tmp2… */
definePrimitive("gensym", 0, 1, (prefix?: Value) => {
  let base = "g";
  if (prefix instanceof MString) base = prefix.value;
  else if (prefix instanceof Sym) base = prefix.name;
  else if (prefix !== undefined) wrongType("gensym", "a string or a symbol", prefix, 1);
  return Sym.uninterned(`${base}${++gensymCounter}`);
});
