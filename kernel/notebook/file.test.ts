import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describePath, pathBeyondDepth } from "../../contract/json-depth.js";
import { writeFileAtomic } from "../files/atomic-file.js";
import { NotARegularFileError, readRegularFile } from "../files/regular-file.js";
import { ABANDONED_AFTER_MS, ORPHAN_GRACE_MS, removeStaleTempFiles, tempFileFor, tempFileWriter } from "../files/temp-files.js";
import { decodeUtf8 } from "./utf8.js";

async function tempDir(): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "parabook-file-")));
}

test("the first bad UTF-8 byte is found even where a cut-off sequence looks like the start of U+FFFD", () => {
  // "é" is two bytes, so the column (in characters) is smaller than the byte offset on that line.
  const bytes = Buffer.concat([Buffer.from('{\n "a": "é', "utf8"), Buffer.from([0xef, 0xbf])]);
  const { text, warning } = decodeUtf8(bytes, "x.ipynb");
  assert.equal(text, '{\n "a": "é\ufffd');
  assert.equal(warning, "x.ipynb is not valid UTF-8: the first bad byte (0xEF) is at line 2, column 9 (byte 11). Bad bytes show as \ufffd, and saving writes them so.");
  assert.deepEqual(decodeUtf8(Buffer.from("ok \ufffd é", "utf8"), "x.ipynb"), { text: "ok \ufffd é" }, "a real U+FFFD is valid UTF-8");
  assert.match(decodeUtf8(Buffer.from([0x80]), "x.ipynb").warning!, /byte \(0x80\) is at line 1, column 1 \(byte 0\)/);
});

test("only regular files are read: folders, devices and FIFOs are refused without blocking", async () => {
  const dir = await tempDir();
  await assert.rejects(readRegularFile("/dev/null"), (err: unknown) => err instanceof NotARegularFileError && err.kind === "a character device");
  await assert.rejects(readRegularFile(dir), (err: unknown) => err instanceof NotARegularFileError && err.reason === "it is a folder, not a file");
  const fifo = path.join(dir, "pipe");
  execFileSync("mkfifo", [fifo]);
  await assert.rejects(readRegularFile(fifo), (err: unknown) => err instanceof NotARegularFileError && err.kind === "a FIFO (named pipe)");
  await assert.rejects(writeFileAtomic(fifo, "{}"), /^NotebookFileError: Cannot save .*pipe: it is a FIFO \(named pipe\), not a regular file$/);
  assert.ok((await fs.stat(fifo)).isFIFO());
  assert.deepEqual(await fs.readdir(dir), ["pipe"], "no temporary file was made");
  await fs.rm(dir, { recursive: true });
});

test("temporary files of ours are recognised by name; look-alikes are not", () => {
  const now = Date.now();
  assert.equal(tempFileWriter(path.basename(tempFileFor("/x/seed.ipynb", now)), now), process.pid);
  assert.equal(tempFileWriter(".notes.tmp", now), null);
  assert.equal(tempFileWriter(".seed.ipynb.123.tmp", now), null);
  assert.equal(tempFileWriter(`.seed.ipynb.123.${Date.UTC(2019, 0, 1).toString(36)}.tmp`, now), null, "a time before Parabook existed");
  assert.equal(tempFileWriter(`seed.ipynb.123.${now.toString(36)}.tmp`, now), null, "ours are hidden");
});

test("abandoned temporary files go; recent ones, live writers' and other files stay", async () => {
  const dir = await tempDir();
  const now = Date.now();
  const deadPid = 2 ** 22 + 1; // above Linux's PID limit: no process has it
  const files = {
    hourOldLiveWriter: `.a.ipynb.${process.pid}.${(now - 2 * ABANDONED_AFTER_MS).toString(36)}.tmp`,
    orphan: `.b.ipynb.${deadPid}.${now.toString(36)}.tmp`,
    youngOrphan: `.c.ipynb.${deadPid}.${(now + 1).toString(36)}.tmp`,
    liveWriter: `.d.ipynb.${process.pid}.${now.toString(36)}.tmp`,
    notOurs: ".notes.tmp",
  };
  const age: Record<keyof typeof files, number> = {
    hourOldLiveWriter: 2 * ABANDONED_AFTER_MS,
    orphan: 2 * ORPHAN_GRACE_MS,
    youngOrphan: ORPHAN_GRACE_MS / 2,
    liveWriter: 2 * ORPHAN_GRACE_MS,
    notOurs: 2 * ABANDONED_AFTER_MS,
  };
  for (const [key, name] of Object.entries(files) as [keyof typeof files, string][]) {
    const file = path.join(dir, name);
    await fs.writeFile(file, "partial");
    const when = new Date(now - age[key]);
    await fs.utimes(file, when, when);
  }
  assert.deepEqual((await removeStaleTempFiles(dir, now)).sort(), [files.hourOldLiveWriter, files.orphan].sort());
  assert.deepEqual((await fs.readdir(dir)).sort(), [files.youngOrphan, files.liveWriter, files.notOurs].sort());
  assert.deepEqual(await removeStaleTempFiles(path.join(dir, "missing")), [], "a folder that is gone is no error");
  await fs.rm(dir, { recursive: true });
});

test("a path too deep is shown from the top, in JavaScript's notation, cut short", () => {
  assert.equal(pathBeyondDepth({ a: [[1]] }, 3), null);
  const path = pathBeyondDepth({ a: 1, "odd key": [{ x: [[[]]] }] }, 4)!;
  assert.deepEqual(path, ["odd key", 0, "x", 0]);
  assert.equal(describePath(path), '["odd key"][0].x[0]');
  assert.equal(describePath(["cells", 3, "outputs", 0, "data", "application/json", 0, 0], 6), 'cells[3].outputs[0].data["application/json"]…');
});
