// A test process in miniature, for the sweep's test: it starts hosts with Slurm and SSH, tells its parent the run id
// and the PIDs on each host as one JSON line, and then waits to be killed. Killed with SIGKILL, it leaves its run
// behind exactly as a crashed test file would (no stop(), no exit hook).

import { startHosts } from "./hosts.js";

const hosts = await startHosts({ slurm: true, ssh: true });
const processes = Object.fromEntries(hosts.names.map((host) => [host, hosts.processesOn(host).map((process) => process.pid)]));
process.stdout.write(`${JSON.stringify({ runId: hosts.runId, dir: hosts.dir, processes })}\n`);
setInterval(() => undefined, 60_000);
