/**
 * The demo's WeChat Pay merchant, made on the first run and kept in data/demo-wechatpay.json
 * (git-ignored, mode 0600) so a restart keeps the app's stored orders and certificates valid:
 * the merchant's RSA-2048 key pair, a 40-hex serial and an APIv3 key (the app gets the private
 * side, the simulator the public side), and WeChat Pay's own keys (the simulator signs with them,
 * the app verifies with the public key). Throwaway keys for a local demo, never a real merchant's.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomInt } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PayMerchantOptions } from "../simulator/server";

interface DemoPayKeys {
  mchid: string;
  merchantSerial: string;
  merchantPrivateKey: string;
  apiV3Key: string;
  publicKeyId: string;
  publicKeyPrivateKey: string;
  certificatePrivateKey: string;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const privatePem = (): string => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const publicPem = (privateKey: string): string => createPublicKey(privateKey).export({ type: "spki", format: "pem" }) as string;

function generate(mchid: string): DemoPayKeys {
  return {
    mchid,
    merchantSerial: randomBytes(20).toString("hex").toUpperCase(),
    merchantPrivateKey: privatePem(),
    apiV3Key: Array.from({ length: 32 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join(""),
    publicKeyId: `PUB_KEY_ID_01${Array.from({ length: 30 }, () => randomInt(10)).join("")}`,
    publicKeyPrivateKey: privatePem(),
    certificatePrivateKey: privatePem(),
  };
}

function usable(keys: Partial<DemoPayKeys>): keys is DemoPayKeys {
  try {
    for (const pem of [keys.merchantPrivateKey, keys.publicKeyPrivateKey, keys.certificatePrivateKey]) createPrivateKey(String(pem));
    return /^\d+$/.test(String(keys.mchid)) && /^[0-9A-F]{40}$/.test(String(keys.merchantSerial)) && Buffer.byteLength(String(keys.apiV3Key)) === 32 && /^PUB_KEY_ID_\d+$/.test(String(keys.publicKeyId));
  } catch {
    return false;
  }
}

/** The kept keys, or new ones (saved) on the first run or when the file is unusable. */
function loadOrCreate(file: string, mchid: string): { keys: DemoPayKeys; created: boolean } {
  try {
    const kept = JSON.parse(readFileSync(file, "utf8")) as Partial<DemoPayKeys>;
    if (usable(kept) && kept.mchid === mchid) return { keys: kept, created: false };
  } catch {
    // No file yet (or unreadable): make one.
  }
  const keys = generate(mchid);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { keys, created: true };
}

/** The account API's `pay` body for this merchant (PATCH /api/admin/accounts/{appid}). */
export function accountPayBody(p: DemoPay): Record<string, string> {
  const e = p.appEnv as Record<string, string>;
  return {
    mchid: e.WECHATPAY_MCHID!,
    merchantSerial: e.WECHATPAY_MERCHANT_SERIAL!,
    privateKey: e.WECHATPAY_PRIVATE_KEY!,
    apiV3Key: e.WECHATPAY_APIV3_KEY!,
    publicKeyId: e.WECHATPAY_PUBLIC_KEY_ID!,
    publicKey: e.WECHATPAY_PUBLIC_KEY!,
  };
}

export interface DemoPay {
  /** The app's variables (app-contract.md, "WeChat Pay"). */
  appEnv: Record<string, string>;
  /** WeChat Pay's side, for startSimulator's `pay`. */
  simulator: PayMerchantOptions;
  created: boolean;
  file: string;
}

/**
 * The demo merchant for an app whose WeChat Pay is the simulator at `simulatorUrl` (the env's:
 * data/demo-wechatpay.json), or another one (`second`: the second demo account's own merchant,
 * data/demo-wechatpay-2.json, which the demo enters on that account).
 */
export function demoWechatPay(root: string, simulatorUrl: string, o: { second?: boolean } = {}): DemoPay {
  const file = path.join(root, o.second ? "data/demo-wechatpay-2.json" : "data/demo-wechatpay.json");
  const { keys, created } = loadOrCreate(file, o.second ? "1900000202" : "1900000109");
  return {
    file,
    created,
    appEnv: {
      WECHATPAY_MCHID: keys.mchid,
      WECHATPAY_MERCHANT_SERIAL: keys.merchantSerial,
      WECHATPAY_PRIVATE_KEY: keys.merchantPrivateKey,
      WECHATPAY_APIV3_KEY: keys.apiV3Key,
      WECHATPAY_PUBLIC_KEY_ID: keys.publicKeyId,
      WECHATPAY_PUBLIC_KEY: publicPem(keys.publicKeyPrivateKey),
      WECHATPAY_API_BASE_URL: simulatorUrl,
    },
    simulator: {
      mchid: keys.mchid,
      merchantName: o.second ? "第二个号的小店" : "公众号示例小店",
      merchantSerial: keys.merchantSerial,
      merchantPublicKey: publicPem(keys.merchantPrivateKey),
      apiV3Key: keys.apiV3Key,
      mode: "public-key",
      publicKeyId: keys.publicKeyId,
      publicKeyPrivateKey: keys.publicKeyPrivateKey,
      certificatePrivateKey: keys.certificatePrivateKey,
      // The demo's notify URL is http://localhost…: WeChat Pay would want https.
      allowHttpNotifyUrl: true,
    },
  };
}
