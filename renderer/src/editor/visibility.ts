// One IntersectionObserver for every cell. A cell near the viewport gets its static code highlighted at once and
// its real CodeMirror editor once scrolling has settled there, so flinging through a 500-cell notebook paints
// plain text and builds no editors on the way; far-away cells cost a <div> of text.

export interface ViewportWatcher {
  /** Came within about half a screen of the viewport. */
  onNear(): void;
  /** Stayed near for SETTLE_MS: worth a real editor. Called at most once; watching stops after it. */
  onSettled(): void;
}

/** How long a cell must stay near the viewport before it gets an editor. */
export const SETTLE_MS = 120;

interface Watch {
  readonly watcher: ViewportWatcher;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const watches = new Map<Element, Watch>();
let observer: IntersectionObserver | null = null;

function settle(element: Element, watch: Watch): void {
  watches.delete(element);
  observer?.unobserve(element);
  watch.watcher.onSettled();
}

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const watch = watches.get(entry.target);
        if (!watch) continue;
        clearTimeout(watch.timer);
        watch.timer = undefined;
        if (!entry.isIntersecting) continue;
        watch.watcher.onNear();
        watch.timer = setTimeout(() => settle(entry.target, watch), SETTLE_MS);
      }
    },
    { rootMargin: "400px 0px" },
  );
  return observer;
}

/** Watch `element` until it settles near the viewport. Returns a function that stops watching. */
export function watchViewport(element: Element, watcher: ViewportWatcher): () => void {
  watches.set(element, { watcher, timer: undefined });
  shared().observe(element);
  return () => {
    const watch = watches.get(element);
    if (watch) clearTimeout(watch.timer);
    watches.delete(element);
    observer?.unobserve(element);
  };
}
