/**
 * The simulator's WeChat Pay crypto against the published vectors (test/vectors/
 * wechatpay-test-vectors.json): signing strings, SHA256withRSA (deterministic PKCS#1 v1.5, so a
 * published signature must come out byte for byte), the go SDK's notification N1, AEAD G1–G3 and
 * the java SDK's real encrypted platform certificate C1.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { vector } from "../testing/vectors";
import { loadPayVectors } from "../testing/vectors";
import {
  aeadDecrypt,
  aeadEncrypt,
  answerSigningString,
  formatAuthorization,
  parseAuthorization,
  paySigningString,
  requestSigningString,
  signSha256Rsa,
  verifySha256Rsa,
} from "./wechatpay-crypto";

const vectors = loadPayVectors();

describe("signing strings", () => {
  it("builds the request string of R1 (the official example)", () => {
    const r1 = vector(vectors.request_signing_string, "R1");
    expect(requestSigningString(r1.method!, r1.url!, r1.timestamp!, r1.nonce_str!, r1.body ?? "")).toBe(r1.message);
  });

  it("builds the paySign string of P1 (the official example)", () => {
    const p1 = vector(vectors.pay_sign_string, "P1");
    expect(paySigningString(p1.appId!, p1.timeStamp!, p1.nonceStr!, p1.package!)).toBe(p1.message);
  });
});

describe("SHA256withRSA", () => {
  for (const id of ["S1", "S2"]) {
    it(`reproduces ${id} with its published key and verifies it`, () => {
      const s = vector(vectors.rsa_signatures, id);
      const key = vectors.keys[s.key!]!;
      expect(signSha256Rsa(s.message!, key.private_key_pem)).toBe(s.signature);
      const publicKey = key.certificate_pem ? new X509Certificate(key.certificate_pem).publicKey : createPrivateKey(key.private_key_pem);
      expect(verifySha256Rsa(s.message!, s.signature!, publicKey)).toBe(true);
      expect(verifySha256Rsa(`${s.message!}.`, s.signature!, publicKey)).toBe(false);
    });
  }

  it("verifies the go SDK's notification N1 with its published certificate, and nothing altered", () => {
    const n1 = vectors.notification_signatures.find((n) => n.id === "N1")!;
    const certificate = new X509Certificate(vectors.keys[n1.key]!.certificate_pem!);
    expect(certificate.serialNumber).toBe(n1.headers["Wechatpay-Serial"]);
    const message = answerSigningString(n1.headers["Wechatpay-Timestamp"]!, n1.headers["Wechatpay-Nonce"]!, n1.body);
    expect(verifySha256Rsa(message, n1.headers["Wechatpay-Signature"]!, certificate.publicKey)).toBe(true);
    const tampered = answerSigningString(n1.headers["Wechatpay-Timestamp"]!, n1.headers["Wechatpay-Nonce"]!, n1.body.replace("签约成功", "签约失败"));
    expect(verifySha256Rsa(tampered, n1.headers["Wechatpay-Signature"]!, certificate.publicKey)).toBe(false);
  });

  it("refuses a SIGNTEST probe signature and garbage instead of throwing", () => {
    const key = createPrivateKey(vectors.keys.java_merchant!.private_key_pem);
    expect(verifySha256Rsa("x", "WECHATPAY/SIGNTEST/abc", key)).toBe(false);
    expect(verifySha256Rsa("x", "", key)).toBe(false);
    expect(verifySha256Rsa("x", "AAAA", key)).toBe(false);
  });
});

describe("AEAD_AES_256_GCM", () => {
  for (const id of ["G1", "G2", "G3"]) {
    it(`opens ${id} and seals its plaintext to the published ciphertext`, () => {
      const g = vector(vectors.aead, id);
      const sealed = { ciphertext: g.ciphertext!, nonce: g.nonce!, associated_data: g.associated_data ?? "" };
      expect(aeadDecrypt(g.key!, sealed)).toBe(g.plaintext ?? "");
      expect(aeadEncrypt(g.key!, g.nonce!, g.associated_data ?? "", g.plaintext ?? "").ciphertext).toBe(g.ciphertext);
    });
  }

  it("refuses a wrong associated data, nonce or key (the tag catches it)", () => {
    const g = vector(vectors.aead, "G1");
    expect(() => aeadDecrypt(g.key!, { ciphertext: g.ciphertext!, nonce: g.nonce!, associated_data: "other" })).toThrow();
    expect(() => aeadDecrypt(g.key!, { ciphertext: g.ciphertext!, nonce: "000000000000", associated_data: g.associated_data! })).toThrow();
    expect(() => aeadDecrypt("0".repeat(32), { ciphertext: g.ciphertext!, nonce: g.nonce!, associated_data: g.associated_data! })).toThrow();
    expect(() => aeadEncrypt("short", "n", "", "x")).toThrow(/32 bytes/);
  });

  it("opens the java SDK's real encrypted platform certificate C1 to a certificate with the listed serial", () => {
    const c1 = vector(vectors.certificate_list, "C1");
    const list = JSON.parse(c1.body!) as { data: Array<{ serial_no: string; encrypt_certificate: { ciphertext: string; nonce: string; associated_data: string } }> };
    const entry = list.data[0]!;
    const certificate = new X509Certificate(aeadDecrypt(c1.api_v3_key!, entry.encrypt_certificate));
    expect(certificate.serialNumber).toBe(c1.serial_no);
    expect(entry.serial_no).toBe(c1.serial_no);
    expect(certificate.issuer).toContain(c1.issuer_cn);
  });
});

describe("the merchant's Authorization header", () => {
  const fields = { mchid: "1900009191", nonce_str: "593BEC0C930BF1AFEB40B4A08C8FB242", signature: "uOVRnA4q/A==", timestamp: "1554208460", serial_no: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C" };

  it("parses the official example's format, fields in any order", () => {
    const header = `WECHATPAY2-SHA256-RSA2048 serial_no="${fields.serial_no}",mchid="${fields.mchid}",timestamp="${fields.timestamp}",nonce_str="${fields.nonce_str}",signature="${fields.signature}"`;
    expect(parseAuthorization(header)).toEqual(fields);
    expect(parseAuthorization(formatAuthorization(fields))).toEqual(fields);
  });

  it("refuses another scheme, a missing or repeated field, and trailing garbage", () => {
    expect(parseAuthorization(undefined)).toBeNull();
    expect(parseAuthorization(formatAuthorization(fields).replace("WECHATPAY2-SHA256-RSA2048", "Bearer"))).toBeNull();
    expect(parseAuthorization(formatAuthorization(fields).replace(/,serial_no="[^"]*"/, ""))).toBeNull();
    expect(parseAuthorization(`${formatAuthorization(fields)},mchid="1"`)).toBeNull();
    expect(parseAuthorization(`${formatAuthorization(fields)} x`)).toBeNull();
  });
});
