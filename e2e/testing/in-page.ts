// Code the tests run inside the page. Playwright sends these functions' source to the page, so they may use only
// what the page has. The test code is compiled without the DOM library (it runs in Node): the little of the DOM
// these functions touch is declared here. They are functions, not strings: the app's CSP forbids eval, which
// Playwright would need for a string predicate.

declare const document: {
  readonly title: string;
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): Iterable<ScrollBox>;
  scrollingElement: ScrollBox | null;
};
declare const performance: { now(): number; getEntriesByType(type: string): { name: string; startTime: number }[] };
declare function requestAnimationFrame(callback: (time: number) => void): number;
declare function getComputedStyle(element: ScrollBox): { overflowY: string };

interface ScrollBox {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/** True while no cell is queued or running. */
export function noCellBusy(): boolean {
  return !document.querySelector(".cell.running, .cell.queued");
}

/** True once some cell is running. */
export function someCellRunning(): boolean {
  return document.querySelector(".cell.running") !== null;
}

/** The first contentful paint, in ms after navigation (NaN if none was recorded). */
export function firstContentfulPaint(): number {
  return performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint")?.startTime ?? NaN;
}

/** Scrolls the notebook from top to bottom in 2000-pixel steps, one per frame; resolves with the ms it took. */
export async function scrollToBottom(): Promise<number> {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const box =
    [...document.querySelectorAll("*")].find(
      (e) => e.scrollHeight > e.clientHeight + 1000 && /(auto|scroll)/.test(getComputedStyle(e).overflowY),
    ) ?? document.scrollingElement!;
  const t0 = performance.now();
  for (let y = 0; y <= box.scrollHeight; y += 2000) {
    box.scrollTop = y;
    await frame();
  }
  box.scrollTop = box.scrollHeight;
  await frame();
  await frame();
  return performance.now() - t0;
}

/** Watches animation frames for `ms` milliseconds; resolves with the longest gap between two frames. */
export async function longestFrameGap(ms: number): Promise<number> {
  let longest = 0;
  let last = performance.now();
  const until = last + ms;
  while (performance.now() < until) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  return longest;
}

/** Scrolls the page so that `element`'s bottom edge sits at the bottom of the window. */
export function alignToBottom(element: { scrollIntoView(options: { block: "end" }): void }): void {
  element.scrollIntoView({ block: "end" });
}

/** True once the window's title names `notebook` (the page has loaded it). */
export function titleNames(notebook: string): boolean {
  return document.title.startsWith(notebook);
}
