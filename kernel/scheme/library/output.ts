// display and write: the printer's text, written to a port (the current output port by default).

import { displayString, writeString } from "../printer.js";
import { VOID, type Value } from "../values.js";
import { outputPortArg } from "./ports.js";
import { definePrimitive } from "../runtime/registry.js";

function defineWriter(name: string, toText: (v: Value) => string): void {
  definePrimitive(name, 1, 2, (v: Value, port?: Value) => {
    outputPortArg(name, port, 2).write(toText(v));
    return VOID;
  });
}

defineWriter("display", displayString);
defineWriter("write", writeString);
// The printer labels cycles only: write-shared therefore prints shared acyclic structure in full, and
// write-simple, which R7RS lets loop forever on a cycle, terminates with labels instead.
defineWriter("write-shared", writeString);
defineWriter("write-simple", writeString);
