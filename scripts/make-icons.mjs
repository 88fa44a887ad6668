// Writes the app icons in public/ (favicon.ico, icon-192.png, icon-512.png,
// apple-touch-icon.png) from code: a green rounded square with two white chat bubbles.
// No image tool needed; re-run with `node scripts/make-icons.mjs` after changing the drawing.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "public");
const GREEN = [7, 193, 96];
const WHITE = [255, 255, 255];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The colour at (x, y) of the drawing in unit coordinates, or null (transparent). */
function colourAt(x, y, rounded) {
  const r = 0.19;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if (rounded && (x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  const inEllipse = (ex, ey, rx, ry) => ((x - ex) / rx) ** 2 + ((y - ey) / ry) ** 2 <= 1;
  if (inEllipse(0.64, 0.6, 0.2, 0.17) && !inEllipse(0.64, 0.6, 0.17, 0.14)) return WHITE;
  if (inEllipse(0.41, 0.45, 0.25, 0.21) && !inEllipse(0.64, 0.6, 0.2, 0.17)) return WHITE;
  return GREEN;
}

/** An RGBA PNG of the drawing, 4x4 supersampled. */
function png(size, rounded = true) {
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let s = 0; s < 16; s++) {
        const colour = colourAt((px + ((s % 4) + 0.5) / 4) / size, (py + (Math.floor(s / 4) + 0.5) / 4) / size, rounded);
        if (!colour) continue;
        r += colour[0];
        g += colour[1];
        b += colour[2];
        a += 255;
      }
      const n = a / 255 || 1;
      row.set([Math.round(r / n), Math.round(g / n), Math.round(b / n), Math.round(a / 16)], 1 + px * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

/** An .ico holding PNG images (supported by every current browser). */
function ico(sizes) {
  const images = sizes.map((size) => png(size));
  const header = Buffer.from([0, 0, 1, 0, sizes.length, 0]);
  let offset = 6 + 16 * sizes.length;
  const entries = images.map((image, i) => {
    const entry = Buffer.alloc(16);
    entry.set([sizes[i] % 256, sizes[i] % 256, 0, 0], 0);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(image.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += image.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images]);
}

writeFileSync(path.join(out, "favicon.ico"), ico([16, 32, 48]));
writeFileSync(path.join(out, "icon-192.png"), png(192));
writeFileSync(path.join(out, "icon-512.png"), png(512));
// iOS draws its own rounded corners and shows transparency as black: a full square.
writeFileSync(path.join(out, "apple-touch-icon.png"), png(180, false));
console.log("icons written to public/");
