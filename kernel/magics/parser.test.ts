import { test } from "node:test";
import assert from "node:assert/strict";
import { parseArguments, parseMagicLine, splitFirstLine, tokenize, UsageError, type ArgumentSpec } from "./parser.js";
import { parseRanks } from "./ranks.js";

test("magic lines: line, cell and sticky forms, with help and without arguments", () => {
  assert.deepEqual(parseMagicLine("%parallel calysto_scheme CalystoScheme"), {
    level: "line",
    name: "parallel",
    argText: "calysto_scheme CalystoScheme",
    help: false,
  });
  assert.deepEqual(parseMagicLine("%%px --set_variable results"), { level: "cell", name: "px", argText: "--set_variable results", help: false });
  assert.deepEqual(parseMagicLine("%%%px -e"), { level: "sticky", name: "px", argText: "-e", help: false });
  assert.deepEqual(parseMagicLine("%%%px"), { level: "sticky", name: "px", argText: "", help: false });
  assert.deepEqual(parseMagicLine("%px?"), { level: "line", name: "px", argText: "", help: true });
  assert.equal(parseMagicLine("(display \"%px\")"), undefined);
  assert.equal(parseMagicLine("%%%%px"), undefined);
  assert.deepEqual(splitFirstLine("%%time\r\n(f)\n(g)"), { first: "%%time", rest: "(f)\n(g)" });
  assert.deepEqual(splitFirstLine("%lsmagic"), { first: "%lsmagic", rest: "" });
});

test("tokenize keeps quoted text and balanced code together", () => {
  assert.deepEqual(tokenize(` sq  (range 10)  -s "my var" [a (b c)] `), ["sq", "(range 10)", "-s", '"my var"', "[a (b c)]"]);
  assert.throws(() => tokenize("(range 10"), /unbalanced parenthesis/);
  assert.throws(() => tokenize('"open'), /unclosed "/);
});

const PX_LIKE: ArgumentSpec = {
  positionals: [{ name: "FUNCTION" }, { name: "LIST", rest: true, optional: true }],
  options: [
    { short: "-e", long: "--evaluate", help: "" },
    { short: "-s", long: "--set_variable", value: "VAR", help: "" },
  ],
};

test("options may come before or after positionals, short or long, with = or a separate value", () => {
  const before = parseArguments(PX_LIKE, "-s out -e sq (range 3)");
  const after = parseArguments(PX_LIKE, "sq (range 3) --set_variable=out --evaluate");
  for (const parsed of [before, after]) {
    assert.equal(parsed.options.get("set_variable"), "out");
    assert.equal(parsed.options.get("evaluate"), true);
    assert.equal(parsed.positionals.get("FUNCTION"), "sq");
    assert.equal(parsed.positionals.get("LIST"), "(range 3)");
  }
  assert.equal(parseArguments(PX_LIKE, "f -1").positionals.get("LIST"), "-1", "a negative number is not an option");
});

test("bad arguments are usage errors that say what was wrong", () => {
  assert.throws(() => parseArguments(PX_LIKE, "sq -z"), new UsageError("unknown option -z"));
  assert.throws(() => parseArguments(PX_LIKE, "sq -s"), new UsageError("-s needs a value (VAR)"));
  assert.throws(() => parseArguments(PX_LIKE, "-e"), new UsageError("missing FUNCTION"));
  assert.throws(() => parseArguments(PX_LIKE, "sq --evaluate=yes"), new UsageError("--evaluate takes no value"));
  assert.throws(() => parseArguments({ positionals: [{ name: "A" }], options: [] }, "a b c"), new UsageError("unexpected arguments: b c"));
});

test("node selections: lists and ranges within the cluster", () => {
  assert.deepEqual(parseRanks("0,2-4", 10), [0, 2, 3, 4]);
  assert.deepEqual(parseRanks("3, 1 ,1", 4), [1, 3]);
  assert.throws(() => parseRanks("0-10", 10), /node 10 does not exist: the cluster has 10 nodes \(ranks 0-9\)/);
  assert.throws(() => parseRanks("4-2", 10), /goes backwards/);
  assert.throws(() => parseRanks("a", 10), /not a list of node ranks/);
});

test("an option's value may not be empty, blank, or the next option: px would store into a variable named ''", () => {
  for (const text of ["sq --set_variable=", 'sq -s ""', "sq -s '  '", "sq --set_variable= -e"]) {
    assert.throws(() => parseArguments(PX_LIKE, text), new UsageError("--set_variable needs a value (VAR), not an empty one"), text);
  }
  assert.throws(() => parseArguments(PX_LIKE, "sq -s -e"), new UsageError("-s needs a value (VAR), but the next word is the option -e"));
  assert.equal(parseArguments(PX_LIKE, "sq -s out").options.get("set_variable"), "out");
});
