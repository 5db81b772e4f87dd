// A host process for the fault tests in cluster.test.ts: it runs a Session (the same class `parabook serve` and
// Electron drive) and executes the cells given as arguments in order, so a test can kill it with SIGKILL at any
// point of what those cells start. Every process the Session starts inherits this process's environment, which
// lets the test find them (by a marker variable it sets) whatever happened to this one.
//
// It tells its parent "up" once the Session exists and "done" after the last cell; it then waits to be killed.

import { NodeSpawner } from "../../kernel/cluster/node-spawner.js";
import { Session } from "../../kernel/session/session.js";
import { defaultSettings } from "../../kernel/settings/settings.js";

const session = new Session({
  spawner: new NodeSpawner(),
  settings: () => ({ ...defaultSettings(), clusterSize: 2, defaultNodeKernel: "scheme", theme: "light", kernelMemoryMb: "auto" }),
});
process.send?.("up");
let cell = 0;
for (const code of process.argv.slice(2)) await session.execute(`cell-${++cell}`, code);
process.send?.("done");
setInterval(() => undefined, 60_000);
