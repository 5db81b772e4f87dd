// A host process for the remote fault tests (remote.test.ts): a Session whose cluster waits for nodes started by
// hand (`%parallel … --listen 127.0.0.1:0`), so a test can start the nodes, then kill this process with SIGKILL and
// watch the nodes on their own. It passes on to its parent every text the cell prints ({ printed }), says "done"
// once the cluster is up, and then waits to be killed.

import { NodeSpawner } from "../../kernel/cluster/node-spawner.js";
import { Session } from "../../kernel/session/session.js";
import { defaultSettings } from "../../kernel/settings/settings.js";

const [parallelLine, keysDirectory, heartbeatSeconds] = process.argv.slice(2) as [string, string, string];
const session = new Session({
  spawner: new NodeSpawner(),
  settings: () => ({ ...defaultSettings(), heartbeatSeconds: Number(heartbeatSeconds) }),
  keysDirectory,
});
session.onEvent((event) => {
  if (event.type === "stream") process.send?.({ printed: event.text });
});
const reply = await session.execute("cell-1", parallelLine);
process.send?.({ done: reply.status });
setInterval(() => undefined, 60_000);
