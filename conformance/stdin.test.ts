// Input from the user in a Jupyter front end, checked with jupyter_client (conformance/python/stdin_checks.py): a
// (read-line) asks on the stdin channel when the execute request allows it, and the cell goes on with the reply;
// without allow_stdin it fails at once saying why; an interrupt while it waits ends the cell keeping definitions.

import { test } from "node:test";
import assert from "node:assert/strict";
import { installKernelspec } from "./testing/kernelspec.js";
import { runPython } from "./testing/python.js";

interface Outputs {
  stdout: string;
  errors: { ename: string; evalue: string }[];
  results: string[];
}

interface Summary {
  answered_request: { msg_type: string; parent_is_execute: boolean; content: { prompt: string; password: boolean }; password_is_bool: boolean } | null;
  answered: Outputs;
  answered_reply: string;
  refused: Outputs;
  refused_reply: string;
  refused_asked: boolean;
  interrupted_asked: boolean;
  interrupted: Outputs;
  interrupted_reply: string;
  after_interrupt: Outputs;
  two_reads: Outputs;
  kernel_alive_after_shutdown: boolean;
}

test("jupyter_client answers the kernel's input_request; allow_stdin false and an interrupt while waiting behave as in ipykernel", { timeout: 180_000 }, async (t) => {
  const spec = await installKernelspec();
  t.after(() => spec.remove());
  const run = await runPython("stdin_checks.py", [], { ...spec.env, PARABOOK_KERNEL_NAME: spec.name }, 150_000);
  assert.equal(run.code, 0, `stdin_checks.py failed:\n${run.stderr}`);
  const s = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Summary;

  assert.deepEqual(s.answered_request, {
    msg_type: "input_request",
    parent_is_execute: true,
    content: { prompt: "Name: ", password: false },
    password_is_bool: true,
  });
  assert.deepEqual(s.answered, { stdout: "Hi.\nhello Ada", errors: [], results: [] }, "the prompt is the front end's to show");
  assert.equal(s.answered_reply, "ok");

  assert.deepEqual(s.refused.errors, [
    { ename: "NoInput", evalue: "no input is available here: the front end does not take input (its execute_request has allow_stdin false)" },
  ]);
  assert.equal(s.refused_reply, "error");
  assert.equal(s.refused_asked, false, "nothing is asked of a front end that does not take input");

  assert.equal(s.interrupted_asked, true);
  assert.deepEqual(s.interrupted.errors.map((e) => e.ename), ["Interrupted"]);
  assert.equal(s.interrupted_reply, "error");
  assert.deepEqual(s.after_interrupt.results, ["42"], "the definitions made before, and during the refused cell, are kept");

  assert.deepEqual(s.two_reads.results, ['((1 2) "three")']);
  assert.equal(s.kernel_alive_after_shutdown, false);
});
