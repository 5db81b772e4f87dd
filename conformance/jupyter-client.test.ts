// `parabook kernel` driven by jupyter_client (Debian's python3-jupyter-client), as JupyterLab, VS Code and nbclient
// drive a kernel: python/jupyter_client_checks.py does the driving and prints what it saw; this test asserts it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { installKernelspec } from "./testing/kernelspec.js";
import { runPython } from "./testing/python.js";

interface Interrupted {
  answered: boolean;
  within_200ms: boolean;
  ms: number;
  status: string | null;
  ename: string | null;
  kept: string | null;
}

interface Summary {
  executes: { count: number; wrong: unknown[]; median_ms: number; last_value: string };
  interrupt_host: Interrupted;
  sigint_host: Interrupted;
  cluster_started: string;
  interrupt_px: Interrupted;
  sigint_px: Interrupted;
  restart: { old_processes: number; left_behind: number[]; new_pid_differs: boolean; kept_after_restart: string; answers: string };
  shutdown: { processes: number; left_behind: number[] };
}

test("jupyter_client: 300 executes, interrupts that keep definitions (host and %%px on 4 nodes), restart, shutdown", { timeout: 240_000 }, async (t) => {
  const spec = await installKernelspec();
  t.after(() => spec.remove());
  const run = await runPython("jupyter_client_checks.py", [], { ...spec.env, PARABOOK_KERNEL_NAME: spec.name }, 200_000);
  const line = run.stdout.trim().split("\n").at(-1) ?? "";
  let s: Summary;
  try {
    s = JSON.parse(line) as Summary;
  } catch {
    assert.fail(`jupyter_client_checks.py printed no summary (exit ${run.code}).\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  t.diagnostic(
    `execute round trip median ${s.executes.median_ms} ms; interrupt answered after ${s.interrupt_host.ms} ms (host), ` +
      `${s.interrupt_px.ms} ms (%%px on 4 nodes); SIGINT ${s.sigint_host.ms} / ${s.sigint_px.ms} ms`,
  );

  assert.equal(s.executes.count, 300);
  assert.deepEqual(s.executes.wrong, [], "every execute answers ok with the next execution count");
  assert.equal(s.executes.last_value, "300");

  for (const [what, r, kept] of [
    ["the host's loop, interrupt_request", s.interrupt_host, "42"],
    ["the host's loop, SIGINT", s.sigint_host, "42"],
    ["%%px on 4 nodes, interrupt_request", s.interrupt_px, "#4(0 2 4 6)"],
    ["%%px on 4 nodes, SIGINT", s.sigint_px, "#4(0 2 4 6)"],
  ] as const) {
    assert.ok(r.answered, `${what}: the kernel never answered the interrupted execute`);
    // The script waited for the answer within the bound (200 ms), the kernel's behaviour under test.
    assert.ok(r.within_200ms, `${what}: answered only after ${r.ms} ms, beyond the 200 ms the kernel promises`);
    assert.equal(r.status, "error", `${what}: an interrupted cell is an error (nbclient stops on it)`);
    assert.equal(r.ename, "Interrupted");
    assert.equal(r.kept, kept, `${what}: definitions made before the interrupt are kept`);
  }
  assert.equal(s.cluster_started, "ok");

  assert.ok(s.restart.new_pid_differs, "a restart is a new kernel process, as jupyter_client makes it");
  assert.ok(s.restart.old_processes >= 6, `the old kernel had its host kernel and 4 nodes (${s.restart.old_processes} processes)`);
  assert.deepEqual(s.restart.left_behind, [], "no process of the old kernel outlives the restart");
  assert.equal(s.restart.kept_after_restart, "error: unbound variable kept");
  assert.equal(s.restart.answers, "42");

  assert.ok(s.shutdown.processes >= 5, `the kernel had its host kernel and 3 nodes (${s.shutdown.processes} processes)`);
  assert.deepEqual(s.shutdown.left_behind, [], "shutdown leaves no process: the kernel, its host kernel and every node end");
  assert.equal(run.code, 0, run.stderr);
});
