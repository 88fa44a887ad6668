/**
 * Test fixtures for lib/wechatpay: the published test keys (test/vectors/wechatpay-test-vectors.json)
 * and WeChat Pay's side of the protocol — signing answers and notifications, encrypting
 * resources — written here with node:crypto directly, independently of the library under test.
 */
import { createCipheriv, createPrivateKey, createPublicKey, sign, verify as verifySignature, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export const vectors = JSON.parse(
  readFileSync(path.resolve(__dirname, "../vectors/wechatpay-test-vectors.json"), "utf8"),
) as Record<string, unknown> & {
  keys: Record<string, Record<string, string>>;
};

export function vectorList<T = Record<string, unknown>>(group: string): T[] {
  return vectors[group] as T[];
}

export function vector<T = Record<string, unknown>>(group: string, id: string): T {
  const found = vectorList<{ id: string }>(group).find((v) => v.id === id);
  if (!found) throw new Error(`vector ${group}/${id} missing`);
  return found as T;
}

const k = vectors.keys;

/** The merchant: wechatpay-java's published test merchant key and certificate. */
export const merchant = {
  mchid: "1230000109",
  appid: "wxd678efh567hg6787",
  serialNo: k.java_merchant!.serial_no!,
  privateKeyPem: k.java_merchant!.private_key_pem!,
  certificate: new X509Certificate(k.java_merchant!.certificate_pem!),
};

export interface WeChatPaySigner {
  serial: string;
  privateKey: KeyObject;
}

/** A platform certificate with its private key: wechatpay-go's published test pair. */
export const platform = {
  serial: k.go_platform!.serial_no!,
  certificatePem: k.go_platform!.certificate_pem!,
  privateKey: createPrivateKey(k.go_platform!.private_key_pem!),
};

/** A WeChat Pay public key with its private key: wechatpay-java's published test pair. */
export const publicKeyMode = {
  id: "PUB_KEY_ID_01142321349124100000000000", // the id in wechatpay-java's README
  publicKeyPem: k.java_wechatpay!.public_key_pem!,
  privateKey: createPrivateKey(k.java_wechatpay!.private_key_pem!),
  /** The same key pair also comes as a certificate (serial 440024…) in the Java fixtures. */
  certificatePem: k.java_wechatpay!.certificate_pem!,
  certificateSerial: k.java_wechatpay!.certificate_serial_no!,
};

/** A 32-byte APIv3 key (wechatpay-java's TestConfig.API_V3_KEY). */
export const APIV3_KEY = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";

export const publicKeyOf = (pem: string): KeyObject => createPublicKey(pem);

/** WeChat Pay's signature headers over `TIMESTAMP\nNONCE\nBODY\n`. */
export function signAnswer(
  signer: WeChatPaySigner,
  body: string | Buffer,
  options: { timestamp: number; nonce?: string; signature?: string },
): Record<string, string> {
  const timestamp = String(options.timestamp);
  const nonce = options.nonce ?? "c5ac7061fccab6bf3e254dcf98995b8c";
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), Buffer.from(body), Buffer.from("\n")]);
  return {
    "Wechatpay-Timestamp": timestamp,
    "Wechatpay-Nonce": nonce,
    "Wechatpay-Serial": signer.serial,
    "Wechatpay-Signature": options.signature ?? sign("sha256", message, signer.privateKey).toString("base64"),
    "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
  };
}

/** AEAD_AES_256_GCM as WeChat Pay seals a resource: base64(ciphertext ‖ tag). */
export function encryptResource(key: string, plaintext: string, nonce = "0123456789ab", associatedData = "transaction") {
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(key, "utf8"), Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: "AEAD_AES_256_GCM", ciphertext: sealed.toString("base64"), nonce, associated_data: associatedData };
}

/** A `GET /v3/certificates` answer body carrying these certificates, sealed with `key`. */
export function certificateListBody(key: string, certificates: { serial: string; pem: string }[]): string {
  return JSON.stringify({
    data: certificates.map((c, i) => ({
      serial_no: c.serial,
      effective_time: "2021-04-27T16:55:23+08:00",
      expire_time: "2031-04-25T16:55:23+08:00",
      encrypt_certificate: encryptResource(key, c.pem, `cert${String(i).padStart(8, "0")}`, "certificate"),
    })),
  });
}

/** A notification body as WeChat Pay sends it, its resource sealed with `key`. */
export function notificationBody(key: string, eventType: string, plaintext: unknown, originalType = "transaction"): string {
  return JSON.stringify({
    id: "EV-2018022511223320873",
    create_time: "2015-05-20T13:29:35+08:00",
    resource_type: "encrypt-resource",
    event_type: eventType,
    summary: "支付成功",
    resource: { original_type: originalType, ...encryptResource(key, JSON.stringify(plaintext), "fGHnnSdR6yWr", originalType) },
  });
}

/** The Authorization header's fields. */
export function authorizationFields(header: string | undefined): Record<string, string> {
  return Object.fromEntries([...(header ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** True when a recorded request's Authorization verifies, with the merchant certificate, over exactly what was sent. */
export function requestSignatureHolds(req: { method: string; pathWithQuery: string; headers: Record<string, string>; body: Buffer }): boolean {
  const f = authorizationFields(req.headers.authorization);
  const message = Buffer.concat([Buffer.from(`${req.method}\n${req.pathWithQuery}\n${f.timestamp}\n${f.nonce_str}\n`), req.body, Buffer.from("\n")]);
  return verifySignature("sha256", message, merchant.certificate.publicKey, Buffer.from(f.signature ?? "", "base64"));
}
