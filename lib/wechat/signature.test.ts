import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeSignature, safeEqual, verifyMessageSignature, verifySignature } from "./signature";

type Vectors = {
  server_signature: Array<Record<string, string>>;
  encrypted: Array<Record<string, string>>;
};
const vectors = JSON.parse(
  readFileSync(path.resolve(__dirname, "../../test/vectors/wechat-test-vectors.json"), "utf8"),
) as Vectors;
const byId = (list: Array<Record<string, string>>, id: string): Record<string, string> => {
  const found = list.find((v) => v.id === id);
  if (!found) throw new Error(`vector ${id} missing`);
  return found;
};
const S1 = byId(vectors.server_signature, "S1");
const S4 = byId(vectors.server_signature, "S4");
const E1 = byId(vectors.encrypted, "E1");
const E2a = byId(vectors.encrypted, "E2a");

describe("computeSignature", () => {
  it("matches S1 (three-value form)", () => {
    expect(computeSignature([S1.token!, S1.timestamp!, S1.nonce!])).toBe(S1.signature);
  });

  it("sorts its input, so the order of the parts does not matter", () => {
    expect(computeSignature([S1.nonce!, S1.timestamp!, S1.token!])).toBe(S1.signature);
  });

  it("matches S4, E1 and E2a (four-value msg_signature form)", () => {
    expect(computeSignature([S4.token!, S4.timestamp!, S4.nonce!, S4.echostr!])).toBe(S4.msg_signature);
    expect(computeSignature([E1.token!, E1.timestamp!, E1.nonce!, E1.encrypt!])).toBe(E1.msg_signature);
    expect(computeSignature([E2a.token!, E2a.timestamp!, E2a.nonce!, E2a.encrypt!])).toBe(E2a.msg_signature);
  });
});

describe("verifySignature", () => {
  const base = { token: S1.token!, timestamp: S1.timestamp!, nonce: S1.nonce! };

  it("accepts the published signature", () => {
    expect(verifySignature({ ...base, signature: S1.signature! })).toBe(true);
  });

  it("rejects a wrong token, timestamp or a one-character change", () => {
    expect(verifySignature({ ...base, token: "other", signature: S1.signature! })).toBe(false);
    expect(verifySignature({ ...base, timestamp: "1410685590", signature: S1.signature! })).toBe(false);
    const flipped = S1.signature!.slice(0, -1) + (S1.signature!.endsWith("f") ? "e" : "f");
    expect(verifySignature({ ...base, signature: flipped })).toBe(false);
  });

  it("rejects signatures of a different length (or empty) without throwing", () => {
    expect(verifySignature({ ...base, signature: "" })).toBe(false);
    expect(verifySignature({ ...base, signature: S1.signature!.slice(1) })).toBe(false);
    expect(verifySignature({ ...base, signature: `${S1.signature!}00` })).toBe(false);
    expect(verifySignature({ ...base, signature: "é".repeat(40) })).toBe(false);
  });
});

describe("verifyMessageSignature", () => {
  it("accepts E1 and E2a and S4", () => {
    for (const v of [E1, E2a]) {
      expect(
        verifyMessageSignature({
          token: v.token!,
          timestamp: v.timestamp!,
          nonce: v.nonce!,
          encrypt: v.encrypt!,
          msgSignature: v.msg_signature!,
        }),
      ).toBe(true);
    }
    expect(
      verifyMessageSignature({
        token: S4.token!,
        timestamp: S4.timestamp!,
        nonce: S4.nonce!,
        encrypt: S4.echostr!,
        msgSignature: S4.msg_signature!,
      }),
    ).toBe(true);
  });

  it("rejects a tampered Encrypt value", () => {
    expect(
      verifyMessageSignature({
        token: E1.token!,
        timestamp: E1.timestamp!,
        nonce: E1.nonce!,
        encrypt: `${E1.encrypt!}A`,
        msgSignature: E1.msg_signature!,
      }),
    ).toBe(false);
  });
});

describe("safeEqual", () => {
  it("compares by content", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "ab")).toBe(false);
  });
});
