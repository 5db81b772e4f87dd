// Whether a process exists, asked the way Unix lets any process ask: signal 0 checks without delivering anything.

/** True while a process with this pid exists, ours to signal or not (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
