// The user's notebook executed by nbclient (what `jupyter nbconvert --execute` and papermill run on), unchanged: it
// names the kernel "calysto_scheme", and the Parabook kernelspec installed under that name with
// `parabook kernelspec install --name calysto_scheme --nodes 10` runs it: its %parallel line says no count, so the
// kernelspec's PARABOOK_NODES gives 10 (as `parabook run --nodes 10` does), where Settings would give this machine's
// core count. Every stored output is reproduced (timings aside, as for `parabook run`: kernel/testing/seed-outputs.ts), the
// executed notebook validates with nbformat, and nothing the kernel started is left once nbclient has finished.

import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parabookBin, seedNotebookPath } from "../kernel/testing/paths.js";
import { codeCells, comparable } from "../kernel/testing/seed-outputs.js";
import { installKernelspec } from "./testing/kernelspec.js";
import { describeProcesses, killEach, processMarker, waitForMarkedToEnd } from "./testing/marked-processes.js";
import { runPython } from "./testing/python.js";

const NODES = 10;

test(`nbclient runs the seed notebook on the Parabook kernel as calysto_scheme with ${NODES} nodes, every stored output reproduced`, async () => {
  // Settings say 2 nodes: only the kernelspec's count can make the stored 10-node outputs.
  const kernelspec = await installKernelspec({ name: "calysto_scheme", settings: { clusterSize: 2 } });
  const marker = processMarker("PARABOOK_TEST_NBCLIENT");
  try {
    await promisify(execFile)(process.execPath, [parabookBin, "kernelspec", "install", "--user", "--name", "calysto_scheme", "--nodes", String(NODES)], {
      env: kernelspec.env,
      timeout: 30_000,
    });
    const executed = path.join(kernelspec.root, "executed.ipynb");
    const run = await runPython("execute_notebook.py", [seedNotebookPath, executed], { ...kernelspec.env, [marker.name]: marker.value }, 300_000);
    assert.equal(run.code, 0, `nbclient failed:\n${run.stderr}`);

    const stored = codeCells(await fs.readFile(seedNotebookPath, "utf8"));
    const cells = codeCells(await fs.readFile(executed, "utf8"));
    assert.equal(cells.length, stored.length);
    stored.forEach((cell, i) => assert.deepEqual(comparable(cells[i]!), comparable(cell), `code cell ${i + 1}:\n${cell.source}`));

    const left = await waitForMarkedToEnd(marker.entry, 15_000);
    assert.deepEqual(left, [], `processes left after nbclient finished:\n${describeProcesses(left)}`);
  } finally {
    killEach(await waitForMarkedToEnd(marker.entry, 0));
    await kernelspec.remove();
  }
});
