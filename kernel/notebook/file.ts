// Reading and writing notebook files: UTF-8 decoding with a warning, the notebook format's parser and serializer,
// and the atomic, regular-file-only reads and writes of kernel/files/.

import * as path from "node:path";
import { readFileVersioned, writeFileAtomic, type FileVersion } from "../files/atomic-file.js";
import { NotebookFormatError, parseNotebook, serializeNotebook, type Notebook } from "../../contract/notebook.js";
import { decodeUtf8 } from "./utf8.js";

export interface NotebookRead {
  readonly notebook: Notebook;
  readonly version: FileVersion;
  /** What the user should know although the file opened (invalid UTF-8, and where). */
  readonly warnings: string[];
}

export async function readNotebookFile(file: string): Promise<NotebookRead> {
  const { bytes, version } = await readFileVersioned(file);
  const name = path.basename(file);
  const { text, warning } = decodeUtf8(bytes, name);
  try {
    return { notebook: parseNotebook(text, name), version, warnings: warning === undefined ? [] : [warning] };
  } catch (err) {
    if (err instanceof NotebookFormatError) throw err;
    throw new NotebookFormatError(`${name}: ${(err as Error).message}`);
  }
}

export async function writeNotebookFile(file: string, nb: Notebook): Promise<FileVersion> {
  return writeFileAtomic(file, serializeNotebook(nb));
}
