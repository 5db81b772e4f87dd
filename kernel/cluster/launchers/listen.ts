// Nodes started by hand: the host listens and prints the line to run on any machine that can reach it, once for
// each rank. The keys go into a file only the user can read; the user copies it to the nodes' machines (or sets
// PARABOOK_NODE_KEYS there to its contents). The file is removed with the cluster.

import { promises as fs } from "node:fs";
import { writeNodeKeysFile } from "../remote/curve-keys.js";
import { shellQuote, type NodePlacement } from "./placement.js";
import { RemoteLauncher, type NodeStartup } from "./remote-launch.js";

type ListenPlacement = Extract<NodePlacement, { launcher: "listen" }>;

/** A person starting nodes by hand gets a while. Interrupting the cell stops the wait. */
export const LISTEN_START_TIMEOUT_MS = 10 * 60_000;

/** What the user is told: where the host waits, the line to run for each rank, and how to hand over the keys. */
export function listenInstructions(startup: NodeStartup, keysFile: string): string {
  const last = startup.size - 1;
  const line = [...startup.node, "--rank", "R", "--size", String(startup.size), "--keys-file", keysFile].map((w) => (w === "R" ? w : shellQuote(w))).join(" ");
  return [
    `Waiting for ${startup.size} node${startup.size === 1 ? "" : "s"} at ${startup.connect}. On any machine that can reach it, run once for each rank R = ${last === 0 ? "0" : `0…${last}`}:`,
    `  ${line}`,
    `${keysFile} holds this cluster's keys and is readable only by you: copy it to the same path on those machines (scp -p keeps it private), or set PARABOOK_NODE_KEYS there to its contents. Interrupt to stop waiting.`,
    "",
  ].join("\n");
}

export function listenLauncher(placement: ListenPlacement, keysDirectory: string): RemoteLauncher {
  let keysFile: string | undefined;
  return new RemoteLauncher({
    listen: placement.listen,
    heartbeatTimeoutMs: placement.heartbeatTimeoutMs,
    nodeCommand: placement.nodeCommand,
    startTimeoutMs: LISTEN_START_TIMEOUT_MS,
    processes: async (startup, request) => {
      keysFile = await writeNodeKeysFile(keysDirectory, startup.keys);
      request.announce(listenInstructions(startup, keysFile));
      return [];
    },
    release: async () => {
      if (keysFile !== undefined) await fs.rm(keysFile, { force: true });
    },
  });
}
