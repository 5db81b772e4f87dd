// The acceptance document in the browser: the user's notebook, its outputs removed, opens; Run all runs every
// cell on a 10-node cluster (as the notebook was written for), and every output stored in the original comes
// back: both Mandelbrot pictures and every px vector.

import { test } from "node:test";
import assert from "node:assert/strict";
import { expectedSeedOutputs, seedWithoutOutputs } from "./testing/expected-outputs.js";
import { servedNotebook, sharedBrowser } from "./testing/harness.js";

const browser = sharedBrowser();

test("the seed notebook runs in the browser and shows every stored output", { timeout: 600_000 }, async (t) => {
  const { nb } = await servedNotebook(t, browser(), {
    files: { "seed.ipynb": seedWithoutOutputs() },
    settings: { clusterSize: 10 },
    open: "seed.ipynb",
  });
  assert.equal(await nb.cellCount(), 33);
  await nb.button("Run all").click();
  await nb.page.waitForTimeout(500); // let the queue fill before waiting for it to drain
  await nb.waitUntilIdle(540_000);
  const expected = expectedSeedOutputs();
  assert.deepEqual(
    expected.map((e) => e.position),
    [4, 8, 10, 20, 24, 26, 28, 30, 32],
    "the vectors (4, 8, 10, 20, 24), the sticky messages (10, 26) and both pictures (28, 32)",
  );
  for (const cell of expected) {
    const region = nb.output(cell.position);
    const shown = (await region.count()) > 0 ? await region.innerText() : "(no output)";
    let from = 0;
    for (const line of cell.lines) {
      const at = shown.indexOf(line, from);
      assert.ok(at >= 0, `cell ${cell.position} (${cell.source.split("\n")[0]}) should show ${JSON.stringify(line)}; it shows:\n${shown}`);
      from = at + line.length;
    }
  }
  assert.match(await nb.output(30).innerText(), /Time: \d+(\.\d+)? seconds\./, "%%time reports the px cell's time");
});
