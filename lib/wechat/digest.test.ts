import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hexDigest } from "./digest";

describe("hexDigest", () => {
  it("equals createHash's hex digest for strings (UTF-8) and bytes", () => {
    for (const algorithm of ["sha1", "sha256"] as const) {
      for (const data of ["", "benchtoken1700000000nonce", "你好 <xml>", new Uint8Array([0, 1, 254, 255])]) {
        expect(hexDigest(algorithm, data)).toBe(createHash(algorithm).update(data).digest("hex"));
      }
    }
  });

  it("gives the published sha1 of a known input", () => {
    expect(hexDigest("sha1", "abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  });
});
