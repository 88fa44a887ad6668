/**
 * A channel code's image, drawn here from the URL the code encodes (the ticket's `url`), as a
 * PNG (preview, download, print) or an SVG. Drawn rather than fetched from showqrcode: the
 * image needs no call to WeChat, works for a stand-in that answers no real picture, and can be
 * made at print size. Framework-free; PNG written with node:zlib (no image library).
 */
import { deflateSync } from "node:zlib";
import qrcode from "qrcode-generator";

/** Quiet zone in modules: the QR standard asks for 4 so scanners find the finder patterns. */
const QUIET_ZONE = 4;

/** Image sizes the console offers: a screen preview and a print file (≥ 1000 px across at 8 cm, 300 dpi ≈ 945 px). */
export const QR_SIZES = { preview: 8, print: 24 } as const;
export type QrSize = keyof typeof QR_SIZES;

/** The code's modules, true for dark, row by row. Level M: WeChat's own codes use it; it survives a little print damage. */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, "M");
  // qrcode-generator maps each UTF-16 unit to one byte; hand it the UTF-8 bytes as Latin-1 so non-ASCII text survives.
  addBytes(qr, Buffer.from(text, "utf8").toString("latin1"));
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, row) => Array.from({ length: n }, (_, col) => qr.isDark(row, col)));
}

function addBytes(qr: ReturnType<typeof qrcode>, latin1: string): void {
  qr.addData(latin1, "Byte");
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A black-on-white, 8-bit greyscale PNG of the code, `scale` pixels per module, with the quiet zone. */
export function qrPng(text: string, scale: number = QR_SIZES.preview): Uint8Array {
  const matrix = qrMatrix(text);
  const modules = matrix.length + 2 * QUIET_ZONE;
  const width = modules * scale;
  // Each scanline: filter byte 0 (none), then one byte per pixel (0 black, 255 white).
  const raw = Buffer.alloc((width + 1) * width, 255);
  for (let y = 0; y < width; y++) {
    const line = y * (width + 1);
    raw[line] = 0;
    const row = matrix[Math.floor(y / scale) - QUIET_ZONE];
    if (!row) continue;
    for (let x = 0; x < width; x++) {
      if (row[Math.floor(x / scale) - QUIET_ZONE]) raw[line + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
}

/** The code as a scalable SVG (one path, one unit per module), for print layouts. */
export function qrSvg(text: string): string {
  const matrix = qrMatrix(text);
  const size = matrix.length + 2 * QUIET_ZONE;
  let d = "";
  matrix.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
    });
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  );
}
