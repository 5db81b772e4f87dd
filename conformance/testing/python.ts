// Runs a Python script of the conformance suite (conformance/python/) under Debian's Python, bounded in time: on
// the bound the script is killed and the test fails with what it printed. The kernels it started (each in a
// session of its own, as jupyter_client starts them) watch their parent and end with it.

import { spawn } from "node:child_process";
import * as path from "node:path";
import { projectRoot } from "../../kernel/testing/paths.js";
import { PYTHON } from "./kernelspec.js";

/** The conformance suite's Python scripts (not compiled: they are read from the sources). */
export const PYTHON_SCRIPTS = path.join(projectRoot, "conformance", "python");

export interface PythonRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The process id the script ran as (its own process group). */
  readonly pid: number;
}

export function runPython(script: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    // detached: a process group of its own, so that the timeout ends whatever the script forked.
    const child = spawn(PYTHON, [path.join(PYTHON_SCRIPTS, script), ...args], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => (stdout += t));
    child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${script} ran longer than ${timeoutMs} ms and was killed.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      else resolve({ code, signal, stdout, stderr, pid: child.pid! });
    });
  });
}
