/** The DER encoder and the self-signed certificates it makes, read back by node:crypto's own parser. */
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { objectIdentifier, tlv, unsignedInteger, x509Time } from "./der";
import { createSelfSignedCertificate } from "./x509";

describe("DER", () => {
  it("encodes lengths in short and long form", () => {
    expect(tlv(0x04, Buffer.alloc(3)).subarray(0, 2)).toEqual(Buffer.from([0x04, 3]));
    expect(tlv(0x04, Buffer.alloc(200)).subarray(0, 3)).toEqual(Buffer.from([0x04, 0x81, 200]));
    expect(tlv(0x04, Buffer.alloc(300)).subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x01, 0x2c]));
  });

  it("encodes X.690's own examples of OIDs and integers", () => {
    // sha256WithRSAEncryption, as every certificate carries it.
    expect(objectIdentifier("1.2.840.113549.1.1.11").toString("hex")).toBe("06092a864886f70d01010b");
    expect(unsignedInteger(Buffer.from([0x80])).toString("hex")).toBe("02020080");
    expect(unsignedInteger(Buffer.from([0, 0, 0x7f])).toString("hex")).toBe("02017f");
  });

  it("writes UTCTime through 2049 and GeneralizedTime after", () => {
    expect(x509Time(new Date(Date.UTC(2025, 5, 1, 4, 5, 6))).toString("latin1").slice(2)).toBe("250601040506Z");
    expect(x509Time(new Date(Date.UTC(2050, 0, 1))).toString("latin1").slice(2)).toBe("20500101000000Z");
  });
});

describe("self-signed certificates", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const serial = Buffer.from("5D7D8ADB081A5F96E3EE522562337487452C7058", "hex");
  const notBefore = new Date(Date.UTC(2025, 0, 1));
  const notAfter = new Date(Date.UTC(2030, 0, 1));
  const made = createSelfSignedCertificate({ serial, subject: [["C", "CN"], ["O", "Tenpay.com"], ["CN", "Tenpay.com sign"]], notBefore, notAfter, privateKey });

  it("parses with crypto.X509Certificate: serial, subject, validity and key as given", () => {
    const certificate = new X509Certificate(made.pem);
    expect(certificate.serialNumber).toBe("5D7D8ADB081A5F96E3EE522562337487452C7058");
    expect(certificate.subject).toBe("C=CN\nO=Tenpay.com\nCN=Tenpay.com sign");
    expect(certificate.issuer).toBe(certificate.subject);
    expect(new Date(certificate.validFrom).getTime()).toBe(notBefore.getTime());
    expect(new Date(certificate.validTo).getTime()).toBe(notAfter.getTime());
    expect(certificate.publicKey.export({ type: "spki", format: "pem" })).toBe(publicKey.export({ type: "spki", format: "pem" }));
    expect(certificate.ca).toBe(false);
    expect(new X509Certificate(made.der).fingerprint256).toBe(certificate.fingerprint256);
  });

  it("is signed with SHA256withRSA by its own key, and only that key", () => {
    const certificate = new X509Certificate(made.pem);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(privateKey)).toBe(true);
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    expect(certificate.verify(other.publicKey)).toBe(false);
    const flipped = Buffer.from(made.der);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1; // one bit of the signature
    expect(new X509Certificate(flipped).verify(certificate.publicKey)).toBe(false);
  });
});
