/**
 * Self-signed X.509 v3 certificates (RSA, SHA256withRSA), encoded with der.ts: the simulator's
 * WeChat Pay platform certificates, whose serial is what `Wechatpay-Serial` names and which
 * `GET /v3/certificates` hands out encrypted. Checked by parsing with `crypto.X509Certificate`.
 * @see https://www.rfc-editor.org/rfc/rfc5280 (section 4.1)
 */
import { createPublicKey, sign, type KeyObject } from "node:crypto";
import { bitString, boolean, explicit, nullValue, objectIdentifier, octetString, printableString, sequence, set, smallInteger, unsignedInteger, utf8String, x509Time } from "./der";

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
type AttributeType = "C" | "ST" | "L" | "O" | "OU" | "CN";
const ATTRIBUTE: Record<AttributeType, string> = { C: "2.5.4.6", ST: "2.5.4.8", L: "2.5.4.7", O: "2.5.4.10", OU: "2.5.4.11", CN: "2.5.4.3" };
const KEY_USAGE = "2.5.29.15";
const BASIC_CONSTRAINTS = "2.5.29.19";

/** A distinguished name as ordered pairs, e.g. `[["C", "CN"], ["O", "Tenpay.com"], ["CN", "…"]]`. */
export type DistinguishedName = ReadonlyArray<readonly [AttributeType, string]>;

export interface CertificateInput {
  /** Big-endian serial bytes (positive; up to 20 bytes per RFC 5280). */
  serial: Uint8Array;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** RSA private key: signs the certificate; its public half is the subject key. */
  privateKey: KeyObject;
}

export interface EncodedCertificate {
  der: Buffer;
  pem: string;
}

function name(dn: DistinguishedName): Buffer {
  // C is a PrintableString (RFC 5280 appendix A); the rest UTF8String.
  return sequence(...dn.map(([type, value]) => set(sequence(objectIdentifier(ATTRIBUTE[type]), type === "C" ? printableString(value) : utf8String(value)))));
}

function extensions(): Buffer {
  // keyUsage (critical): digitalSignature and nonRepudiation, as a signing certificate has.
  const keyUsage = sequence(objectIdentifier(KEY_USAGE), boolean(true), octetString(bitString(Buffer.from([0xc0]), 6)));
  const basic = sequence(objectIdentifier(BASIC_CONSTRAINTS), octetString(sequence()));
  return explicit(3, sequence(basic, keyUsage));
}

const algorithm = (): Buffer => sequence(objectIdentifier(SHA256_WITH_RSA), nullValue());

/** A self-signed certificate (issuer = subject), DER and PEM. */
export function createSelfSignedCertificate(input: CertificateInput): EncodedCertificate {
  const spki = createPublicKey(input.privateKey).export({ type: "spki", format: "der" });
  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(input.serial),
    algorithm(),
    name(input.subject),
    sequence(x509Time(input.notBefore), x509Time(input.notAfter)),
    name(input.subject),
    spki,
    extensions(),
  );
  const signature = sign("sha256", tbs, input.privateKey);
  const der = sequence(tbs, algorithm(), bitString(signature));
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return { der, pem: `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n` };
}
