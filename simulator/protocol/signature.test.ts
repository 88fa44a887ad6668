import { describe, expect, it } from "vitest";
import { safeEqual, signJsapi, signValues } from "./signature";
import { loadVectors, vector } from "./test-support";

const vectors = loadVectors();

describe("signatures against published vectors", () => {
  it("S1: three-value server signature", () => {
    const v = vector(vectors.server_signature, "S1");
    expect(signValues(v.token!, v.timestamp!, v.nonce!)).toBe(v.signature);
    // Order of arguments does not matter: the values are sorted.
    expect(signValues(v.nonce!, v.token!, v.timestamp!)).toBe(v.signature);
  });

  it("S4: four-value msg_signature over echostr", () => {
    const v = vector(vectors.server_signature, "S4");
    expect(signValues(v.token!, v.timestamp!, v.nonce!, v.echostr!)).toBe(v.msg_signature);
  });

  it.each(["J1", "J2"])("%s: JS-SDK signature", (id) => {
    const v = vector(vectors.jssdk, id);
    expect(signJsapi({ ticket: v.jsapi_ticket!, nonceStr: v.noncestr!, timestamp: v.timestamp!, url: v.url! })).toBe(v.signature);
    // The fragment is never part of the signed URL.
    expect(signJsapi({ ticket: v.jsapi_ticket!, nonceStr: v.noncestr!, timestamp: v.timestamp!, url: `${v.url}#/tab` })).toBe(v.signature);
  });

  it("compares in constant time and rejects different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
