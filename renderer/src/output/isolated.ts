// HTML and SVG outputs live in a shadow root of their own: a <style> they bring styles only them (a styled table
// keeps its look) and cannot restyle the app, and their ids cannot collide with the app's. The element holding
// the shadow root sits in a box with paint containment (RichData.svelte), so not even `position: fixed` or a
// `:host` rule lets an output cover the app: it is clipped to its own box.

import type { Action } from "svelte/action";

/** Puts already sanitised markup (rich.ts) into the element's own shadow root, and replaces it when it changes. */
export const isolatedMarkup: Action<HTMLElement, string> = (host, markup) => {
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = markup ?? "";
  return {
    update(next: string) {
      root.innerHTML = next;
    },
  };
};
