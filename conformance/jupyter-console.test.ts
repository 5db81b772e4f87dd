// Debian's `jupyter console` (6.4) drives the Parabook kernel in a real terminal (tmux), as a user on a login node
// would: the banner, a definition, an expression's Out[N], an error's traceback, a form typed over two lines (the
// console asks the kernel's is_complete and shows its continuation prompt), then Ctrl-D and "y" leave, the console
// shuts its kernel down, and no process of it is left.
//
// Keys are typed only once the console has answered the previous Enter: jupyter console 6.4 under Python 3.11 asks
// is_complete from inside its key handler through nest_asyncio, and keys that arrive meanwhile break its event loop
// ("cannot enter context … is already entered"), whatever the kernel.

import { test } from "node:test";
import assert from "node:assert/strict";
import { installKernelspec, PYTHON } from "./testing/kernelspec.js";
import { describeProcesses, processMarker, waitForMarkedToEnd, killEach } from "./testing/marked-processes.js";
import { TmuxTerminal } from "./testing/tmux.js";

/** The text after the last `In [N]:` prompt on the screen is where the next answer appears. */
function prompts(screen: string): number[] {
  return [...screen.matchAll(/^In \[(\d+)\]:/gm)].map((m) => Number(m[1]));
}

test("jupyter console runs cells on the Parabook kernel in a terminal and leaves nothing behind", async () => {
  const kernelspec = await installKernelspec();
  const marker = processMarker("PARABOOK_TEST_CONSOLE");
  const terminal = await TmuxTerminal.start([PYTHON, "/usr/bin/jupyter-console", "--kernel", kernelspec.name], {
    env: { ...kernelspec.env, HOME: kernelspec.root, [marker.name]: marker.value },
    cwd: kernelspec.root,
    socketDir: kernelspec.root,
  });
  try {
    const nextPrompt = async (n: number) => terminal.waitForScreen(`the prompt In [${n}]`, (s) => prompts(s).includes(n));
    let screen = await nextPrompt(1);
    assert.match(screen, /Parabook/, "the kernel's banner is shown");

    await terminal.type("(define x 21)");
    screen = await nextPrompt(2);
    assert.doesNotMatch(screen, /Out\[1\]/, "a definition shows nothing");

    await terminal.type("(* x 2)");
    screen = await nextPrompt(3);
    assert.match(screen, /^Out\[2\]: 42$/m);

    await terminal.type("(car '())");
    screen = await nextPrompt(4);
    const errorPart = screen.slice(screen.indexOf("In [3]:"), screen.indexOf("In [4]:"));
    assert.match(errorPart, /car/, `the error names the procedure:\n${errorPart}`);
    assert.doesNotMatch(errorPart, /Out\[3\]/);

    // An unfinished form: Enter asks the kernel (is_complete), which says "incomplete", so the console continues.
    await terminal.type("(define (triple y)");
    await terminal.waitForScreen("the continuation prompt", (s) => /^\s+\.\.\.:/m.test(s.slice(s.lastIndexOf("In [4]:"))));
    await terminal.type("(* y 3))");
    screen = await nextPrompt(5);
    await terminal.type("(triple x)");
    screen = await nextPrompt(6);
    assert.match(screen, /^Out\[5\]: 63$/m);
    assert.doesNotMatch(screen, /Unhandled exception|Traceback \(most recent call last\)/, "the console itself did not fail");

    await terminal.keys("C-d");
    await terminal.waitForScreen("the question whether to exit", (s) => s.includes("Do you really want to exit"));
    await terminal.type("y");
    const exit = await terminal.waitForExit();
    assert.equal(exit.status, 0, await terminal.screen());
    assert.match(await terminal.screen(), /Shutting down kernel/);
    // The console shut its kernel down and the kernel ended; only the tmux server (its pane kept) is left to end.
    await terminal.stop();
    const left = await waitForMarkedToEnd(marker.entry, 15_000);
    assert.deepEqual(left, [], `processes left after the console exited:\n${describeProcesses(left)}`);
  } finally {
    await terminal.stop();
    killEach(await waitForMarkedToEnd(marker.entry, 5_000));
    await kernelspec.remove();
  }
});
