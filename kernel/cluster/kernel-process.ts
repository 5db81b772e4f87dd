// The entry of a kernel process started on this machine (the host kernel, local nodes): by a Spawner, with a
// channel to its parent. Electron's utilityProcess gives process.parentPort; child_process.fork gives process.send.
// The switchboard (switchboard.ts) does the rest; a node on another machine runs it behind `parabook node`.

import { watchHost } from "./host-watch.js";
import { parseLaunchArgs } from "./protocol.js";
import { runSwitchboard, type ParentChannel } from "./switchboard.js";

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: "message", listener: (event: { data: unknown }) => void): void;
}

/** After the last message, how long the process stays so the message can leave through the IPC channel. */
const LEAVING_MS = 50;

function parentChannel(): ParentChannel {
  const leave = (code: number): void => void setTimeout(() => process.exit(code), LEAVING_MS);
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return { send: (m) => electronPort.postMessage(m), onMessage: (l) => electronPort.on("message", (e) => l(e.data)), leave };
  }
  if (process.send) {
    // The host went away: nobody can use this kernel any more. A reply sent just as it went fails with EPIPE
    // before "disconnect" arrives; that is the same news, not a crash to print on the user's terminal.
    const hostGone = (): never => process.exit(0);
    process.on("disconnect", hostGone);
    // A host that went while this process was still loading has already disconnected, and told nobody.
    if (!process.connected) hostGone();
    const sent = (err: Error | null): void => {
      if (err) hostGone();
    };
    return {
      send: (m) => process.connected && process.send!(m, undefined, undefined, sent),
      onMessage: (l) => process.on("message", l),
      leave,
    };
  }
  throw new Error("kernel process: started without a channel to its host; start it through a Spawner");
}

// A kernel process is interrupted by its host, through the protocol, which also keeps its definitions. A SIGINT
// sent to the whole process group (Ctrl+C in the terminal of `parabook kernel`, a Jupyter front end signalling the
// kernel's group) must not end it: the host got the same signal and interrupts what runs here.
process.on("SIGINT", () => undefined);

const launch = parseLaunchArgs(process.argv.slice(2));
watchHost(launch.hostPid, () => process.exit(0));
runSwitchboard(launch, parentChannel());
