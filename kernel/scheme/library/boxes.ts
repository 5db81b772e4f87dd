// Boxes (SRFI-111, and Calysto's box/box?/unbox): a mutable cell holding one value, written #&value.

import { wrongType } from "../errors.js";
import { writeString } from "../printer.js";
import { Opaque, VOID, type Value } from "../values.js";
import { definePrimitive } from "../runtime/registry.js";

export class Box extends Opaque {
  constructor(public value: Value) {
    super();
  }
  describe(): string {
    return `#&${writeString(this.value)}`;
  }
}

const checkBox = (proc: string, v: Value): Box => (v instanceof Box ? v : wrongType(proc, "a box", v, 1));

definePrimitive("box", 1, 1, (v: Value) => new Box(v));
definePrimitive("box?", 1, 1, (v: Value) => v instanceof Box);
definePrimitive("unbox", 1, 1, (b: Value) => checkBox("unbox", b).value);
definePrimitive("set-box!", 2, 2, (b: Value, v: Value) => {
  checkBox("set-box!", b).value = v;
  return VOID;
});
