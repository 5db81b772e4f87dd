// Scripts the tests run inside the page. They are strings because the test code is compiled without the DOM
// library (it runs in Node); each is an expression that Playwright evaluates in the page.

/** True while no cell is queued or running. */
export const NO_CELL_BUSY = `!document.querySelector(".cell.running, .cell.queued")`;

/** True once some cell is running. */
export const SOME_CELL_RUNNING = `document.querySelector(".cell.running") !== null`;

/** The first contentful paint, in ms after navigation (NaN if none was recorded). */
export const FIRST_CONTENTFUL_PAINT = `performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint")?.startTime ?? NaN`;

/** Scrolls the notebook from top to bottom in 2000-pixel steps, one per frame; resolves with the ms it took. */
export const SCROLL_TO_BOTTOM = `(async () => {
  const frame = () => new Promise(requestAnimationFrame);
  const box = [...document.querySelectorAll("*")].find((e) => e.scrollHeight > e.clientHeight + 1000 &&
    /(auto|scroll)/.test(getComputedStyle(e).overflowY)) ?? document.scrollingElement;
  const t0 = performance.now();
  for (let y = 0; y <= box.scrollHeight; y += 2000) { box.scrollTop = y; await frame(); }
  box.scrollTop = box.scrollHeight;
  await frame(); await frame();
  return performance.now() - t0;
})()`;

/** Watches animation frames for `ms` milliseconds; resolves with the longest gap between two frames. */
export const longestFrameGap = (ms: number): string => `(async () => {
  let longest = 0, last = performance.now();
  const until = last + ${ms};
  while (performance.now() < until) {
    await new Promise(requestAnimationFrame);
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  return longest;
})()`;
