// Draws Parabook's icon — an open book whose pages are parallel lanes — from one list of shapes, and writes it
// both as the SVG source (build/icon.svg) and as the 1024×1024 PNG electron-builder turns into .icns/.ico and
// Linux icons (build/icon.png), and as the 32×32 and 64×64 logos `parabook kernelspec install` puts beside
// kernel.json for Jupyter's launchers (build/logo-32x32.png, build/logo-64x64.png). Only Node: shapes are rasterised with signed distances (anti-aliased edges) and
// the PNG is written with zlib. Run: node build/make-icon.mjs

import { writeFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const SIZE = 1024;

/** Colours as [r, g, b]; gradients run top to bottom. */
const INK = [255, 255, 255];
const LANE = [92, 124, 250];
const SPINE = [206, 214, 255];

/** The icon, back to front. Every shape is a rounded rectangle, a polygon or a capsule (a thick rounded line). */
const SHAPES = [
  { kind: "rect", x: 64, y: 64, w: 896, h: 896, r: 200, fill: { top: [76, 110, 245], bottom: [112, 72, 232] } },
  // Left and right pages, tilted like an open book.
  { kind: "polygon", points: [[196, 300], [500, 348], [500, 792], [196, 744]], fill: INK },
  { kind: "polygon", points: [[524, 348], [828, 300], [828, 744], [524, 792]], fill: INK },
  { kind: "capsule", a: [512, 340], b: [512, 800], r: 14, fill: SPINE },
  // Parallel lanes: the same work on every node.
  ...[0, 1, 2, 3].flatMap((i) => [
    { kind: "capsule", a: [252, 420 + i * 96], b: [444, 450 + i * 96], r: 18, fill: LANE },
    { kind: "capsule", a: [580, 450 + i * 96], b: [772, 420 + i * 96], r: 18, fill: LANE },
  ]),
];

// ----- SVG ------------------------------------------------------------------------------------------------------

const hex = ([r, g, b]) => "#" + [r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("");

function svgOf(shapes) {
  const defs = [];
  const body = shapes.map((s, i) => {
    let fill;
    if (Array.isArray(s.fill)) fill = hex(s.fill);
    else {
      defs.push(
        `<linearGradient id="g${i}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(s.fill.top)}"/>` +
          `<stop offset="1" stop-color="${hex(s.fill.bottom)}"/></linearGradient>`,
      );
      fill = `url(#g${i})`;
    }
    switch (s.kind) {
      case "rect":
        return `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${fill}"/>`;
      case "polygon":
        return `<polygon points="${s.points.map((p) => p.join(",")).join(" ")}" fill="${fill}"/>`;
      case "capsule":
        return `<line x1="${s.a[0]}" y1="${s.a[1]}" x2="${s.b[0]}" y2="${s.b[1]}" stroke="${fill}" stroke-width="${2 * s.r}" stroke-linecap="round"/>`;
    }
    throw new Error(`unknown shape ${s.kind}`);
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">\n` +
    `  <title>Parabook</title>\n  <defs>${defs.join("")}</defs>\n` +
    body.map((line) => `  ${line}\n`).join("") +
    `</svg>\n`
  );
}

// ----- Signed distances (negative inside) ---------------------------------------------------------------------

function roundedRectDistance(s, x, y) {
  const cx = s.x + s.w / 2;
  const cy = s.y + s.h / 2;
  const qx = Math.abs(x - cx) - (s.w / 2 - s.r);
  const qy = Math.abs(y - cy) - (s.h / 2 - s.r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - s.r;
}

function segmentDistance([ax, ay], [bx, by], x, y) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function polygonDistance(s, x, y) {
  let nearest = Infinity;
  let inside = false;
  const pts = s.points;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    nearest = Math.min(nearest, segmentDistance(pts[j], pts[i], x, y));
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? -nearest : nearest;
}

const DISTANCE = {
  rect: roundedRectDistance,
  polygon: polygonDistance,
  capsule: (s, x, y) => segmentDistance(s.a, s.b, x, y) - s.r,
};

function colourAt(s, y) {
  if (Array.isArray(s.fill)) return s.fill;
  const t = Math.max(0, Math.min(1, (y - s.y) / s.h));
  return s.fill.top.map((c, k) => c + (s.fill.bottom[k] - c) * t);
}

/**
 * RGBA pixels, straight alpha, `size` pixels square (the shapes are drawn on SIZE and scaled); each shape covers a
 * pixel by how far its edge is from the pixel's centre, in pixels of the output.
 */
function rasterise(shapes, size = SIZE) {
  const scale = SIZE / size;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) * scale;
      const y = (py + 0.5) * scale;
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const s of shapes) {
        const coverage = Math.max(0, Math.min(1, 0.5 - DISTANCE[s.kind](s, x, y) / scale));
        if (coverage === 0) continue;
        const [sr, sg, sb] = colourAt(s, y);
        const outA = coverage + a * (1 - coverage);
        r = (sr * coverage + r * a * (1 - coverage)) / outA;
        g = (sg * coverage + g * a * (1 - coverage)) / outA;
        b = (sb * coverage + b * a * (1 - coverage)) / outA;
        a = outA;
      }
      pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (py * size + px) * 4);
    }
  }
  return pixels;
}

// ----- PNG ------------------------------------------------------------------------------------------------------

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGBA PNG: each row starts with filter byte 0 (none), then the whole image is one zlib stream. */
function pngOf(pixels, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, standard filters, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    Buffer.from(pixels.buffer, y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = (name) => fileURLToPath(new URL(name, import.meta.url));
  writeFileSync(here("icon.svg"), svgOf(SHAPES));
  writeFileSync(here("icon.png"), pngOf(rasterise(SHAPES), SIZE, SIZE));
  for (const size of [32, 64]) writeFileSync(here(`logo-${size}x${size}.png`), pngOf(rasterise(SHAPES, size), size, size));
  console.log("wrote build/icon.svg, build/icon.png, build/logo-32x32.png and build/logo-64x64.png");
}
