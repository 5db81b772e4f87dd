// A daemon of the multi-host environment (munged, slurmctld, slurmd, sshd), run in the foreground on one host so
// that the process this test process spawned is the daemon itself: its PID is known, its death is seen at once, and
// its output goes to a log file in the run's folder (quoted when it fails to come up).

import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { waitFor } from "./commands.js";
import { enterHost, type HostName } from "./host-namespaces.js";
import type { RunRecord } from "./run-record.js";

export interface Daemon {
  readonly name: string;
  readonly host: HostName;
  readonly pid: number;
  readonly logFile: string;
  /** How it ended, while it has not: undefined. */
  exited(): string | undefined;
  /** Settles with how it ended, when it does. */
  readonly ended: Promise<string>;
  /** The end of its log, for error messages. */
  logTail(lines?: number): string;
}

/** The environment daemons get: enough to run, nothing of the test process's own (NODE_OPTIONS, test runner
 *  variables) that a daemon would pass on to the processes it starts. */
export const daemonEnvironment: NodeJS.ProcessEnv = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  LANG: "C.UTF-8",
  HOME: "/root",
};

export function startDaemon(run: RunRecord, host: HostName, name: string, argv: readonly string[], logFile: string): Daemon {
  const log = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    const [nsenter, ...entering] = enterHost(run, host, "/");
    child = spawn(nsenter!, [...entering, ...argv], {
      env: daemonEnvironment,
      stdio: ["ignore", log, log],
    });
  } finally {
    closeSync(log);
  }
  let ending: string | undefined;
  const ended = new Promise<string>((resolve) => {
    child.once("error", (err) => resolve((ending = `could not start: ${err.message}`)));
    child.once("exit", (code, signal) => resolve((ending = signal ? `killed by ${signal}` : `exited with code ${code}`)));
  });
  // A test that forgets stop() should still let its process exit (the exit hook then removes the run): the daemon
  // must not hold the event loop open.
  child.unref();
  return {
    name,
    host,
    pid: child.pid ?? -1,
    logFile,
    exited: () => ending,
    ended,
    logTail: (lines = 15) => tail(logFile, lines),
  };
}

/** What a daemon that did not come up said, for the error that reports it. */
export function daemonReport(daemon: Daemon): string {
  const ending = daemon.exited();
  return `${daemon.name} on ${daemon.host} (pid ${daemon.pid}${ending ? `, ${ending}` : ", still running"}); ${daemon.logFile} ends:\n${daemon.logTail()}`;
}

/** Waits until `ready` says so, asking every `intervalMs`; fails at once, with its log, when one of `daemons` ends
 *  meanwhile, and after `timeoutMs` with `status()` (what the last probe saw) and all their logs. */
export async function untilReady(
  daemons: readonly Daemon[],
  what: string,
  ready: () => boolean | Promise<boolean>,
  { timeoutMs, intervalMs, status }: { timeoutMs: number; intervalMs: number; status?: () => string },
): Promise<void> {
  await waitFor(
    what,
    async () => {
      // A probe may itself wait for a daemon that has died (sinfo waits 10 s for a controller): whichever first.
      const firstEnd = Promise.race(daemons.map((daemon) => daemon.ended.then(() => daemon)));
      const answer = await Promise.race([ready(), firstEnd]);
      if (typeof answer !== "boolean") throw new Error(`${what}: ${daemonReport(answer)}`);
      return answer ? true : undefined;
    },
    { timeoutMs, intervalMs },
    () => [status?.() ?? "", ...daemons.map(daemonReport)].filter(Boolean).join("\n"),
  );
}

/** Whether the daemon has a TCP socket listening on `port`, read from the tables of its own network namespace
 *  (/proc/PID/net/tcp): the machine cannot connect to a host to find out, and no client need be started. */
export function listensOn(daemon: Daemon, port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["tcp", "tcp6"]) {
    let text: string;
    try {
      text = readFileSync(`/proc/${daemon.pid}/net/${table}`, "utf8");
    } catch {
      continue;
    }
    // Columns: sl local_address rem_address st …; local_address is ADDRESS:PORT in hex, state 0A is LISTEN.
    for (const line of text.split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === "0A" && local?.endsWith(`:${hexPort}`)) return true;
    }
  }
  return false;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
