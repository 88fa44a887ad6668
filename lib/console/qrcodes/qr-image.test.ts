import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { decodePng } from "@/test/support/png";
import { QR_SIZES, qrMatrix, qrPng, qrSvg } from "./qr-image";

const TICKET_URL = "http://weixin.qq.com/q/02x9bNdW5Ld3W1Ixe1xVcN";

describe("a channel code's image", () => {
  it("is a PNG a QR reader decodes back to the ticket URL", () => {
    const { width, height, rgba } = decodePng(qrPng(TICKET_URL));
    expect(width).toBe(height);
    expect(jsQR(rgba, width, height)?.data).toBe(TICKET_URL);
  });

  it("is not a solid square: both colours, and a white quiet zone round the code", () => {
    const { width, rgba } = decodePng(qrPng(TICKET_URL));
    const dark = rgba.filter((_, i) => i % 4 === 0 && rgba[i] === 0).length;
    expect(dark / (width * width)).toBeGreaterThan(0.2);
    expect(dark / (width * width)).toBeLessThan(0.6);
    // The first 4 modules of every edge are white.
    for (let i = 0; i < width * 4 * QR_SIZES.preview; i += 4) expect(rgba[i]).toBe(255);
  });

  it("comes at print size, still decodable, and encodes non-ASCII text as UTF-8", () => {
    const print = decodePng(qrPng(TICKET_URL, QR_SIZES.print));
    expect(print.width).toBeGreaterThanOrEqual(900);
    expect(jsQR(print.rgba, print.width, print.height)?.data).toBe(TICKET_URL);
    const text = "https://example.com/渠道?s=门店";
    const small = decodePng(qrPng(text));
    expect(jsQR(small.rgba, small.width, small.height)?.data).toBe(text);
  });

  it("as SVG draws exactly the code's dark modules, which decode back to the URL", () => {
    const svg = qrSvg(TICKET_URL);
    const matrix = qrMatrix(TICKET_URL);
    const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
    expect(size).toBe(matrix.length + 8);
    // Rasterise the path's unit squares at 6 px per module.
    const scale = 6;
    const width = size * scale;
    const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
    const squares = [...svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(squares.length).toBe(matrix.flat().filter(Boolean).length);
    for (const [mx, my] of squares) {
      for (let y = my * scale; y < (my + 1) * scale; y++) for (let x = mx * scale; x < (mx + 1) * scale; x++) rgba.set([0, 0, 0, 255], (y * width + x) * 4);
    }
    expect(jsQR(rgba, width, width)?.data).toBe(TICKET_URL);
  });
});
