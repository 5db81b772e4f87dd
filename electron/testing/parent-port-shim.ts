// Loaded (--import) into the kernel processes fake-electron.ts starts: gives them process.parentPort the way
// Electron's utility processes have it (messages arrive as { data }), so tests exercise the kernel's Electron
// channel, not its child_process one. As in Electron, a kernel does not outlive its parent.

import { EventEmitter } from "node:events";

const parentPort = Object.assign(new EventEmitter(), {
  postMessage: (message: unknown) => process.send!(message as object),
});
process.on("message", (message) => parentPort.emit("message", { data: message }));
process.on("disconnect", () => process.exit(0));
Object.defineProperty(process, "parentPort", { value: parentPort });
