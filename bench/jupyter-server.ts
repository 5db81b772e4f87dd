// The kernel on a Jupyter Server (issue 11), side by side with one on this computer in one run: a trivial cell's
// execute round trip and a trivial %%px on the nodes, through Parabook's own Session and through Debian's
// jupyter-server (REST + the channels WebSocket, on 127.0.0.1), taken in turns so that all meet the same load.
// A stock server leaves Nagle's algorithm on for its WebSockets, so each small message may wait for the previous
// one's acknowledgement (delayed by the client's TCP stack up to 40 ms); the third column is the same server with
// TCP_NODELAY set on its WebSockets (the jupyter_server_config.py below, which the README gives administrators).
// Part of `npm run bench`; alone: `npm run build:kernel && node dist/bench/jupyter-server.js`.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { installKernelspec } from "../conformance/testing/kernelspec.js";
import { startJupyterServer, type JupyterServer } from "../conformance/testing/jupyter-server.js";
import { JupyterServerSession } from "../kernel/jupyter-server-client/jupyter-server-session.js";
import { NodeSpawner } from "../kernel/cluster/node-spawner.js";
import { Session } from "../kernel/session/session.js";
import { defaultSettings } from "../kernel/settings/settings.js";
import { formatTable, median, runCell, type Row } from "./cluster.js";

const WARM_UP = 20;
const ROUND_TRIPS = 200;
const PX_ROUND_TRIPS = 100;
const NODES = 2;

/** Sets TCP_NODELAY on every kernel WebSocket of a Jupyter Server 1.x (tornado's WebSocketHandler.set_nodelay). */
export const NODELAY_SERVER_CONFIG = `# Send each kernel message at once instead of waiting for the previous one's ACK (Nagle's algorithm).
from jupyter_server.services.kernels.handlers import ZMQChannelsHandler

_open = ZMQChannelsHandler.open

def _open_without_nagle(self, *args, **kwargs):
    self.set_nodelay(True)
    return _open(self, *args, **kwargs)

ZMQChannelsHandler.open = _open_without_nagle
`;

type Runner = Pick<Session, "execute" | "onEvent">;

/** Median round trip of `code` in each runner in milliseconds, taken in turns. */
async function inTurns(runners: readonly Runner[], code: string, count: number): Promise<number[]> {
  const times = runners.map((): number[] => []);
  for (let i = 0; i < WARM_UP + count; i++) {
    for (const [k, runner] of runners.entries()) times[k]!.push((await runCell(runner, code)).seconds);
  }
  return times.map((t) => median(t.slice(WARM_UP)) * 1000);
}

export async function jupyterServerBenchmark(): Promise<Row[]> {
  const kernelspec = await installKernelspec({ settings: { clusterSize: NODES } });
  const servers: JupyterServer[] = [];
  const sessions: { shutdown(): Promise<void> }[] = [];
  try {
    const nodelayConfig = path.join(kernelspec.root, "nodelay-config");
    await fs.mkdir(nodelayConfig, { recursive: true });
    await fs.writeFile(path.join(nodelayConfig, "jupyter_server_config.py"), NODELAY_SERVER_CONFIG);
    const stock = await startJupyterServer({ kernelspec });
    servers.push(stock);
    const nodelay = await startJupyterServer({ kernelspec, env: { JUPYTER_CONFIG_DIR: nodelayConfig } });
    servers.push(nodelay);

    const local = new Session({ spawner: new NodeSpawner(), settings: () => ({ ...defaultSettings(), clusterSize: NODES }) });
    const remote = [stock, nodelay].map((s) => new JupyterServerSession({ server: { url: s.url, token: s.token }, kernelName: kernelspec.name }));
    sessions.push(local, ...remote);
    await Promise.all([local.start(), ...remote.map((r) => r.start())]);
    const all: Runner[] = [local, ...remote];

    const [here, viaServer, viaNodelay] = await inTurns(all, "(+ 1 2)", ROUND_TRIPS);
    for (const runner of all) await runCell(runner, `%parallel calysto_scheme CalystoScheme -n ${NODES}`);
    const [pxHere, pxServer, pxNodelay] = await inTurns(all, "%%px\ncluster_rank", PX_ROUND_TRIPS);
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    return [
      { measure: `execute (+ 1 2), Parabook's Session on this computer (median of ${ROUND_TRIPS}, in turns)`, value: ms(here!), target: "" },
      { measure: "  the same through a stock Jupyter Server 1.23 on 127.0.0.1 (REST + WebSocket)", value: ms(viaServer!), target: "" },
      { measure: "    ratio, server / this computer", value: `${(viaServer! / here!).toFixed(1)}×`, target: "" },
      { measure: "  the same through that server with TCP_NODELAY on its WebSockets", value: ms(viaNodelay!), target: "" },
      { measure: `trivial %%px on ${NODES} nodes, on this computer (median of ${PX_ROUND_TRIPS}, in turns)`, value: ms(pxHere!), target: "" },
      { measure: "  the same through the stock Jupyter Server", value: ms(pxServer!), target: "" },
      { measure: "  the same through the server with TCP_NODELAY", value: ms(pxNodelay!), target: "" },
    ];
  } finally {
    await Promise.all(sessions.map((s) => s.shutdown().catch(() => undefined)));
    for (const server of servers) await server.stop();
    await kernelspec.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log("The kernel on a Jupyter Server (issue 11)");
  console.log(formatTable(await jupyterServerBenchmark()));
}
