// How deep a parsed JSON value nests, checked without recursion. JSON.parse takes any depth, but everything
// after it that walks the value recursively (JSON.stringify, structuredClone, the UI's reactive state, our own
// serialiser) overflows the stack somewhere past a few thousand levels, with V8's bare "Maximum call stack size
// exceeded". Python's json module, and so Jupyter, stops at 1000 levels: a notebook deeper than that is not one
// any tool writes, so it is refused up front with the place where it gets too deep.

/** Levels of objects and arrays a notebook may nest, counting the notebook itself as level 1. */
export const MAX_JSON_DEPTH = 1000;

/** One step of a path into a JSON value: a key of an object or an index of an array. */
export type PathStep = string | number;

interface Visit {
  readonly value: object;
  readonly depth: number;
  readonly parent: Visit | null;
  readonly step: PathStep | null;
}

/** The path to the first object or array nested deeper than `limit`, or null when the value stays within it. */
export function pathBeyondDepth(root: unknown, limit: number = MAX_JSON_DEPTH): PathStep[] | null {
  if (typeof root !== "object" || root === null) return null;
  const stack: Visit[] = [{ value: root, depth: 1, parent: null, step: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (visit.depth > limit) return pathTo(visit);
    const push = (step: PathStep, child: unknown) => {
      if (typeof child === "object" && child !== null) stack.push({ value: child, depth: visit.depth + 1, parent: visit, step });
    };
    // Children are pushed last to first, so that the first deep place in document order is the one found. Only
    // objects and arrays are visited: the strings that make up most of a notebook cost one typeof each.
    if (Array.isArray(visit.value)) {
      for (let i = visit.value.length - 1; i >= 0; i--) push(i, visit.value[i]);
    } else {
      const record = visit.value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = keys.length - 1; i >= 0; i--) push(keys[i]!, record[keys[i]!]);
    }
  }
  return null;
}

function pathTo(visit: Visit): PathStep[] {
  const steps: PathStep[] = [];
  for (let at: Visit | null = visit; at !== null && at.step !== null; at = at.parent) steps.push(at.step);
  return steps.reverse();
}

/** `cells[3].outputs[0].data["application/json"][0]…`: the first `shown` steps of a path, as JavaScript writes them. */
export function describePath(steps: readonly PathStep[], shown = 12): string {
  const text = steps
    .slice(0, shown)
    .map((step, i) =>
      typeof step === "number" ? `[${step}]` : /^[A-Za-z_$][\w$]*$/.test(step) ? `${i === 0 ? "" : "."}${step}` : `[${JSON.stringify(step)}]`,
    )
    .join("");
  return steps.length > shown ? `${text}…` : text;
}
