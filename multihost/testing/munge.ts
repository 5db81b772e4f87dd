// MUNGE, the credential service Slurm authenticates with: one munged for the whole run, on h0, with a key made for
// the run and its socket in the run's folder. The socket is a path on the shared file system, which a process in
// any network namespace reaches: one daemon serves every host, as one key would be shared on a cluster.
//
// munged refuses to run as root and checks permissions: the key must be the munge user's and unreadable by anyone
// else, and the socket's folder searchable by all ("Socket is inaccessible: execute permissions for all required").
// It runs under `setpriv` rather than `runuser`, which stays behind as a parent: setpriv execs, so the PID we hold
// is munged's own.

import { randomBytes } from "node:crypto";
import { promises as fs, existsSync } from "node:fs";
import * as path from "node:path";
import { mustRun } from "./commands.js";
import { startDaemon, untilReady, type Daemon } from "./daemons.js";
import type { RunRecord } from "./run-record.js";

export interface Munge {
  readonly socket: string;
  readonly daemon: Daemon;
}

export async function startMunge(run: RunRecord): Promise<Munge> {
  const folder = path.join(run.dir, "munge");
  const uid = Number(await mustRun(["id", "-u", "munge"]));
  const gid = Number(await mustRun(["id", "-g", "munge"]));
  await fs.mkdir(folder, { mode: 0o755 });
  await fs.chmod(folder, 0o755);
  await fs.chown(folder, uid, gid);
  const key = path.join(folder, "munge.key");
  await fs.writeFile(key, randomBytes(1024), { mode: 0o400 });
  await fs.chown(key, uid, gid);
  const socket = path.join(folder, "munge.socket");
  const daemon = startDaemon(
    run,
    "h0",
    "munged",
    [
      "setpriv",
      "--reuid=munge",
      "--regid=munge",
      "--init-groups",
      "munged",
      "--foreground",
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--log-file=${path.join(folder, "munged.log")}`,
      `--pid-file=${path.join(folder, "munged.pid")}`,
      `--seed-file=${path.join(folder, "munged.seed")}`,
    ],
    path.join(folder, "munged.out"),
  );
  await untilReady([daemon], "munged's socket", () => existsSync(socket), { timeoutMs: 10_000, intervalMs: 20 });
  return { socket, daemon };
}
