// format and printf, with the directives Calysto Scheme and SRFI-28 share: ~a (as display), ~s (as write),
// ~% and ~n (newline), ~~ (a tilde). A directive without its argument, an unknown directive or a lone ~ at the
// end is an error that says which; arguments beyond those the directives use are ignored, as Calysto does.

import { SchemeError, signal } from "../errors.js";
import { displayString, writeString } from "../printer.js";
import { MString, VOID, type Value } from "../values.js";
import { checkString } from "./checks.js";
import { OutputPort, getCurrentOutputPort, outputPortArg } from "./ports.js";
import { definePrimitive } from "../runtime/registry.js";

/** The text `template` describes with `args` filled in; `proc` names errors ("format", "printf"). */
export function formatText(proc: string, template: string, args: readonly Value[]): string {
  let out = "";
  let next = 0;
  let from = 0;
  for (let i = template.indexOf("~"); i >= 0; i = template.indexOf("~", from)) {
    out += template.slice(from, i);
    const directive = template[i + 1];
    from = i + 2;
    switch (directive) {
      case "a":
      case "A":
      case "s":
      case "S": {
        if (next >= args.length) {
          signal(new SchemeError(
            "WrongArity",
            `${proc}: directive ~${directive} at position ${i} has no argument (${args.length} given) in`,
            [new MString(template)],
            proc,
          ));
        }
        const arg = args[next++]!;
        out += directive === "a" || directive === "A" ? displayString(arg) : writeString(arg);
        break;
      }
      case "%":
      case "n":
        out += "\n";
        break;
      case "~":
        out += "~";
        break;
      default:
        signal(new SchemeError(
          "WrongType",
          directive === undefined
            ? `${proc}: the format string ends with a lone ~:`
            : `${proc}: unknown directive ~${directive} at position ${i} (known: ~a ~s ~% ~n ~~) in`,
          [new MString(template)],
          proc,
        ));
    }
  }
  return out + template.slice(from);
}

/**
 * (format template arg …) returns the text. SRFI-48's destination first also works: (format #f template …)
 * returns it, (format #t template …) writes it to the current output port, (format port template …) to port.
 */
definePrimitive("format", 1, Infinity, (first: Value, ...rest: Value[]) => {
  if (first instanceof MString) return new MString(formatText("format", first.value, rest));
  const destination =
    first === false ? undefined
    : first === true ? getCurrentOutputPort()
    : outputPortArg("format", first, 1);
  if (rest.length === 0) signal(new SchemeError("WrongArity", "format: expected a format string after the destination", [], "format"));
  const text = formatText("format", checkString("format", rest[0]!, 2).value, rest.slice(1));
  if (destination === undefined) return new MString(text);
  (destination as OutputPort).write(text);
  return VOID;
});

/** (printf template arg …) writes the formatted text to the current output port. */
definePrimitive("printf", 1, Infinity, (template: Value, ...args: Value[]) => {
  getCurrentOutputPort().write(formatText("printf", checkString("printf", template, 1).value, args));
  return VOID;
});
