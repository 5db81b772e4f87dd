// A kernel started by a Jupyter front end must end when that front end does, as ipykernel's ParentPollerUnix
// makes it: jupyter_client puts its own pid in JPY_PARENT_PID (and keeps the kernel's stdin closed, so stdin
// tells nothing). The watch is the one kernel processes use for their host (cluster/host-watch.ts): the parent's
// pid gone, or this process adopted by another.

import { watchHost } from "../cluster/host-watch.js";

/** Calls `onGone` once the parent named by JPY_PARENT_PID is gone; does nothing without it (started by hand). */
export function watchJupyterParent(env: Readonly<Record<string, string | undefined>>, onGone: () => void): boolean {
  const pid = Number(env.JPY_PARENT_PID);
  // pid 1 (init) never goes away, only adopts: ipykernel does not watch it either.
  if (!Number.isInteger(pid) || pid <= 1) return false;
  watchHost(pid, onGone);
  return true;
}
