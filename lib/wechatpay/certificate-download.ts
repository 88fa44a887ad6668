/**
 * Downloading the platform certificates (`GET /v3/certificates`) and deciding whether to trust
 * the answer — the one answer that cannot be checked against a key already held the first time.
 *
 * The trust decision. WeChat Pay's docs make this answer the exception to "verify every
 * answer with a platform certificate you hold" ("文件下载接口和首次下载平台证书除外"), and
 * its SDKs download without checking the signature at all (wechatpay-java
 * RSAAutoCertificateProvider's empty validator; wechatpay-go's first download). What makes the
 * certificates authentic is their encryption: each `encrypt_certificate` is AEAD_AES_256_GCM
 * under the APIv3 key, which only WeChat Pay and the merchant hold, and GCM's tag refuses any
 * certificate not sealed with it. On top of that, this module does check the signature:
 * - with the WeChat Pay public key when the answer names its id (it does once the merchant
 *   has a public key and the switch is on: we send that id as `Wechatpay-Serial`);
 * - else with a certificate already stored under the serial the answer names (a rotation is
 *   signed by a certificate trusted before);
 * - else, the first time, with the certificate of that serial carried in the answer itself:
 *   proof that the list is complete and unmodified as sealed, not of who sent it — that proof
 *   is the APIv3 key's.
 * An answer whose serial is none of these, or whose signature fails, is refused and nothing
 * is saved. Each certificate's serial is read from the certificate (X509Certificate), never
 * taken from the list's `serial_no` alone; the two must agree.
 *
 * @see https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/apilist.html
 * @see https://pay.weixin.qq.com/doc/v3/partner/4013059030
 */
import { X509Certificate, type KeyObject } from "node:crypto";
import { decryptResource, type EncryptedResource } from "./aead";
import { WeChatPayCryptoError } from "./errors";
import { requestWeChatPay, type AnswerVerifier, type HttpOptions, type Merchant } from "./http";
import { certificateKey } from "./key-resolver";
import type { PlatformCertificate, PlatformCertificateStore } from "./platform-certificates";
import type { Clock } from "./types";
import { readSignatureHeaders, verifySignedMessage, type KeyLookup } from "./verify-signature";

export const CERTIFICATES_PATH = "/v3/certificates";

interface ListEntry {
  serial_no?: unknown;
  effective_time?: unknown;
  expire_time?: unknown;
  encrypt_certificate?: unknown;
}

/**
 * The certificate list answer, decrypted. Throws WeChatPayCryptoError for an entry that does
 * not decrypt, is not a certificate, or whose serial is not the one listed.
 * @see https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/apilist.html
 */
export function decodeCertificateList(apiV3Key: KeyObject, body: Uint8Array | string): PlatformCertificate[] {
  let parsed: { data?: unknown };
  try {
    parsed = JSON.parse(typeof body === "string" ? body : Buffer.from(body).toString("utf8")) as { data?: unknown };
  } catch (cause) {
    throw new WeChatPayCryptoError("certificate list is not JSON", { cause });
  }
  if (!Array.isArray(parsed?.data) || parsed.data.length === 0) throw new WeChatPayCryptoError("certificate list is empty");
  return (parsed.data as ListEntry[]).map((entry) => {
    if (!entry || typeof entry.serial_no !== "string" || !entry.encrypt_certificate || typeof entry.encrypt_certificate !== "object") {
      throw new WeChatPayCryptoError("certificate list entry is malformed");
    }
    const pem = decryptResource(apiV3Key, entry.encrypt_certificate as EncryptedResource).toString("utf8");
    let serialNo: string;
    try {
      serialNo = new X509Certificate(pem).serialNumber.toUpperCase();
    } catch (cause) {
      throw new WeChatPayCryptoError("decrypted entry is not an X.509 certificate", { cause });
    }
    if (serialNo !== entry.serial_no.toUpperCase()) throw new WeChatPayCryptoError(`certificate serial ${serialNo} is listed as ${entry.serial_no}`);
    const text = (value: unknown): string => (typeof value === "string" ? value : "");
    return { serialNo, pem, effectiveTime: text(entry.effective_time), expireTime: text(entry.expire_time) };
  });
}

export interface CertificateRefresherOptions {
  http: HttpOptions;
  merchant: Merchant;
  apiV3Key: KeyObject;
  store: PlatformCertificateStore;
  publicKey?: { id: string; key: KeyObject };
  clock: Clock;
}

/** Keys trusted for the list answer: the public key, then stored, then carried certificates. */
function trustedFor(options: CertificateRefresherOptions, carried: readonly PlatformCertificate[]): KeyLookup {
  return async (serial) => {
    if (options.publicKey && serial === options.publicKey.id) return { key: options.publicKey.key, mode: "public_key" };
    const stored = await options.store.get(serial);
    const storedKey = stored ? certificateKey(stored) : null;
    if (storedKey) return { key: storedKey, mode: "certificate" };
    const own = carried.find((c) => c.serialNo === serial);
    const ownKey = own ? certificateKey(own) : null;
    return ownKey ? { key: ownKey, mode: "certificate" } : null;
  };
}

/**
 * `refresh()` downloads the list, checks it as above, saves every certificate and returns
 * them. Concurrent calls share one download (single-flight).
 * @see https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/apilist.html
 */
export function createCertificateRefresher(options: CertificateRefresherOptions): () => Promise<PlatformCertificate[]> {
  let inFlight: Promise<PlatformCertificate[]> | null = null;

  const download = async (): Promise<PlatformCertificate[]> => {
    let decoded: PlatformCertificate[] = [];
    const verify: AnswerVerifier = async (answer) => {
      // An error answer (e.g. 404 for a merchant that has only a public key) carries no list.
      decoded = answer.status >= 200 && answer.status < 300 ? decodeCertificateList(options.apiV3Key, answer.body) : [];
      return verifySignedMessage(readSignatureHeaders(answer.headers), answer.body, trustedFor(options, decoded), options.clock());
    };
    await requestWeChatPay(options.http, options.merchant, verify, { method: "GET", path: CERTIFICATES_PATH, idempotent: true });
    await options.store.saveAll(decoded);
    return decoded;
  };

  return () => {
    inFlight ??= download().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
