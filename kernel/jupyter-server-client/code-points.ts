// Jupyter counts cursor positions in Unicode code points (messaging protocol 5.2 and later); JavaScript strings
// count UTF-16 units. Outside the Basic Multilingual Plane (emoji, some CJK) the two differ.

/** The code-point offset of UTF-16 offset `utf16` in `text`. */
export function codePointOffset(text: string, utf16: number): number {
  let points = 0;
  for (let i = 0; i < utf16 && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    points++;
  }
  return points;
}

/** The UTF-16 offset of code-point offset `points` in `text` (clamped to its length). */
export function utf16Offset(text: string, points: number): number {
  let i = 0;
  for (let p = 0; p < points && i < text.length; p++) {
    const unit = text.charCodeAt(i);
    i += unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}
