// Notebooks are UTF-8 (nbformat says so). A file with other bytes in it (Latin-1 text pasted by an old editor, a
// damaged sector) still opens, as Jupyter's does, with each bad sequence replaced by U+FFFD; but the user is told,
// with the place of the first bad byte, because saving writes the replacements and the original bytes are gone.

import { isUtf8 } from "node:buffer";

export interface DecodedText {
  readonly text: string;
  /** Set when the bytes were not valid UTF-8: names the file and where the first bad byte is. */
  readonly warning?: string;
}

export function decodeUtf8(bytes: Buffer, fileName: string): DecodedText {
  const text = bytes.toString("utf8");
  if (isUtf8(bytes)) return { text };
  const at = firstInvalidByte(bytes, text);
  const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
  const line = countNewlines(bytes, lineStart) + 1;
  // Everything before `at` is valid, so it decodes exactly; the column counts characters, as editors do.
  const column = bytes.subarray(lineStart, at).toString("utf8").length + 1;
  const hex = bytes[at]!.toString(16).toUpperCase().padStart(2, "0");
  return {
    text,
    warning:
      `${fileName} is not valid UTF-8: the first bad byte (0x${hex}) is at line ${line}, column ${column} (byte ${at}). ` +
      "Bad bytes show as \ufffd, and saving writes them so.",
  };
}

/**
 * Where the first invalid sequence starts. Valid UTF-8 survives decoding and encoding again byte for byte, so the
 * first difference lies in the first bad sequence; it is moved back to the start of the character U+FFFD took there
 * (a cut-off sequence may begin with the same bytes as U+FFFD itself).
 */
function firstInvalidByte(bytes: Buffer, text: string): number {
  const again = Buffer.from(text, "utf8");
  let i = 0;
  while (i < bytes.length && bytes[i] === again[i]) i++;
  while (i > 0 && (again[i]! & 0xc0) === 0x80) i--;
  return i;
}

function countNewlines(bytes: Buffer, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}
