import { createDecipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeAesKey, decryptMessage, encryptMessage, safeEqual, signJsapi, signJsapiExactly, signValues } from "./crypto";
import { loadVectors, vector } from "../testing/vectors";

const vectors = loadVectors();
const { encrypted } = vectors;

describe("safe-mode crypto against published vectors", () => {
  it("E1: decrypts a message whose PKCS#7 pad (21) exceeds 16 and checks its msg_signature", () => {
    const v = vector(encrypted, "E1");
    const result = decryptMessage(v.encrypt!, v.encoding_aes_key!);
    expect(result).toEqual({ message: v.plaintext, appId: v.appid });
    expect(signValues(v.token!, v.timestamp!, v.nonce!, v.encrypt!)).toBe(v.msg_signature);
    // The raw pad really is 21: a 16-byte unpadder would reject it.
    const key = decodeAesKey(v.encoding_aes_key!);
    const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
    d.setAutoPadding(false);
    const raw = Buffer.concat([d.update(Buffer.from(v.encrypt!, "base64")), d.final()]);
    expect(raw[raw.length - 1]).toBe(Number(v.pad));
  });

  it("E2a: encrypts byte-for-byte like the official sample given its random prefix", () => {
    const v = vector(encrypted, "E2a");
    const out = encryptMessage(v.plaintext!, v.appid!, v.encoding_aes_key!, Buffer.from(v.random16!, "utf8"));
    expect(out).toBe(v.encrypt);
    expect(signValues(v.token!, v.timestamp!, v.nonce!, out)).toBe(v.msg_signature);
    expect(decryptMessage(out, v.encoding_aes_key!)).toEqual({ message: v.plaintext, appId: v.appid });
  });

  it("round-trips UTF-8 of every length around the 32-byte block boundary", () => {
    const key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    for (let n = 0; n < 70; n++) {
      const msg = "微".repeat(n % 5) + "x".repeat(n);
      expect(decryptMessage(encryptMessage(msg, "wxappid", key), key)).toEqual({ message: msg, appId: "wxappid" });
    }
  });

  it("rejects malformed keys and ciphertexts", () => {
    expect(() => decodeAesKey("short")).toThrow(/43/);
    const key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    expect(() => decryptMessage("AAAA", key)).toThrow();
    const other = encryptMessage("hello", "wxappid", "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut");
    expect(() => decryptMessage(other, key)).toThrow();
  });
});

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
    // The fragment is never part of the signed URL; signed exactly, it changes the signature.
    expect(signJsapi({ ticket: v.jsapi_ticket!, nonceStr: v.noncestr!, timestamp: v.timestamp!, url: `${v.url}#/tab` })).toBe(v.signature);
    expect(signJsapiExactly({ ticket: v.jsapi_ticket!, nonceStr: v.noncestr!, timestamp: v.timestamp!, url: v.url! })).toBe(v.signature);
    expect(signJsapiExactly({ ticket: v.jsapi_ticket!, nonceStr: v.noncestr!, timestamp: v.timestamp!, url: `${v.url}#/tab` })).not.toBe(v.signature);
  });

  it("compares in constant time and rejects different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
