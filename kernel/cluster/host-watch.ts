// A kernel process must never outlive the host that started it: nothing else will ever talk to it or end it, and
// a node left running holds its share of the machine's memory until someone notices it in a process list.
//
// The channel to the host says so when the host goes (Node's "disconnect", Electron's parentPort closing), but
// only to whoever listens by then, and a host killed while this process was still loading its modules has gone
// before anyone listened. So the host is also watched directly: its pid (told on the command line) must stay
// alive, and this process's parent must stay the one it had at start (a process whose parent dies is adopted
// by init or a subreaper, which changes its ppid even if the dead host's pid is soon reused).

import { processAlive } from "../platform/process-alive.js";

/** How often the host is looked at; a few times a second costs nothing (two system calls). */
export const HOST_WATCH_INTERVAL_MS = 250;

/**
 * Calls `onGone` (once) as soon as the host process is seen gone: at once if it already is. The watch does not
 * keep this process alive by itself.
 */
export function watchHost(hostPid: number, onGone: () => void): void {
  const parentAtStart = process.ppid;
  // A pid that exists but is not ours to signal may be the host's pid reused by someone else's process: the ppid
  // check catches that case where the host was our parent.
  const gone = (): boolean => !processAlive(hostPid) || process.ppid !== parentAtStart;
  if (gone()) {
    onGone();
    return;
  }
  const timer = setInterval(() => {
    if (!gone()) return;
    clearInterval(timer);
    onGone();
  }, HOST_WATCH_INTERVAL_MS);
  timer.unref();
}
