// Parabook as a Jupyter kernel (issue 11), beside the app's own Session in the same run: the execute round trip of
// a trivial cell through jupyter_client's protocol (Debian's jupyter_client under /usr/bin/python3, a
// BlockingKernelClient's execute_interactive: the request, iopub up to idle, the reply), and a trivial %%px on 10
// nodes through the kernel, each against the same cell run by a Session in this process. The two are measured in
// turns, 20 cells at a time, so both meet the same machine load.
// Part of `npm run bench`; alone: `npm run build:kernel && node dist/bench/jupyter-kernel.js`.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { NodeSpawner } from "../kernel/cluster/node-spawner.js";
import { Session } from "../kernel/session/session.js";
import { defaultSettings } from "../kernel/settings/settings.js";
import { installKernelspec, PYTHON } from "../conformance/testing/kernelspec.js";
import { PYTHON_SCRIPTS } from "../conformance/testing/python.js";
import { formatTable, median, runCell, type Row } from "./cluster.js";

const NODES = 10;
const WARM_UP = 20;
const ROUND_TRIPS = 200;
const BATCH = 20;
const PARALLEL = `%parallel calysto_scheme CalystoScheme -n ${NODES}`;
const TRIVIAL = "1";
const TRIVIAL_PX = "%%px\ncluster_rank";

/** conformance/python/timed_executes.py: a jupyter_client front end that times the cells it is asked to run. */
class JupyterClientDriver {
  private readonly lines: AsyncIterator<string>;
  private stderr = "";

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding("utf8").on("data", (text: string) => (this.stderr += text));
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static start(kernelName: string, env: NodeJS.ProcessEnv): JupyterClientDriver {
    return new JupyterClientDriver(spawn(PYTHON, [path.join(PYTHON_SCRIPTS, "timed_executes.py"), kernelName], { env }));
  }

  /** Runs `code` `count` times; resolves with each round trip in seconds and the last result's text. */
  async run(code: string, count: number): Promise<{ seconds: number[]; result: string | null }> {
    this.child.stdin.write(`${JSON.stringify({ code, count })}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error(`timed_executes.py ended:\n${this.stderr}`);
    const answer = JSON.parse(line.value) as { seconds: number[]; result: string | null } | { error: string };
    if ("error" in answer) throw new Error(`the kernel failed the benchmark cell ${JSON.stringify(code)}: ${answer.error}`);
    return answer;
  }

  /** Ends stdin: the script shuts the kernel down and exits. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Medians (ms) of `code` through the kernel and through the Session, taken in turns. */
async function inTurns(driver: JupyterClientDriver, session: Session, code: string, expected: string): Promise<{ kernel: number; session: number }> {
  const kernel: number[] = [];
  const local: number[] = [];
  for (let done = 0; done < WARM_UP + ROUND_TRIPS; done += BATCH) {
    const { seconds, result } = await driver.run(code, BATCH);
    if (result !== expected) throw new Error(`the kernel answered ${JSON.stringify(result)} to ${JSON.stringify(code)}, not ${expected}`);
    kernel.push(...seconds);
    for (let i = 0; i < BATCH; i++) {
      const cell = await runCell(session, code);
      if (cell.result !== expected) throw new Error(`the Session answered ${JSON.stringify(cell.result)} to ${JSON.stringify(code)}, not ${expected}`);
      local.push(cell.seconds);
    }
  }
  return { kernel: median(kernel.slice(WARM_UP)) * 1000, session: median(local.slice(WARM_UP)) * 1000 };
}

export async function jupyterKernelBenchmark(): Promise<Row[]> {
  const rows: Row[] = [];
  const kernelspec = await installKernelspec();
  const driver = JupyterClientDriver.start(kernelspec.name, kernelspec.env);
  const session = new Session({ spawner: new NodeSpawner(), settings: () => ({ ...defaultSettings(), clusterSize: NODES }) });
  try {
    await session.start();
    const trivial = await inTurns(driver, session, TRIVIAL, "1");
    const ratio = (kernel: number, local: number) => `${(kernel / local).toFixed(2)}× the Session's ${local.toFixed(2)} ms`;
    rows.push({ measure: `execute round trip through jupyter_client, trivial cell (median of ${ROUND_TRIPS})`, value: `${trivial.kernel.toFixed(2)} ms`, target: "<= 2 ms" });
    rows.push({ measure: "  against the same cell through the app's Session, in turns", value: ratio(trivial.kernel, trivial.session), target: "" });

    await driver.run(PARALLEL, 1);
    await runCell(session, PARALLEL);
    const ranks = `#${NODES}(${Array.from({ length: NODES }, (_, r) => r).join(" ")})`;
    const px = await inTurns(driver, session, TRIVIAL_PX, ranks);
    rows.push({ measure: `trivial %%px on ${NODES} nodes through the kernel and jupyter_client (median of ${ROUND_TRIPS})`, value: `${px.kernel.toFixed(2)} ms`, target: "<= 3 ms" });
    rows.push({ measure: "  against the same %%px through the app's Session, in turns", value: ratio(px.kernel, px.session), target: "" });
  } finally {
    await driver.stop();
    await session.shutdown();
    await kernelspec.remove();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log("Parabook as a Jupyter kernel (issue 11)");
  console.log(formatTable(await jupyterKernelBenchmark()));
}
