// `parabook kernel -f CONNECTION_FILE`: Parabook as a Jupyter kernel (kernel/jupyter/), started by Jupyter's
// launchers from the kernelspec. It runs the whole Session (magics, the cluster, %%px) with its settings from
// Parabook's settings file, as `parabook serve` does. It ends, and every node with it, on a shutdown request,
// SIGTERM or SIGHUP, or when the front end that started it is gone (JPY_PARENT_PID); SIGINT interrupts.

import * as path from "node:path";
import { NodeSpawner } from "../cluster/node-spawner.js";
import { Session } from "../session/session.js";
import { configDirectory } from "../settings/config-dir.js";
import { SettingsStore } from "../settings/store.js";
import { ConnectionFileError, readConnectionFile } from "../jupyter/connection-file.js";
import { JupyterKernel } from "../jupyter/jupyter-kernel.js";
import { watchJupyterParent } from "../jupyter/parent-watch.js";
import { MessageSigner } from "../jupyter/signing.js";
import { KernelSockets } from "../jupyter/sockets.js";
import { MessageFactory } from "../jupyter/wire.js";
import { nodeCountFromEnvironment, NodeCountError, withNodeCount } from "../jupyter/node-count.js";

const USAGE = "Usage: parabook kernel -f CONNECTION_FILE   (as a kernelspec's argv: parabook kernel -f {connection_file})";

/** After the last reply, how long the sockets get to deliver it before the process exits. */
const LEAVING_MS = 100;
/** How long the process may take to end by itself once everything is closed. */
const EXIT_GRACE_MS = 2_000;

export async function kernelCommand(argv: string[]): Promise<number> {
  const file = argv.length === 2 && (argv[0] === "-f" || argv[0] === "--connection-file") ? argv[1] : undefined;
  if (file === undefined) {
    process.stderr.write(`parabook kernel: which connection file?\n${USAGE}\n`);
    return 2;
  }
  const report = (problem: string): void => void process.stderr.write(`parabook kernel: ${problem}\n`);
  let nodes: number | undefined;
  try {
    nodes = nodeCountFromEnvironment(process.env);
  } catch (err) {
    if (!(err instanceof NodeCountError)) throw err;
    report(`${err.message} (from the environment or the kernelspec's "env")`);
    return 2;
  }
  let info;
  try {
    info = await readConnectionFile(file);
  } catch (err) {
    if (!(err instanceof ConnectionFileError)) throw err;
    report(err.message);
    return 2;
  }
  const settings = await SettingsStore.load(path.join(configDirectory(), "settings.json"), (m) => report(`warning: ${m}`));
  const session = new Session({ spawner: new NodeSpawner(), settings: () => withNodeCount(settings.current(), nodes) });
  let sockets: KernelSockets;
  try {
    sockets = await KernelSockets.bind(info, new MessageFactory(new MessageSigner(info.key)), report);
  } catch (err) {
    report(`${(err as Error).message} (connection file ${file})`);
    await session.shutdown();
    return 1;
  }
  const kernel = new JupyterKernel(sockets, session, report);
  kernel.start();
  // The host kernel starts now, so the first cell does not wait for it; a failure is reported with that cell.
  session.start().catch((err: Error) => report(err.message));

  const ended = await new Promise<string>((resolve) => {
    void kernel.shutdownRequested.then(() => resolve("shutdown"));
    process.on("SIGINT", () => void kernel.interrupt().catch((err: Error) => report(`interrupt failed: ${err.message}`)));
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGHUP", () => resolve("SIGHUP"));
    watchJupyterParent(process.env, () => resolve("parent gone"));
  });
  if (ended !== "shutdown") report(`${ended === "parent gone" ? "the front end that started this kernel is gone" : `${ended} received`}: shutting down`);
  await kernel.stop();
  await new Promise((resolve) => setTimeout(resolve, LEAVING_MS));
  sockets.close();
  // Everything is closed, so the process ends by itself; should anything still hold it (a remote cluster's
  // listener lingering), it must not outlive its kernel's shutdown: Jupyter's manager would kill it anyway.
  setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
  return 0;
}
