// Where in a block of text a click landed, as a character offset, so a static code view can hand the caret
// position to the editor that replaces it.

/** Offset of the character at viewport point (x, y) within `element`'s text, or null if the point is elsewhere. */
export function textOffsetAt(element: HTMLElement, x: number, y: number): number | null {
  const caret = caretAt(x, y);
  if (!caret || !element.contains(caret.node)) return null;
  let offset = 0;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node === caret.node) return offset + caret.offset;
    offset += node.textContent?.length ?? 0;
  }
  return null;
}

function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  // caretPositionFromPoint is the standard (Chromium 128+, Firefox); caretRangeFromPoint the older WebKit form.
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  if (doc.caretPositionFromPoint) {
    const position = doc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}
