// `npm run bench` for the Scheme language: each benchmark several times in one process, the median time, and
// the ratio against the same work hand-written in plain JavaScript in the same run. Goal: every ratio ≤ 5×.

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createSchemeEvaluator } from "../kernel/scheme/engine.js";
import { installSpecialForms } from "../kernel/scheme/expander/expand.js";
import { GlobalEnvironment } from "../kernel/scheme/expander/scope.js";
import { compileText } from "../kernel/scheme/pipeline.js";
import { writeString } from "../kernel/scheme/printer.js";
import { seedNotebookPath } from "../kernel/testing/paths.js";
import type { Value } from "../kernel/scheme/values.js";

const WARMUP_RUNS = 2;
const RUNS = 5;

interface Benchmark {
  readonly name: string;
  /** Scheme definitions, run once before timing. */
  readonly setup: string;
  /** The timed Scheme expression. */
  readonly scheme: string;
  /** The same work in plain JavaScript; returns the same result. */
  readonly js: () => unknown;
}

const mandelbrotSetup = `
(define MAX 255) (define n 200) (define xc -0.5) (define yc 0) (define size 2)
(define mandelbrot
  (lambda (z0 limit)
    (let loop ((z z0) (t 0))
      (if (> (abs z) 2.0) t
          (if (> t limit) limit (loop (+ (* z z) z0) (+ t 1)))))))
(define (mandelbrot-sum)
  (let rows ((row 0) (sum 0))
    (if (= row n) sum
        (rows (+ row 1)
              (let cols ((col 0) (sum sum))
                (if (= col n) sum
                    (let* ((x0 (+ (- xc (/ size 2)) (* size (/ col n))))
                           (y0 (+ (- yc (/ size 2)) (* size (/ row n))))
                           (z0 (complex x0 y0)))
                      (cols (+ col 1) (+ sum (mandelbrot z0 MAX))))))))))`;

class Complex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}
function jsMandelbrot(z0: Complex, limit: number): number {
  let z = z0;
  for (let t = 0; ; t++) {
    if (Math.sqrt(z.re * z.re + z.im * z.im) > 2.0) return t;
    if (t > limit) return limit;
    z = new Complex(z.re * z.re - z.im * z.im + z0.re, 2 * z.re * z.im + z0.im);
  }
}
function jsMandelbrotSum(): number {
  const n = 200;
  let sum = 0;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const x0 = -0.5 - 1 + (2 * col) / n;
      const y0 = 0 - 1 + (2 * row) / n;
      sum += jsMandelbrot(new Complex(x0, y0), 255);
    }
  }
  return sum;
}

function jsFib(n: number): number {
  return n < 2 ? n : jsFib(n - 1) + jsFib(n - 2);
}

class JsPair {
  constructor(
    readonly car: number,
    readonly cdr: JsPair | null,
  ) {}
}

const benchmarks: Benchmark[] = [
  { name: "mandelbrot n=200 (complex)", setup: mandelbrotSetup, scheme: "(mandelbrot-sum)", js: jsMandelbrotSum },
  {
    name: "fib 30",
    setup: "(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))",
    scheme: "(fib 30)",
    js: () => jsFib(30),
  },
  {
    name: "tail loop 10^7",
    setup: "(define (count-up i acc) (if (= i 10000000) acc (count-up (+ i 1) (+ acc 2))))",
    scheme: "(count-up 0 0)",
    js: () => {
      let acc = 0;
      for (let i = 0; i !== 10_000_000; i++) acc += 2;
      return acc;
    },
  },
  {
    name: "build + sum list 10^6",
    setup: `(define (build n acc) (if (= n 0) acc (build (- n 1) (cons n acc))))
            (define (sum-list l acc) (if (null? l) acc (sum-list (cdr l) (+ acc (car l)))))`,
    scheme: "(sum-list (build 1000000 '()) 0)",
    js: () => {
      let list: JsPair | null = null;
      for (let n = 1_000_000; n > 0; n--) list = new JsPair(n, list);
      let sum = 0;
      for (let p = list; p !== null; p = p.cdr) sum += p.car;
      return sum;
    },
  },
  {
    name: "string build 10^5 pieces",
    setup: `(define (build-string i acc) (if (= i 100000) (string-length acc) (build-string (+ i 1) (string-append acc (number->string i)))))`,
    scheme: "(build-string 0 \"\")",
    js: () => {
      let acc = "";
      for (let i = 0; i !== 100_000; i++) acc += String(i);
      return acc.length;
    },
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => unknown): { ms: number; result: unknown } {
  let result: unknown;
  const samples: number[] = [];
  for (let i = 0; i < WARMUP_RUNS; i++) f();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = f();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), result };
}

/** The seed notebook's code cells without magic lines, as the host kernel runs them. */
function seedCells(): string[] {
  const nb = JSON.parse(readFileSync(seedNotebookPath, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .map((src) => src.split("\n").filter((l) => !l.startsWith("%")).join("\n"));
}

function compileSeed(cells: string[]): number {
  const global = new GlobalEnvironment();
  installSpecialForms(global);
  let forms = 0;
  // Each form compiled (read, expanded, analysed, generated, linked) but not run, as the engine compiles it.
  for (const [i, cell] of cells.entries()) forms += compileText(global, cell, `cell ${i}`).length;
  return forms;
}

export function runSchemeBenchmarks(): void {
  const evaluator = createSchemeEvaluator({ stdout: () => {}, interruptFlag: new Int32Array(new SharedArrayBuffer(4)) });
  const rows: string[][] = [["benchmark", "Scheme ms", "JS ms", "ratio"]];
  for (const b of benchmarks) {
    evaluator.execute(b.setup, { name: b.name });
    const s = time(() => writeString(evaluator.execute(b.scheme, { name: b.name }) as Value));
    const j = time(b.js);
    if (s.result !== String(j.result)) throw new Error(`${b.name}: Scheme gave ${String(s.result)}, JavaScript ${String(j.result)}`);
    rows.push([b.name, s.ms.toFixed(1), j.ms.toFixed(1), `${(s.ms / j.ms).toFixed(2)}×`]);
  }
  const cells = seedCells();
  const source = cells.join("\n");
  const compile = time(() => compileSeed(cells));
  // No JavaScript counterpart: this is the latency a user waits for before a cell starts running.
  rows.push([`read+expand+compile seed cells (${source.length} chars)`, compile.ms.toFixed(1), "—", "—"]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
}

if (import.meta.url === `file://${process.argv[1]}`) runSchemeBenchmarks();
