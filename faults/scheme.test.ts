// Hostile Scheme in a real kernel process (so a V8 fatal error shows as a dead kernel): cyclic code and data
// (issue 8, item 7), printing that must answer the interrupt, and a reader fuzz of mutated cells from the seed
// notebook. Every cell must end as a value or a clean Scheme error (a LanguageError whose ename is a Scheme error
// kind, not an internal error), and the kernel must still be alive with its definitions. A cell still running after
// a second is interrupted, as a user would, and the interrupt must end it.
//
// The fuzz runs the seed's Scheme with its magic lines (%parallel, %%px, %%time) taken out, on one host kernel
// through KernelConnection.executeCell, the call the Session makes for a plain cell: the target is the reader, the
// expander, the compiler and the printer, and magics would only add a cluster and usage errors of their own.

import { test, before, beforeEach, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LanguageError, type ErrorReport } from "../kernel/language/language.js";
import { KernelDiedError, type KernelConnection } from "../kernel/cluster/kernel-connection.js";
import { HOST_RANK, KernelManager } from "../kernel/cluster/kernel-manager.js";
import { BUILTIN_KERNELS } from "../kernel/language/languages.js";
import { NodeSpawner } from "../kernel/cluster/node-spawner.js";
import { parseNotebook, type CodeCell } from "../contract/notebook.js";
import { ERROR_KINDS } from "../kernel/scheme/index.js";
import { seedNotebookPath } from "../kernel/testing/paths.js";

/** A cell still running after this long is interrupted. */
const INTERRUPT_AFTER_MS = 1_000;
/**
 * How long an interrupted cell may take to end before it counts as stuck. An interrupt should end a cell within 2 s;
 * this bound is generous because the machine running the tests may be busy (tests assert no timings), and the fuzz
 * reports the slowest stop it saw.
 */
const STUCK_AFTER_MS = 15_000;
const FUZZ_SEED = 0x5eed_2026;
const FUZZ_CELLS = 300;
const SENTINEL = "(define parabook-fuzz-sentinel (* 2 2121))";
const SENTINEL_VALUE = "4242";

// ---- one kernel, restarted only when a cell kills it (a failure the tests report) ----

type Outcome =
  | { readonly kind: "value"; readonly shown: string | null; readonly stdout: string }
  | { readonly kind: "error"; readonly report: ErrorReport; readonly stdout: string }
  | { readonly kind: "died"; readonly reason: string }
  | { readonly kind: "stuck" }
  | { readonly kind: "failed"; readonly message: string };

interface Run {
  readonly outcome: Outcome;
  /** Whether the cell ran past INTERRUPT_AFTER_MS and was interrupted. */
  readonly interrupted: boolean;
  /** From the interrupt to the cell's end, when it was interrupted. */
  readonly stopMs?: number;
}

const manager = new KernelManager(new NodeSpawner());
let kernel: KernelConnection;
let executions = 0;

async function startKernel(): Promise<void> {
  kernel = await manager.startKernel(BUILTIN_KERNELS[0]!, HOST_RANK, 0);
  await kernel.executeCell(SENTINEL, { name: "sentinel" });
}

before(startKernel);
after(() => kernel.shutdown());
// A test that killed the kernel has failed already; the next one starts with a fresh kernel.
beforeEach(async () => {
  if (kernel.state === "dead") await startKernel();
});

/** Run one cell as the Session runs a plain cell; interrupt it after a second; never wait for it forever. */
async function runCell(code: string): Promise<Run> {
  const origin = { name: `In [${++executions}]` };
  let stdout = "";
  const running: Promise<Outcome> = kernel
    .executeCell(code, origin, (_name, text) => {
      if (stdout.length < 100_000) stdout += text;
    })
    .then(
      (shown): Outcome => ({ kind: "value", shown, stdout }),
      (err: unknown): Outcome => {
        if (err instanceof LanguageError) return { kind: "error", report: err.report, stdout };
        if (err instanceof KernelDiedError) return { kind: "died", reason: err.reason };
        return { kind: "failed", message: String(err) };
      },
    );
  const first = await Promise.race([running, delay(INTERRUPT_AFTER_MS)]);
  if (first !== undefined) return { outcome: first, interrupted: false };
  const interruptedAt = performance.now();
  await kernel.interrupt();
  const stopped = await Promise.race([running, delay(STUCK_AFTER_MS)]);
  if (stopped === undefined) {
    // Only this test's own kernel, by its connection; then a fresh one for the cells after.
    kernel.kill("SIGKILL");
    await running;
    await startKernel();
    return { outcome: { kind: "stuck" }, interrupted: true };
  }
  return { outcome: stopped, interrupted: true, stopMs: performance.now() - interruptedAt };
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

const SCHEME_ERROR_KINDS: ReadonlySet<string> = new Set(ERROR_KINDS);

/** What was wrong with a run, or undefined for a value or a clean Scheme error. */
function problemWith(run: Run): string | undefined {
  const o = run.outcome;
  switch (o.kind) {
    case "value":
      return undefined;
    case "error":
      if (!SCHEME_ERROR_KINDS.has(o.report.ename)) return `not a Scheme error: ${o.report.ename}: ${o.report.evalue}`;
      if (o.report.evalue === "" || /internal error/.test(o.report.evalue)) return `${o.report.ename}: ${o.report.evalue}`;
      return undefined;
    case "died":
      return `the kernel died: ${o.reason}`;
    case "stuck":
      return `still running ${STUCK_AFTER_MS / 1000} s after the interrupt`;
    case "failed":
      return o.message;
  }
}

/** The kernel is alive and kept its definitions: the sentinel defined at its start still has its value. */
async function sentinelProblem(): Promise<string | undefined> {
  const check = await runCell("parabook-fuzz-sentinel");
  if (check.outcome.kind === "value" && check.outcome.shown === SENTINEL_VALUE) return undefined;
  const problem = problemWith(check) ?? `it shows ${JSON.stringify(check.outcome)}`;
  if (check.outcome.kind !== "died" && check.outcome.kind !== "stuck") return `the sentinel definition is lost: ${problem}`;
  await startKernel();
  return `the kernel is gone: ${problem}`;
}

// ---- cyclic code and data ----

test("cyclic code is a SyntaxError at the form; cyclic data prints with labels; the kernel keeps its definitions", { timeout: 120_000 }, async () => {
  await runCell("(define kept 'still-here)");
  const code = await runCell("(define x 1)\n#0=(a . #0#)");
  assert.equal(code.outcome.kind, "error", JSON.stringify(code.outcome));
  const report = (code.outcome as Extract<Outcome, { kind: "error" }>).report;
  assert.equal(report.ename, "SyntaxError");
  assert.match(report.traceback[0]!, /^In \[\d+\], line 2, column 1: cyclic code: a form contains itself: #0=\(a \. #0#\)$/);
  assert.deepEqual((await runCell("(list kept x)")).outcome, { kind: "value", shown: "(still-here 1)", stdout: "" });

  const displayed = await runCell("(display '#0=(a . #0#))");
  assert.deepEqual(displayed.outcome, { kind: "value", shown: null, stdout: "#0=(a . #0#)" });
  assert.deepEqual((await runCell("'#0=(a b . #0#)")).outcome, { kind: "value", shown: "#0=(a b . #0#)", stdout: "" });
  const vector = await runCell("(let ((v (vector 1 2))) (vector-set! v 1 v) v)");
  assert.deepEqual(vector.outcome, { kind: "value", shown: "#0=#2(1 #0#)", stdout: "" });
  assert.equal(await sentinelProblem(), undefined);
});

test("printing a value too big to finish answers the interrupt, in display and in the notebook's printer", { timeout: 120_000 }, async () => {
  // 2^40 leaves: shared structure, so it takes 41 pairs to hold and would take days to print.
  await runCell("(define (doubling n) (if (= n 0) '() (let ((half (doubling (- n 1)))) (cons half half))))");
  for (const code of ["(display (doubling 40))", "(doubling 40)", "(write (doubling 40) (open-output-string))", '(format #f "~a" (doubling 40))']) {
    const run = await runCell(code);
    assert.equal(run.interrupted, true, code);
    assert.equal(run.outcome.kind, "error", `${code}: ${JSON.stringify(run.outcome)}`);
    assert.equal((run.outcome as Extract<Outcome, { kind: "error" }>).report.ename, "Interrupted", code);
  }
  assert.equal(await sentinelProblem(), undefined);
});

test("a value nested too deep to send between kernels (%%px) is a clean error, not a reply that never comes", { timeout: 120_000 }, async () => {
  const deep = "(let loop ((i 0) (acc '())) (if (< i 2000) (loop (+ i 1) (list acc)) acc))";
  const sent = kernel.evaluate(deep, { name: "In [1] on node 0" }).then(
    (): Outcome => ({ kind: "failed", message: "a 2000-level value was sent" }),
    (err: unknown): Outcome => (err instanceof LanguageError ? { kind: "error", report: err.report, stdout: "" } : { kind: "failed", message: String(err) }),
  );
  const outcome = await Promise.race([sent, delay(STUCK_AFTER_MS)]);
  assert.notEqual(outcome, undefined, `no reply within ${STUCK_AFTER_MS / 1000} s`);
  assert.equal(outcome!.kind, "error", JSON.stringify(outcome));
  assert.match((outcome as Extract<Outcome, { kind: "error" }>).report.evalue, /nested more than 500 levels deep/);
  assert.deepEqual((await runCell("(length (list 1 2))")).outcome, { kind: "value", shown: "2", stdout: "" });
});

// ---- the reader fuzz ----

type Random = () => number;

/** mulberry32: a small, fast PRNG whose whole state is one 32-bit number, so a seed fixes every cell. */
function prng(seed: number): Random {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const below = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[below(random, items.length)]!;
const insertAt = (code: string, at: number, text: string): string => code.slice(0, at) + text + code.slice(at);

const TOKENS = [
  "'", "`", ",", ",@", "#", "#;", "#|", "|#", "#\\", '"', ".", " . ", "#(", "#u8(", "[", "]", "#0=", "#0#", "#1#",
  "#0=#0#", "#!fold-case", "|", "\\", "#e", "#x", "#t#f", "...", "(quote)", "(lambda)", "(define)", "(if)",
  "#18446744073709551617=", "#18446744073709551617#", "#u8(256)", "#5(1)", "1/0", "#;#;", ",@,@",
];

const HUGE_NUMBERS = [
  "1e999999", "#e1e999999", "#e1e400", "-1e-999999", "#e1.5e300", "#x-ffffffffffffffffffffffffffffffff",
  "123456789012345678901234567890123456789012345678901234567890", "1/0", "#i1/0", "0/0", "+nan.0", "-inf.0",
  "1e308", "#e+inf.0", "#b102", "1.2.3", "(expt 10 100000)", "(expt 2.5 1e6)", "(make-vector 100000000)",
  "(exact 1e308)", "(make-string 1e300)", "(expt 0 -1)", "#e1e-999999",
];

const ODD_STRINGS = [
  '"\\x;"', '"\\xFFFFFFFF;"', '"\\x110000;"', '"\\xD800;"', '"\\q"', '"\\"', '"abc\\\n   def"', '"\\x41"', '"\u0000"',
  "#\\x110000", "#\\xD800", "#\\nosuchname", "|a\\x0;b|", '"\\x1F600;"', "#\\", '"\\\\\\"', "|\\|",
];

/** Text a reader or an expander would hate, 100 000 levels deep or long. */
function deepText(random: Random): string {
  const n = 100_000;
  switch (below(random, 10)) {
    case 0:
      return "(".repeat(n);
    case 1:
      return "(".repeat(n) + ")".repeat(n);
    case 2:
      return "'" + "(".repeat(n) + ")".repeat(n);
    case 3:
      return "#(".repeat(n / 2) + ")".repeat(n / 2);
    case 4:
      return "'".repeat(n) + "x";
    case 5:
      return "`" + "(".repeat(n / 2) + ",n" + ")".repeat(n / 2);
    case 6:
      return "(let ((x 1)) ".repeat(n / 5) + "x" + ")".repeat(n / 5);
    case 7:
      return "(+ 1 ".repeat(n / 2) + "1" + ")".repeat(n / 2);
    case 8:
      return "#|".repeat(n / 2);
    default:
      return "(list " + "1 ".repeat(n) + ")";
  }
}

/** Where the parenthesis opening at `open` closes (strings and comments ignored: a mutation needs no more). */
function matchingClose(code: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === "(") depth++;
    else if (code[i] === ")" && --depth === 0) return i;
  }
  return undefined;
}

interface Mutation {
  readonly name: string;
  apply(code: string, random: Random): string;
}

const positionIn = (code: string, random: Random): number => below(random, code.length + 1);
const parenPositions = (code: string): number[] => [...code.matchAll(/[()[\]]/g)].map((m) => m.index);

const MUTATIONS: readonly Mutation[] = [
  { name: "delete a character", apply: (c, r) => { const i = below(r, c.length); return c.slice(0, i) + c.slice(i + 1); } },
  {
    name: "delete a parenthesis",
    apply: (c, r) => {
      const parens = parenPositions(c);
      if (parens.length === 0) return c;
      const i = pick(r, parens);
      return c.slice(0, i) + c.slice(i + 1);
    },
  },
  { name: "insert a parenthesis", apply: (c, r) => insertAt(c, positionIn(c, r), pick(r, ["(", ")", "[", "]"])) },
  {
    name: "duplicate a span",
    apply: (c, r) => {
      const from = below(r, c.length);
      const span = c.slice(from, from + 1 + below(r, 60));
      return insertAt(c, positionIn(c, r), span);
    },
  },
  { name: "insert a token", apply: (c, r) => insertAt(c, positionIn(c, r), pick(r, TOKENS)) },
  {
    name: "a huge or odd number",
    apply: (c, r) => {
      const numbers = [...c.matchAll(/-?\d+(?:\.\d+)?/g)];
      const replacement = pick(r, HUGE_NUMBERS);
      if (numbers.length === 0) return insertAt(c, positionIn(c, r), ` ${replacement} `);
      const m = pick(r, numbers);
      return c.slice(0, m.index) + replacement + c.slice(m.index + m[0].length);
    },
  },
  { name: "deep nesting", apply: (c, r) => insertAt(c, positionIn(c, r), ` ${deepText(r)} `) },
  { name: "an odd string or character", apply: (c, r) => insertAt(c, positionIn(c, r), ` ${pick(r, ODD_STRINGS)} `) },
  { name: "truncate", apply: (c, r) => c.slice(0, positionIn(c, r)) },
  {
    name: "a form that contains itself",
    apply: (c, r) => {
      const opens = [...c.matchAll(/\(/g)].map((m) => m.index);
      const open = opens.length === 0 ? undefined : pick(r, opens);
      const close = open === undefined ? undefined : matchingClose(c, open);
      if (open === undefined || close === undefined) return `${c}\n#0=(a . #0#)`;
      const reference = pick(r, [" #0#", " . #0#", " '#0#", " `(,#0#)"]);
      return c.slice(0, open) + "#0=" + c.slice(open, close) + reference + c.slice(close);
    },
  },
  {
    name: "shared labels",
    apply: (c, r) => {
      const opens = [...c.matchAll(/\(/g)].map((m) => m.index);
      if (opens.length === 0) return c;
      const labelled = insertAt(c, pick(r, opens), "#1=");
      return insertAt(labelled, positionIn(labelled, r), " #1# ");
    },
  },
];

/** The seed notebook's code cells, without their magic lines, those left empty dropped. */
function seedSchemeCells(): string[] {
  const cells = parseNotebook(readFileSync(seedNotebookPath, "utf8")).cells.filter((c): c is CodeCell => c.cell_type === "code");
  return cells
    .map((c) => c.source.split("\n").filter((line) => !line.trimStart().startsWith("%")).join("\n").trim())
    .filter((code) => code !== "");
}

interface FuzzCell {
  readonly code: string;
  readonly from: number;
  readonly mutations: readonly string[];
}

function fuzzCells(seedCells: readonly string[], count: number, seed: number): FuzzCell[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const from = below(random, seedCells.length);
    let code = seedCells[from]!;
    const mutations: string[] = [];
    for (let n = 1 + below(random, 3); n > 0; n--) {
      const mutation = pick(random, MUTATIONS);
      code = mutation.apply(code, random);
      mutations.push(mutation.name);
    }
    return { code, from, mutations };
  });
}

test("the seed's cells mutated a few hundred ways: each a value or a clean Scheme error, the kernel alive and whole", { timeout: 600_000 }, async (t) => {
  const seedCells = seedSchemeCells();
  assert.ok(seedCells.length >= 10, "the seed notebook has its Scheme cells");
  for (const code of seedCells) {
    const run = await runCell(code);
    assert.equal(problemWith(run), undefined, `the unmutated seed cell runs:\n${code}`);
  }
  const cells = fuzzCells(seedCells, FUZZ_CELLS, FUZZ_SEED);
  assert.deepEqual(fuzzCells(seedCells, 3, FUZZ_SEED), cells.slice(0, 3), "the same seed gives the same cells");
  const failures: string[] = [];
  const tally = { value: 0, error: 0, interrupted: 0 };
  const errorKinds = new Map<string, number>();
  let slowestStopMs = 0;
  for (const [i, cell] of cells.entries()) {
    const run = await runCell(cell.code);
    // Checked after every cell, also a failed one: a dead kernel is replaced there, so the cells after it still run.
    const afterwards = await sentinelProblem();
    const problem = problemWith(run) ?? afterwards;
    if (run.interrupted) {
      tally.interrupted++;
      slowestStopMs = Math.max(slowestStopMs, run.stopMs ?? 0);
      const stop = run.stopMs === undefined ? "never stopped" : `stopped ${run.stopMs.toFixed(0)} ms later`;
      t.diagnostic(`cell ${i} (${cell.mutations.join(", ")}) was interrupted and ${stop}`);
    }
    if (run.outcome.kind === "value") tally.value++;
    else if (run.outcome.kind === "error") {
      tally.error++;
      errorKinds.set(run.outcome.report.ename, (errorKinds.get(run.outcome.report.ename) ?? 0) + 1);
    }
    if (problem !== undefined) {
      const excerpt = cell.code.length > 300 ? `${cell.code.slice(0, 300)}… (${cell.code.length} characters)` : cell.code;
      failures.push(`cell ${i} (seed cell ${cell.from}; ${cell.mutations.join(", ")}): ${problem}\n${excerpt}`);
    }
  }
  t.diagnostic(`${cells.length} cells: ${tally.value} values, ${tally.error} Scheme errors, ${tally.interrupted} interrupted (slowest stop ${slowestStopMs.toFixed(0)} ms)`);
  t.diagnostic(`errors: ${[...errorKinds].map(([kind, n]) => `${kind} ${n}`).join(", ")}`);
  assert.deepEqual(failures, []);
});
