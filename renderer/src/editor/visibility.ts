// One IntersectionObserver for every cell: a cell gets its real editor when it comes within a screen or so of
// the viewport, so a 500-cell notebook opens with 500 cheap <pre>s and a handful of CodeMirror views.

type Callback = () => void;

const waiting = new Map<Element, Callback>();
let observer: IntersectionObserver | null = null;

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const callback = waiting.get(entry.target);
        waiting.delete(entry.target);
        observer!.unobserve(entry.target);
        callback?.();
      }
    },
    { rootMargin: "800px 0px" },
  );
  return observer;
}

/** Call `callback` once, when `element` first comes near the viewport. Returns a function that cancels it. */
export function whenNearViewport(element: Element, callback: Callback): () => void {
  waiting.set(element, callback);
  shared().observe(element);
  return () => {
    waiting.delete(element);
    observer?.unobserve(element);
  };
}
