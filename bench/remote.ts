// Nodes on other machines (issue 10), side by side with local ones in one run: a trivial %%px round trip on 10
// local nodes and on 10 nodes connected over ZeroMQ with CURVE (on 127.0.0.1: the transport's cost, not a
// network's), how long 10 remote nodes take from %parallel to ready, and the seed's Mandelbrot at n=400 on the 10
// remote nodes against the host alone, with each node's time.
// Part of `npm run bench`; alone: `npm run build:kernel && node dist/bench/remote.js`.

import { promises as fs } from "node:fs";
import { cpus, tmpdir } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { ParabookEvent } from "../contract/api.js";
import { NodeSpawner } from "../kernel/cluster/node-spawner.js";
import { Session } from "../kernel/session/session.js";
import { defaultSettings } from "../kernel/settings/settings.js";
import { RemoteNodes } from "../kernel/testing/remote-nodes.js";
import { formatTable, MANDELBROT_SETUP, median, runCell, type Row } from "./cluster.js";

const NODES = 10;
const WARM_UP = 20;
const ROUND_TRIPS = 200;
const MANDELBROT_RUNS = 3;

/** Median round trips of a trivial %%px in each session, taken in turns so that both meet the same machine load. */
async function roundTripsMs(sessions: readonly Session[]): Promise<number[]> {
  const times = sessions.map((): number[] => []);
  for (let i = 0; i < WARM_UP + ROUND_TRIPS; i++) {
    for (const [k, session] of sessions.entries()) times[k]!.push((await runCell(session, "%%px\ncluster_rank")).seconds);
  }
  return times.map((t) => median(t.slice(WARM_UP)) * 1000);
}

/** `%parallel … --listen 127.0.0.1:0`, its nodes started from the line it prints; resolves to seconds until ready. */
async function remoteCluster(session: Session, nodes: RemoteNodes): Promise<number> {
  let printed = "";
  const off = session.onEvent((e: ParabookEvent) => {
    if (e.type !== "stream") return;
    printed += e.text;
    if (/--rank R/.test(e.text)) nodes.startAsInstructed(printed, Array.from({ length: NODES }, (_, r) => r));
  });
  const started = performance.now();
  await runCell(session, `%parallel scheme -n ${NODES} --listen 127.0.0.1:0`);
  off();
  return (performance.now() - started) / 1000;
}

/** "#10(0.0778 0.0683 …)" as "0.08 0.07 …". */
function secondsOf(vector: string): string {
  return (vector.match(/\d+\.\d+(e-?\d+)?/g) ?? []).map((s) => Number(s).toFixed(2)).join(" ");
}

const SERIAL = "(compute-rows 0 n)";
const PARALLEL = "%%px\n(let ((portion (quotient n cluster_size))) (compute-rows (* cluster_rank portion) (* (+ cluster_rank 1) portion)))";

export async function remoteBenchmark(): Promise<Row[]> {
  const rows: Row[] = [];
  const keysDirectory = await fs.mkdtemp(path.join(tmpdir(), "parabook-bench-keys-"));
  const settings = () => ({ ...defaultSettings(), clusterSize: NODES });
  const here = new Session({ spawner: new NodeSpawner(), settings });
  const session = new Session({ spawner: new NodeSpawner(), settings, keysDirectory });
  const nodes = new RemoteNodes();
  try {
    await Promise.all([here.start(), session.start()]);
    await runCell(here, `%parallel scheme -n ${NODES}`);
    const ready = await remoteCluster(session, nodes);
    const [local, remote] = await roundTripsMs([here, session]);
    await here.shutdown();
    rows.push({ measure: `trivial %%px on ${NODES} local nodes (median of ${ROUND_TRIPS}, in turns with the next)`, value: `${local!.toFixed(2)} ms`, target: "no slower than before" });
    rows.push({ measure: `trivial %%px on ${NODES} remote nodes, ZeroMQ + CURVE on 127.0.0.1 (median)`, value: `${remote!.toFixed(2)} ms`, target: "<= 2 ms" });
    rows.push({ measure: `${NODES} remote nodes from %parallel --listen to ready (processes started by the bench)`, value: `${ready.toFixed(2)} s`, target: "" });

    await runCell(session, `%%px -e\n${MANDELBROT_SETUP.replace("(define n 200)", "(define n 400)")}`);
    await runCell(session, "%px (compute-rows 0 10) -e");
    let serial = Infinity;
    let parallel = Infinity;
    let perNode = "";
    for (let i = 0; i < MANDELBROT_RUNS; i++) {
      serial = Math.min(serial, (await runCell(session, SERIAL)).seconds);
      const px = await runCell(session, PARALLEL);
      if (px.seconds < parallel) [parallel, perNode] = [px.seconds, secondsOf(px.result ?? "")];
    }
    rows.push({ measure: `Mandelbrot n=400 in the host alone (best of ${MANDELBROT_RUNS})`, value: `${serial.toFixed(2)} s`, target: "" });
    rows.push({ measure: `Mandelbrot n=400 with %%px on ${NODES} remote nodes (best of ${MANDELBROT_RUNS})`, value: `${parallel.toFixed(2)} s`, target: "" });
    rows.push({ measure: `  speed-up (host alone / px), on ${cpus().length} cores shared by all ${NODES} nodes`, value: `${(serial / parallel).toFixed(2)}×`, target: "" });
    rows.push({ measure: "  per-node times in seconds (node 0 … 9)", value: perNode, target: "" });
  } finally {
    await here.shutdown();
    await session.shutdown();
    await nodes.stopAll();
    await fs.rm(keysDirectory, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log("Nodes on other machines (issue 10)");
  console.log(formatTable(await remoteBenchmark()));
}
