// A notebook's host process on a namespace host (h0), driven by a test over IPC (nsenter passes the channel on):
// it runs a Session, the same class `parabook serve` and Electron drive, executes the cells it is sent, and
// answers with what each showed. What cells print is passed on as it comes, so a test can read the line
// `%parallel --listen` prints while the cell still waits.
//
//   parent → { run: { id, code } } | { interrupt: true } | { status: true } | { shutdown: true }
//   child  → { up: true } | { printed: { id, text } } | { ran: RanCell } | { status: ClusterStatus } | { interrupted: true }

import type { ClusterStatus } from "../../contract/api.js";
import { NodeSpawner } from "../../kernel/cluster/node-spawner.js";
import { Session } from "../../kernel/session/session.js";
import { defaultSettings } from "../../kernel/settings/settings.js";
import { JupyterServerSession } from "../../kernel/jupyter-server-client/jupyter-server-session.js";
import type { SessionPort } from "../../kernel/shell-api/session-port.js";
import { CellRunner, type RanCell as CellRun } from "../../kernel/testing/cell-runs.js";

/** What a cell showed, as the test reads it (kernel/testing/cell-runs.ts's, without the events: IPC carries it). */
export type RanCell = Omit<CellRun, "events" | "outputs">;

export type ToSessionHost = { run: { id: string; code: string } } | { interrupt: true } | { status: true } | { shutdown: true };
export type FromSessionHost = { up: true } | { printed: { id: string; text: string } } | { ran: RanCell } | { status: ClusterStatus } | { interrupted: true };

const [heartbeatSeconds] = process.argv.slice(2);
// With PARABOOK_TEST_JUPYTER_SERVER ({ url, token, kernelName }, in the environment: a token never goes in argv),
// the notebook's kernel runs under that Jupyter Server instead, as Settings ▸ Kernel makes the app do.
const jupyterServer = process.env.PARABOOK_TEST_JUPYTER_SERVER;
const session: SessionPort =
  jupyterServer !== undefined
    ? jupyterServerSession(JSON.parse(jupyterServer) as { url: string; token: string; kernelName: string })
    : new Session({
        spawner: new NodeSpawner(),
        settings: () => ({ ...defaultSettings(), clusterSize: 10, heartbeatSeconds: Number(heartbeatSeconds ?? 5) }),
      });

function jupyterServerSession(server: { url: string; token: string; kernelName: string }): SessionPort {
  return new JupyterServerSession({ server, kernelName: server.kernelName });
}
const cells = new CellRunner(session);
const send = (message: FromSessionHost): void => void process.send?.(message);

session.onEvent((event) => {
  if ("cellId" in event && event.type === "stream") send({ printed: { id: event.cellId, text: event.text } });
});

process.on("message", (message: ToSessionHost) => {
  if ("run" in message) {
    const { id, code } = message.run;
    void cells.start(code, id).done.then(({ events: _events, outputs: _outputs, ...ran }) => send({ ran }));
  } else if ("interrupt" in message) {
    void session.interrupt().then(() => send({ interrupted: true }));
  } else if ("status" in message) {
    send({ status: session.clusterStatus() });
  } else if ("shutdown" in message) {
    void session.shutdown().then(() => process.exit(0));
  }
});
// The test's end of the channel going means nobody drives this session any more.
process.on("disconnect", () => void session.shutdown().then(() => process.exit(0)));
send({ up: true });
