// What an output may do to the app around it: nothing. A link in it opens outside the notebook and never
// navigates the notebook's tab; a <style> in it styles only that output; nothing it positions covers the app.

import { test } from "node:test";
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { emptyNotebook, newCodeCell, newMarkdownCell, serializeNotebook, type Output } from "../contract/notebook.js";
import { servedNotebook, sharedBrowser } from "./testing/harness.js";
import type { NotebookPage } from "./testing/notebook-page.js";

const browser = sharedBrowser();

// The page's DOM, for the functions below that run in it (the tests compile without the DOM library).
interface StyledElement {
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  closest(selector: string): StyledElement | null;
}
declare const document: {
  querySelector(selector: string): StyledElement | null;
  elementFromPoint(x: number, y: number): StyledElement | null;
};
declare function getComputedStyle(element: StyledElement): Record<string, string>;
declare const window: { opener: unknown };

/** A notebook of one code cell holding `outputs`, after a markdown cell of `markdown` when given. */
function notebookWith(outputs: Output[], markdown?: string): string {
  const nb = emptyNotebook();
  const cell = newCodeCell("(outputs)");
  cell.execution_count = 1;
  cell.outputs = outputs;
  nb.cells = markdown === undefined ? [cell] : [newMarkdownCell(markdown), cell];
  return serializeNotebook(nb);
}

const html = (markup: string): Output => ({ output_type: "display_data", data: { "text/html": markup, "text/plain": "html" }, metadata: {} });

// Links go to an address on this machine that nothing answers; the tests' browser answers it itself (route).
const ELSEWHERE = "http://127.0.0.1:9/";

async function answerElsewhere(context: BrowserContext): Promise<() => Promise<void>> {
  const handler = (route: { fulfill(r: { status: number; contentType: string; body: string }): Promise<void> }) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<title>elsewhere</title>elsewhere" });
  await context.route(`${ELSEWHERE}**`, handler);
  return () => context.unroute(`${ELSEWHERE}**`, handler);
}

/** Clicks `link` and checks it opened `url` in a new tab without access to the notebook, which stayed where it was. */
async function clickOpensOutside(nb: NotebookPage, click: () => Promise<void>, url: string, what: string): Promise<void> {
  const before = nb.page.url();
  const opened = nb.page.context().waitForEvent("page", { timeout: 15_000 });
  await click();
  const tab = await opened.catch(() => {
    throw new Error(`${what}: no new tab opened; the notebook's tab is now at ${nb.page.url()}`);
  });
  await tab.waitForURL(url, { timeout: 15_000 });
  assert.equal(await tab.evaluate(() => window.opener), null, `${what}: the new tab cannot reach the notebook`);
  await tab.close();
  assert.equal(nb.page.url(), before, `${what}: the notebook's tab did not navigate`);
  assert.ok(await nb.button("Run all").isVisible(), `${what}: the notebook is still on screen`);
}

test("a link in an output, a terminal hyperlink included, opens in a new tab; the notebook's tab stays", { timeout: 120_000 }, async (t) => {
  const osc8 = (url: string, text: string) => `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
  const file = notebookWith([
    { output_type: "stream", name: "stdout", text: `see ${osc8(`${ELSEWHERE}terminal`, "the terminal link")} here\n` },
    html(`<p><a href="${ELSEWHERE}html">the html link</a></p>`),
    {
      output_type: "display_data",
      data: { "image/svg+xml": `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="30"><a href="${ELSEWHERE}svg"><text x="5" y="20">the svg link</text></a></svg>` },
      metadata: {},
    },
    { output_type: "display_data", data: { "text/markdown": `[the markdown link](${ELSEWHERE}markdown)` }, metadata: {} },
  ]);
  const { nb } = await servedNotebook(t, browser(), { files: { "links.ipynb": file }, open: "links.ipynb" });
  t.after(await answerElsewhere(browser()));
  const output = nb.output(1);
  await clickOpensOutside(nb, () => output.getByText("the terminal link").click(), `${ELSEWHERE}terminal`, "terminal hyperlink");
  await clickOpensOutside(nb, () => output.getByText("the html link").click(), `${ELSEWHERE}html`, "HTML link");
  await clickOpensOutside(nb, () => output.locator("svg a text").click(), `${ELSEWHERE}svg`, "SVG link");
  await clickOpensOutside(nb, () => output.getByText("the markdown link").click(), `${ELSEWHERE}markdown`, "Markdown link");
});

/** Computed styles of the app's own elements that an output's style sheet would have to reach to restyle it. */
function appStyles(): Record<string, Record<string, string>> {
  const look: Record<string, string[]> = {
    body: ["display", "backgroundColor", "color", "fontFamily", "fontSize"],
    ".toolbar": ["display", "backgroundColor", "color", "visibility"],
    ".toolbar button": ["display", "color", "backgroundColor", "fontFamily"],
    ".cell": ["display", "backgroundColor", "borderTopColor", "visibility"],
  };
  const styles: Record<string, Record<string, string>> = {};
  for (const [selector, properties] of Object.entries(look)) {
    const element = document.querySelector(selector);
    if (!element) throw new Error(`no ${selector} in the page`);
    const computed = getComputedStyle(element);
    styles[selector] = Object.fromEntries(properties.map((p) => [p, computed[p]!]));
  }
  return styles;
}

/** Whether the app's Run button is what a click at its centre reaches (nothing covers it). */
function runButtonOnTop(): boolean {
  const button = [...(document as unknown as { querySelectorAll(s: string): Iterable<StyledElement & { textContent: string }> }).querySelectorAll(".toolbar button")].find(
    (b) => b.textContent.trim() === "Run",
  );
  if (!button) throw new Error("no Run button");
  const box = button.getBoundingClientRect();
  return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)?.closest(".toolbar") != null;
}

async function styledPage(t: { after(fn: () => Promise<void>): void }, outputs: Output[], markdown?: string): Promise<Page> {
  const { nb } = await servedNotebook(t, browser(), { files: { "styled.ipynb": notebookWith(outputs, markdown) }, open: "styled.ipynb" });
  await nb.output(markdown === undefined ? 1 : 2).waitFor();
  return nb.page;
}

test("a <style> in an output styles that output only, and nothing in it covers the app", { timeout: 120_000 }, async (t) => {
  const hostile = "body{display:none !important} .toolbar{background:rgb(255,0,0) !important; visibility:hidden} button{color:rgb(0,255,0)} .cell{background:rgb(0,0,255)} *{font-family:fantasy !important} @property --fg { syntax: '*'; inherits: false; initial-value: rgb(0, 255, 0) }";
  const page = await styledPage(t, [
    // pandas' Styler writes its sheet first: it must still style its table.
    html(`<style type="text/css">#T_frame td { background-color: rgb(1, 2, 3); }</style><table id="T_frame"><tr><td>styled cell</td></tr></table>`),
    html(`<p class="probe">styled text</p><style>${hostile} .probe{color:rgb(200,0,0)}</style>`),
    html(`<style>:host{position:fixed !important; inset:0; z-index:2147483647}</style><div style="position:fixed; inset:0; z-index:2147483647; background:rgb(0,0,255)">cover</div>`),
    { output_type: "display_data", data: { "image/svg+xml": `<svg xmlns="http://www.w3.org/2000/svg"><style>${hostile}</style><text x="5" y="15">svg</text></svg>` }, metadata: {} },
    { output_type: "display_data", data: { "text/markdown": `<style>${hostile}</style>\n\n*markdown*` }, metadata: {} },
  ], `<style>${hostile}</style>\n\n<div style="position:fixed; inset:0; z-index:2147483647; background:rgb(0,0,255)">markdown cover</div>`);
  const control = await styledPage(t, [html("<p>plain</p>")], "plain *markdown*");
  assert.deepEqual(await page.evaluate(appStyles), await control.evaluate(appStyles), "the app looks as it does without those outputs");
  assert.equal(await page.evaluate(runButtonOnTop), true, "no output covers the toolbar");
  const output = page.getByRole("region", { name: "Output" }).first();
  assert.equal(await output.getByText("styled cell").evaluate((td) => getComputedStyle(td as StyledElement).backgroundColor), "rgb(1, 2, 3)");
  assert.equal(await output.getByText("styled text").evaluate((p) => getComputedStyle(p as StyledElement).color), "rgb(200, 0, 0)");
});
