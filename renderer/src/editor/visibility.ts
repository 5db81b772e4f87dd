// One IntersectionObserver for every cell: a cell's static code is highlighted when it first comes within about
// half a screen of the viewport, so cells far away cost a <div> of plain text and flinging through a 500-cell
// notebook stays smooth.

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
    { rootMargin: "400px 0px" },
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
