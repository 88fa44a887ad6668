/**
 * The keys of one merchant's WeChat Pay: the merchant's public key (WeChat Pay holds the merchant
 * API certificate), the WeChat Pay public-key pair (`PUB_KEY_ID_…`) and the platform certificates
 * (self-signed X.509, made here at start). Private keys stay in KeyObjects: nothing here is ever
 * serialized to the control API.
 * @see https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/wxp-pub-key-guide.html
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from "node:crypto";
import type { PayMerchantOptions } from "../../core/options";
import { createSelfSignedCertificate } from "../../protocol/x509";

/** A platform certificate and the private key WeChat Pay signs with while it is current. */
export interface PlatformCertificate {
  /** 40 uppercase hex, as `Wechatpay-Serial` and `/v3/certificates` name it. */
  serialNo: string;
  pem: string;
  privateKey: KeyObject;
  effectiveTime: number;
  expireTime: number;
}

/** What must outlive a reset: the app has been given the public key, and holds the certificates. */
export interface MerchantKeys {
  merchantSerial: string;
  merchantPublicKey: KeyObject;
  publicKeyId: string;
  publicKey: { privateKey: KeyObject; publicKey: KeyObject };
  /** The certificate made at start (rotations add more; a reset goes back to this one). */
  certificate: PlatformCertificate;
}

const DAY_MS = 86_400_000;
/** Platform certificates live five years. */
const CERTIFICATE_LIFETIME_MS = 5 * 365 * DAY_MS;

/** Hosting variables often hold a PEM on one line with literal `\n`. */
const pemText = (text: string): string => (text.includes("\\n") ? text.replace(/\\n/g, "\n") : text);

function privateKeyFrom(pem: string | undefined, what: string): KeyObject {
  if (pem === undefined) return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  try {
    const key = createPrivateKey(pemText(pem));
    if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
    return key;
  } catch (error) {
    throw new Error(`${what} is not an RSA private key in PEM (${(error as Error).message})`);
  }
}

/** The merchant's public key: SPKI or PKCS#1 PEM, or the merchant API certificate itself. */
function merchantPublicKeyFrom(pem: string): KeyObject {
  const text = pemText(pem);
  try {
    const key = text.includes("BEGIN CERTIFICATE") ? new X509Certificate(text).publicKey : createPublicKey(text);
    if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
    return key;
  } catch (error) {
    throw new Error(`merchantPublicKey is not an RSA public key or certificate in PEM (${(error as Error).message})`);
  }
}

/** 40 hex with a top nibble 1–7: positive, no padding byte, so the serial prints as exactly 40. */
function certificateSerial(): Buffer {
  const serial = randomBytes(20);
  serial[0] = 0x10 + ((serial[0] ?? 0) % 0x70);
  return serial;
}

/** A platform certificate from `privateKey` (a fresh key when absent), effective a day before `now`. */
export function makePlatformCertificate(now: number, privateKey: KeyObject = privateKeyFrom(undefined, "")): PlatformCertificate {
  const serial = certificateSerial();
  const effectiveTime = Math.floor((now - DAY_MS) / 1000) * 1000;
  const expireTime = effectiveTime + CERTIFICATE_LIFETIME_MS;
  const { pem } = createSelfSignedCertificate({
    serial,
    subject: [["C", "CN"], ["ST", "Guangdong"], ["L", "Shenzhen"], ["O", "Tenpay.com"], ["OU", "Tenpay.com CA Center"], ["CN", "Tenpay.com sign (WeChat simulator)"]],
    notBefore: new Date(effectiveTime),
    notAfter: new Date(expireTime),
    privateKey,
  });
  return { serialNo: serial.toString("hex").toUpperCase(), pem, privateKey, effectiveTime, expireTime };
}

/** `PUB_KEY_ID_` + 32 digits: `01`, the mchid padded to 12, then zeros and a 1. */
export function defaultPublicKeyId(mchid: string): string {
  return `PUB_KEY_ID_01${mchid.replace(/\D/g, "").padStart(12, "0").slice(-12)}${"0".repeat(17)}1`;
}

/** Checks the options and loads or makes every key; throws one line naming what is wrong. */
export function resolveMerchantKeys(options: PayMerchantOptions, now: number): MerchantKeys {
  if (!/^\d{1,32}$/.test(options.mchid)) throw new Error("mchid must be digits");
  if (!/^[0-9A-Fa-f]{1,64}$/.test(options.merchantSerial)) throw new Error("merchantSerial must be the hex serial of the merchant API certificate");
  if (Buffer.byteLength(options.apiV3Key, "utf8") !== 32) throw new Error("apiV3Key must be 32 bytes");
  const publicKeyId = options.publicKeyId ?? defaultPublicKeyId(options.mchid);
  if (!/^PUB_KEY_ID_\d+$/.test(publicKeyId)) throw new Error("publicKeyId must be PUB_KEY_ID_ followed by digits");
  const publicKeyPrivate = privateKeyFrom(options.publicKeyPrivateKey, "publicKeyPrivateKey");
  return {
    merchantSerial: options.merchantSerial.toUpperCase(),
    merchantPublicKey: merchantPublicKeyFrom(options.merchantPublicKey),
    publicKeyId,
    publicKey: { privateKey: publicKeyPrivate, publicKey: createPublicKey(publicKeyPrivate) },
    certificate: makePlatformCertificate(now, privateKeyFrom(options.certificatePrivateKey, "certificatePrivateKey")),
  };
}
