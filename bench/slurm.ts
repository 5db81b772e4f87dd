// Nodes through Slurm on the namespace hosts (issue 10): from a Session on h0, `%parallel -n 10 --launcher slurm`
// until all ten nodes on h1 and h2 have said hello, beside a plain `srun -n 10 true` (the launcher's own start) in
// the same run. Needs root, Slurm, MUNGE and network namespaces (what `.ci/run` installs); elsewhere it says why it
// cannot run instead of printing a number.
// Part of `npm run bench`; alone: `npm run build:kernel && node dist/bench/slurm.js`.

import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { startHosts } from "../multihost/testing/hosts.js";
import { SessionOnHost } from "../multihost/testing/session-on-host.js";
import { formatTable, median, type Row } from "./cluster.js";

const NODES = 10;
const STARTS = 5;

/** Why the Slurm bench cannot run on this machine, or undefined when it can. */
function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (network namespaces)";
  return undefined;
}

export async function slurmBenchmark(): Promise<Row[]> {
  const why = unavailable();
  if (why) return [{ measure: `${NODES} nodes through Slurm on h1 and h2, %parallel to ready`, value: `not run: ${why}`, target: "<= 1.5 s" }];
  const hosts = await startHosts({ slurm: true });
  try {
    const srun: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const started = performance.now();
      const r = await hosts.exec("h0", ["srun", "-n", String(NODES), "true"], { timeoutMs: 60_000 });
      if (r.code !== 0) throw new Error(`srun -n ${NODES} true failed: ${r.stderr}`);
      srun.push((performance.now() - started) / 1000);
    }
    const session = await SessionOnHost.start(hosts, "h0", 5);
    const ready: number[] = [];
    try {
      for (let i = 0; i < STARTS; i++) {
        const r = await session.run(`%parallel calysto_scheme CalystoScheme -n ${NODES} --launcher slurm`);
        // What the user reads: "Started 10 Scheme nodes in 0.61 s on h1 (5), h2 (5)."
        const said = /Started \d+ Scheme nodes in ([\d.]+) s on (.*)\./.exec(r.stdout);
        if (r.reply.status !== "ok" || !said) throw new Error(`%parallel --launcher slurm failed: ${JSON.stringify(r.errors)}\n${r.stdout}`);
        ready.push(Number(said[1]));
      }
    } finally {
      await session.stop();
    }
    return [
      { measure: `srun -n ${NODES} true across h1 and h2 (median of ${STARTS}, the launcher alone)`, value: `${median(srun).toFixed(2)} s`, target: "" },
      { measure: `${NODES} nodes through Slurm on h1 and h2, %parallel to ready (median of ${STARTS})`, value: `${median(ready).toFixed(2)} s`, target: "<= 1.5 s" },
    ];
  } finally {
    await hosts.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log("Nodes through Slurm (issue 10)");
  console.log(formatTable(await slurmBenchmark()));
}
