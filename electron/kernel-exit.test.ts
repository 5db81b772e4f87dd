import { test } from "node:test";
import assert from "node:assert/strict";
import { constants } from "node:os";
import type { KernelExit } from "../kernel/cluster/spawner.js";
import { exitFromGone, KernelExitReport } from "./kernel-exit.js";

test("each child-process-gone reason becomes an exit with the reason in words", () => {
  assert.deepEqual(exitFromGone({ reason: "clean-exit", exitCode: 0 }), { code: 0, signal: null });
  assert.deepEqual(exitFromGone({ reason: "abnormal-exit", exitCode: 3 }), {
    code: 3,
    signal: null,
    reason: "exited with code 3",
  });
  assert.deepEqual(exitFromGone({ reason: "oom", exitCode: 0 }), { code: null, signal: null, reason: "out of memory" });
  assert.equal(exitFromGone({ reason: "launch-failed", exitCode: 1003 }).reason, "could not be started (launch error 1003)");
  assert.equal(exitFromGone({ reason: "memory-eviction", exitCode: 0 }).reason, "ended by the system to free memory");
  assert.equal(exitFromGone({ reason: "integrity-failure", exitCode: 0 }).reason, "failed the code integrity check");
});

test("on POSIX a process ended by a signal is reported with the signal's name", () => {
  assert.deepEqual(exitFromGone({ reason: "killed", exitCode: constants.signals.SIGKILL }, "linux"), {
    code: null,
    signal: "SIGKILL",
    reason: "killed by SIGKILL",
  });
  assert.deepEqual(exitFromGone({ reason: "crashed", exitCode: constants.signals.SIGSEGV }, "darwin"), {
    code: null,
    signal: "SIGSEGV",
    reason: "crashed (SIGSEGV)",
  });
});

test("on Windows the exit code of a killed process is kept as a code", () => {
  assert.deepEqual(exitFromGone({ reason: "killed", exitCode: 1 }, "win32"), {
    code: 1,
    signal: null,
    reason: "killed",
  });
});

function collect(): { exits: KernelExit[]; report: KernelExitReport } {
  const exits: KernelExit[] = [];
  return { exits, report: new KernelExitReport((exit) => exits.push(exit), 200) };
}

test("gone before exit: reported at once with the reason, the later exit adds nothing", () => {
  const { exits, report } = collect();
  report.gone({ reason: "oom", exitCode: 0 });
  report.exited(0);
  assert.deepEqual(exits, [{ code: null, signal: null, reason: "out of memory" }]);
  assert.equal(report.done, true);
});

test("exit before gone: the report waits for the reason", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { exits, report } = collect();
  report.exited(134);
  assert.deepEqual(exits, []);
  report.gone({ reason: "abnormal-exit", exitCode: 134 });
  assert.deepEqual(exits, [{ code: 134, signal: null, reason: "exited with code 134" }]);
  t.mock.timers.tick(1000);
  assert.equal(exits.length, 1);
});

test("exit without gone: the bare code is reported after the grace period", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { exits, report } = collect();
  report.exited(0);
  t.mock.timers.tick(199);
  assert.deepEqual(exits, []);
  t.mock.timers.tick(1);
  assert.deepEqual(exits, [{ code: 0, signal: null }]);
  report.gone({ reason: "clean-exit", exitCode: 0 });
  assert.equal(exits.length, 1);
});
