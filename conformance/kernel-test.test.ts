// Jupyter's own kernel test suite (python3-jupyter-kernel-test 0.4.5) against `parabook kernel`: a KernelTests
// subclass (python/kernel_tests.py) sets every sample the suite reads. Here every test and sub-test must have run
// and passed; the only skips allowed are the two the kernel cannot apply (no pager, no clear_output), by name.

import { test } from "node:test";
import assert from "node:assert/strict";
import { installKernelspec } from "./testing/kernelspec.js";
import { runPython } from "./testing/python.js";

/** Every test jupyter_kernel_test 0.4.5 has. */
const SUITE = [
  "test_clear_output",
  "test_completion",
  "test_display_data",
  "test_error",
  "test_execute_result",
  "test_execute_stderr",
  "test_execute_stdout",
  "test_history",
  "test_inspect",
  "test_is_complete",
  "test_kernel_info",
  "test_pager",
];

/** Parabook shows help as text and never clears output: nothing for these two to check. */
const NOT_APPLICABLE = ["test_clear_output", "test_pager"];

test("jupyter_kernel_test: every test that applies runs and passes", { timeout: 240_000 }, async (t) => {
  const spec = await installKernelspec();
  t.after(() => spec.remove());
  const run = await runPython("kernel_tests.py", [], { ...spec.env, PARABOOK_KERNEL_NAME: spec.name }, 200_000);
  const summary = run.stdout.trim().split("\n").at(-1) ?? "";
  let outcomes: Record<string, string>;
  try {
    outcomes = (JSON.parse(summary) as { outcomes: Record<string, string> }).outcomes;
  } catch {
    assert.fail(`kernel_tests.py printed no summary (exit ${run.code}).\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  const topLevel = Object.keys(outcomes).filter((name) => !name.includes(" "));
  assert.deepEqual(topLevel.sort(), SUITE, "the suite's tests are not the ones expected of 0.4.5");
  const notPassed = Object.entries(outcomes).filter(([name, outcome]) => outcome !== "passed" && !NOT_APPLICABLE.includes(name));
  assert.deepEqual(notPassed, [], `tests that did not pass:\n${notPassed.map(([n, o]) => `${n}: ${o}`).join("\n")}\nstderr:\n${run.stderr}`);
  for (const name of NOT_APPLICABLE) assert.match(outcomes[name]!, /^skipped/, `${name}: ${outcomes[name]}`);
  // Sub-tests count too: each sample of completion, is_complete, execute_result and history ran.
  const subTests = Object.keys(outcomes).filter((name) => name.includes(" "));
  assert.ok(subTests.length >= 17, `only ${subTests.length} sub-tests ran: ${subTests.join(", ")}`);
  assert.equal(run.code, 0, run.stderr);
});
