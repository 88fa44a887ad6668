import { describe, expect, it } from "vitest";
import { defaultRandomBytes, randomAlphanumeric } from "./random-string";

describe("randomAlphanumeric", () => {
  it("maps accepted bytes onto the alphabet and skips bytes >= 248", () => {
    const bytes = [0, 25, 26, 51, 52, 61, 62, 247, 248, 255];
    const source = (size: number): Uint8Array => Uint8Array.from(bytes.splice(0, size));
    // 248 and 255 are rejected; 62 % 62 = 0 -> "A"; 247 % 62 = 61 -> "9".
    expect(randomAlphanumeric(8, source)).toBe("AZaz09A9");
  });

  it("asks for more bytes when some were rejected", () => {
    let call = 0;
    const source = (size: number): Uint8Array => (call++ === 0 ? new Uint8Array(size).fill(255) : new Uint8Array(size).fill(1));
    expect(randomAlphanumeric(4, source)).toBe("BBBB");
  });

  it("fails loudly on a source that never yields usable bytes", () => {
    expect(() => randomAlphanumeric(4, (size) => new Uint8Array(size).fill(250))).toThrow(/too few usable bytes/);
  });

  it("rejects a non-positive length", () => {
    expect(() => randomAlphanumeric(0)).toThrow(RangeError);
  });

  it("uses the whole alphabet with the real source", () => {
    const seen = new Set(randomAlphanumeric(5000));
    expect(seen.size).toBe(62);
  });
});

describe("defaultRandomBytes", () => {
  it("never hands out the same bytes twice across pool refills, and serves large requests whole", () => {
    // 1,000 × 16 bytes crosses the 4 KiB block several times; a reused slice would repeat.
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const bytes = defaultRandomBytes(16);
      expect(bytes).toHaveLength(16);
      seen.add(Buffer.from(bytes).toString("hex"));
    }
    expect(seen.size).toBe(1000);
    const large = defaultRandomBytes(10_000);
    expect(large).toHaveLength(10_000);
    expect(new Set(large).size).toBeGreaterThan(200); // all 256 values, give or take chance
  });
});
