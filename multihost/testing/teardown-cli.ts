// `node teardown-cli.js <run id>`: removes one multi-host run, whoever owns it. The exit hook of startHosts runs it
// when a test process exits with its hosts still up (an exit hook cannot wait for asynchronous work itself).

import { runWithId } from "./run-record.js";
import { tearDownRun } from "./teardown.js";

const id = process.argv[2];
if (id === undefined) {
  console.error("usage: teardown-cli.js <run id>");
  process.exit(2);
}
try {
  await tearDownRun(runWithId(id));
} catch (err) {
  console.error(`removing multi-host run ${id} failed: ${(err as Error).message}`);
  process.exit(1);
}
