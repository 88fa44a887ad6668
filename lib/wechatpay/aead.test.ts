import { createSecretKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { APIV3_KEY, encryptResource, vectorList } from "../../test/support/wechatpay-fixtures";
import { decryptResource } from "./aead";
import { WeChatPayCryptoError } from "./errors";

type AeadVector = { id: string; key: string; nonce: string; associated_data: string; ciphertext: string; plaintext: string };
const keyOf = (key: string) => createSecretKey(Buffer.from(key, "utf8"));

describe("AEAD_AES_256_GCM on published vectors", () => {
  for (const v of vectorList<AeadVector>("aead")) {
    it(`decrypts ${v.id} to its published plaintext`, () => {
      const plain = decryptResource(keyOf(v.key), { algorithm: "AEAD_AES_256_GCM", ciphertext: v.ciphertext, nonce: v.nonce, associated_data: v.associated_data });
      expect(plain.toString("utf8")).toBe(v.plaintext);
    });

    it(`refuses ${v.id} with a changed nonce, associated data, ciphertext or key`, () => {
      const base = { algorithm: "AEAD_AES_256_GCM", ciphertext: v.ciphertext, nonce: v.nonce, associated_data: v.associated_data };
      const flipped = Buffer.from(v.ciphertext, "base64");
      flipped[0] = flipped[0]! ^ 1;
      expect(() => decryptResource(keyOf(v.key), { ...base, nonce: `x${v.nonce.slice(1)}` })).toThrow(WeChatPayCryptoError);
      expect(() => decryptResource(keyOf(v.key), { ...base, associated_data: `${v.associated_data}x` })).toThrow(WeChatPayCryptoError);
      expect(() => decryptResource(keyOf(v.key), { ...base, ciphertext: flipped.toString("base64") })).toThrow(WeChatPayCryptoError);
      expect(() => decryptResource(keyOf(APIV3_KEY === v.key ? "b".repeat(32) : APIV3_KEY), base)).toThrow(WeChatPayCryptoError);
    });
  }
});

describe("decryptResource", () => {
  it("works on the raw bytes: a multi-byte UTF-8 plaintext comes back intact", () => {
    const sealed = encryptResource(APIV3_KEY, '{"description":"测试商品 ✓"}');
    expect(decryptResource(keyOf(APIV3_KEY), sealed).toString("utf8")).toBe('{"description":"测试商品 ✓"}');
  });

  it("refuses another algorithm, non-base64, a short ciphertext and a missing nonce", () => {
    const sealed = encryptResource(APIV3_KEY, "x");
    expect(() => decryptResource(keyOf(APIV3_KEY), { ...sealed, algorithm: "AEAD_SM4_GCM" })).toThrow(/unsupported algorithm/);
    expect(() => decryptResource(keyOf(APIV3_KEY), { ...sealed, ciphertext: "not base64!" })).toThrow(/not base64/);
    expect(() => decryptResource(keyOf(APIV3_KEY), { ...sealed, ciphertext: "AAAA" })).toThrow(/shorter than the tag/);
    expect(() => decryptResource(keyOf(APIV3_KEY), { ...sealed, nonce: "" })).toThrow(/nonce/);
  });
});
