// Jupyter counts cursor positions in Unicode code points (protocol 5.2 and later); JavaScript strings index UTF-16
// code units. The two differ after any character beyond the BMP (most emoji, some CJK), so every cursor crossing
// the protocol is converted.

/** The UTF-16 index of code point `codePoints` in `text` (clamped to its length). */
export function utf16Index(text: string, codePoints: number): number {
  let index = 0;
  for (let n = 0; n < codePoints && index < text.length; n++) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}

/** The code point index of UTF-16 index `index` in `text`. */
export function codePointIndex(text: string, index: number): number {
  let points = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) i++;
    points++;
  }
  return points;
}
