// `parabook run NB.ipynb --listen …` headless, with its nodes "elsewhere": the notebook's %parallel prints the line
// to start them, the test starts them so, and the notebook runs to the end on them. And the placement flags, read
// and checked before any notebook is touched.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emptyNotebook, newCodeCell, parseNotebook, serializeNotebook, type CodeCell } from "../../contract/notebook.js";
import { parabookBin } from "../testing/paths.js";
import { RemoteNodes } from "../testing/remote-nodes.js";
import { parseRunNotebookArgs } from "./run-notebook.js";

const nodes = new RemoteNodes();
const dirs: string[] = [];
after(async () => {
  await nodes.stopAll();
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

test("the placement flags are checked with the others and handed to the notebook's %parallel", () => {
  assert.deepEqual(parseRunNotebookArgs(["nb.ipynb", "--launcher", "slurm", "--launcher-args", "-p short -t 30", "--nodes", "10"]), {
    input: "nb.ipynb",
    nodes: 10,
    output: undefined,
    allowErrors: false,
    timeoutSeconds: undefined,
    placement: { launcher: "slurm", launcherArgs: "-p short -t 30" },
  });
  assert.deepEqual(parseRunNotebookArgs(["nb.ipynb", "--hosts", "h1:4,h2:4"]).placement, { hosts: "h1:4,h2:4" });
  assert.throws(() => parseRunNotebookArgs(["nb.ipynb", "--launcher", "pbs"]), /--launcher wants one of local, slurm, mpi, ssh, got pbs/);
  assert.throws(() => parseRunNotebookArgs(["nb.ipynb", "--launcher", "slurm", "--hosts", "h1"]), /--hosts is for --launcher ssh, not slurm/);
  assert.throws(() => parseRunNotebookArgs(["nb.ipynb", "--listen"]), /--listen needs a value/);
});

test("parabook run --listen: the nodes started by the printed line run the notebook's px cells", { timeout: 120_000 }, async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "parabook-run-remote-"));
  dirs.push(dir);
  const input = path.join(dir, "remote.ipynb");
  const output = path.join(dir, "out.ipynb");
  const notebook = emptyNotebook();
  notebook.cells = [newCodeCell("%parallel calysto_scheme CalystoScheme -n 3"), newCodeCell("%%px\n(* cluster_rank cluster_size)")];
  await fs.writeFile(input, serializeNotebook(notebook));
  // The keys file goes where the user's home says; a home of the test's own keeps the real one untouched.
  const run = spawn(process.execPath, [parabookBin, "run", input, "--listen", "127.0.0.1:0", "--output", output], {
    env: { ...process.env, HOME: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  run.stdout.setEncoding("utf8").on("data", (t: string) => (stdout += t));
  run.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  const exited = new Promise<number | null>((resolve) => run.once("exit", (code) => resolve(code)));
  try {
    for (let i = 0; i < 600 && !/--rank R/.test(stdout); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(stdout, /--keys-file .*\.parabook\/cluster-keys\/cluster-\w+\.keys/);
    nodes.startAsInstructed(stdout, [0, 1, 2]);
    assert.equal(await exited, 0, stderr);
  } finally {
    run.kill("SIGKILL");
  }
  const cells = parseNotebook(await fs.readFile(output, "utf8")).cells as CodeCell[];
  const result = cells[1]!.outputs.find((o) => o.output_type === "execute_result");
  assert.equal(result?.output_type === "execute_result" ? result.data["text/plain"] : undefined, "#3(0 3 6)");
  assert.match(stdout, new RegExp(`Started 3 Scheme nodes in [\\d.]+ s on ${os.hostname()} \\(3\\)\\.`));
  // The run is over: its nodes were shut down with it, and its keys file removed.
  assert.deepEqual(await Promise.all(nodes.started().map((n) => n.exited)), [0, 0, 0]);
  assert.deepEqual(await fs.readdir(path.join(dir, ".parabook", "cluster-keys")), []);
});
