// `npm run screenshot`: docs/screenshot.png, the seed notebook after Run all, for the README.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../kernel/testing/paths.js";
import { seedWithoutOutputs } from "./testing/expected-outputs.js";
import { alignToBottom } from "./testing/in-page.js";
import { launchBrowser, openApp, serve } from "./testing/harness.js";
import { NotebookPage } from "./testing/notebook-page.js";

const output = path.join(projectRoot, "docs", "screenshot.png");

const served = await serve({ files: { "seed-parallel-mandelbrot.ipynb": seedWithoutOutputs() }, settings: { clusterSize: 10, theme: "light" }, open: "seed-parallel-mandelbrot.ipynb" });
const browser = await launchBrowser();
try {
  const page = await openApp(browser, served);
  await page.setViewportSize({ width: 1280, height: 1000 });
  const nb = new NotebookPage(page);
  await nb.button("Run all").click();
  await page.waitForTimeout(500);
  await nb.waitUntilIdle(600_000);
  // The parallel cell and the picture the cluster computed, with the toolbar above them.
  await nb.cell(30).scrollIntoViewIfNeeded();
  await nb.cell(32).evaluate(alignToBottom);
  await page.mouse.move(0, 0);
  await fs.mkdir(path.dirname(output), { recursive: true });
  await page.screenshot({ path: output });
  console.log(`Wrote ${path.relative(process.cwd(), output)}`);
} finally {
  await browser.close();
  await served.stop();
}
