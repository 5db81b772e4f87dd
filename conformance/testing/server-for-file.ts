// For a test file that talks to a Jupyter Server: Parabook's kernelspec installed in a Jupyter environment of its
// own and Debian's jupyter-server started on it before the file's tests, both removed after them, and the file
// failing if the server's stop left any process behind. One definition for the conformance and client tests.

import { after, before } from "node:test";
import assert from "node:assert/strict";
import { startJupyterServer, type JupyterServer } from "./jupyter-server.js";
import { installKernelspec, type InstalledKernelspec } from "./kernelspec.js";

export interface ServerForFile {
  readonly server: JupyterServer;
  readonly kernelspec: InstalledKernelspec;
}

/** Registers the file's before/after hooks; read `server` and `kernelspec` inside its tests. */
export function jupyterServerForThisFile(): ServerForFile {
  let server: JupyterServer | undefined;
  let kernelspec: InstalledKernelspec | undefined;
  before(async () => {
    kernelspec = await installKernelspec();
    server = await startJupyterServer({ kernelspec });
  });
  after(async () => {
    const report = await server?.stop();
    await kernelspec?.remove();
    assert.deepEqual(report?.leftBehind ?? [], [], "the server's stop left processes behind");
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the Jupyter Server is not started: read it inside a test");
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get kernelspec() {
      return started(kernelspec);
    },
  };
}
