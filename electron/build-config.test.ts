// The installer configuration and the icon it uses. electron-builder cannot run here (it downloads Electron), but
// its configuration loader and schema validator work offline: a typo or a misplaced option fails this test.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { crc32, inflateSync } from "node:zlib";
import { getConfig, validateConfiguration } from "app-builder-lib/out/util/config/config.js";
import { DebugLogger, log } from "builder-util";
import { projectRoot } from "../kernel/testing/paths.js";

const CONFIG = "build/electron-builder.yml";

// electron-builder's logger writes to process.stdout, which the test runner reads its own messages from: a log
// line landing inside one of them breaks the run ("Unable to deserialize cloned data"). Keep its lines here.
const builderLog: string[] = [];
(log as unknown as { stream: { write(text: string): void } }).stream = { write: (text) => builderLog.push(text) };

test("electron-builder's own validator accepts build/electron-builder.yml", async () => {
  const config = await getConfig(projectRoot, path.join(projectRoot, CONFIG), null);
  await validateConfiguration(config, new DebugLogger(false));
  assert.match(builderLog.join(""), /loaded configuration/);
  assert.equal(config.productName, "Parabook");
  assert.deepEqual(config.fileAssociations, [
    {
      ext: "ipynb",
      name: "Jupyter Notebook",
      description: "Jupyter notebook",
      mimeType: "application/x-ipynb+json",
      role: "Editor",
    },
  ]);
  assert.deepEqual(config.linux?.target, ["AppImage", "deb"]);
  assert.deepEqual(config.mac?.target, ["dmg"]);
  assert.deepEqual(config.win?.target, ["nsis"]);
});

test("the validator does reject a bad option (the check above can fail)", async () => {
  const config = await getConfig(projectRoot, path.join(projectRoot, CONFIG), null);
  await assert.rejects(
    validateConfiguration({ ...config, linux: { ...config.linux, targett: "deb" } as never }, new DebugLogger(false)),
    /configuration\.linux should be/,
  );
});

test("ZeroMQ's native addon is packed outside the archive, where it can be loaded", async () => {
  const config = await getConfig(projectRoot, path.join(projectRoot, CONFIG), null);
  assert.ok((config.asarUnpack as string[]).includes("node_modules/zeromq/**/*"), JSON.stringify(config.asarUnpack));
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  assert.ok(pkg.dependencies.zeromq, "zeromq is a runtime dependency, so electron-builder packs it");
  const addons = readdirSync(path.join(projectRoot, "node_modules/zeromq/build", process.platform), { recursive: true }).filter((f) => String(f).endsWith(".node"));
  assert.ok(addons.length > 0, "the package ships a prebuilt addon for this platform");
});

test("package.json's main is the compiled Electron entry the installers start", () => {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { main: string };
  assert.equal(pkg.main, "dist/electron/main.js");
});

/** The chunks of a PNG file, each CRC-checked. */
function pngChunks(bytes: Buffer): { type: string; data: Buffer }[] {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("ascii", at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    assert.equal(bytes.readUInt32BE(at + 8 + length), crc32(bytes.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    chunks.push({ type, data });
    at += 12 + length;
  }
  return chunks;
}

test("build/icon.png is a whole 1024×1024 RGBA image, opaque in the middle and clear in the corner", () => {
  const chunks = pngChunks(readFileSync(path.join(projectRoot, "build", "icon.png")));
  assert.deepEqual(
    chunks.map((c) => c.type),
    ["IHDR", "IDAT", "IEND"],
  );
  const header = chunks[0]!.data;
  assert.equal(header.readUInt32BE(0), 1024);
  assert.equal(header.readUInt32BE(4), 1024);
  assert.deepEqual([...header.subarray(8)], [8, 6, 0, 0, 0]);
  const rows = inflateSync(chunks[1]!.data);
  const stride = 1024 * 4 + 1;
  assert.equal(rows.length, stride * 1024);
  const alphaAt = (x: number, y: number) => rows[y * stride + 1 + x * 4 + 3];
  assert.equal(alphaAt(0, 0), 0);
  assert.equal(alphaAt(512, 150), 255);
});

test("build/icon.svg is the same 1024×1024 design", () => {
  const svg = readFileSync(path.join(projectRoot, "build", "icon.svg"), "utf8");
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1024" height="1024" viewBox="0 0 1024 1024">/);
  assert.match(svg, /<title>Parabook<\/title>/);
});
