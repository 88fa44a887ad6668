/**
 * WeChat Pay notifications for bench/webhook.ts: a throwaway merchant made at start (the app
 * gets its WECHATPAY_* through appEnv; the benchmark keeps WeChat Pay's private key to sign),
 * one paid order seeded in the server's database, and a pool of notifications for it — each
 * signed and sealed as WeChat Pay does, each with its own id. So every request is verified on
 * its raw bytes, decrypted, checked against the order, recorded on its timeline (one insert,
 * as the webhook's dedup record) and found already paid (the conditional update changes
 * nothing): the path of WeChat Pay's retries, all of it but the first payment.
 */
import { createCipheriv, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createDb } from "../../lib/db/client";
import { resolveDatabaseUrl } from "../../lib/db/url";
import type { Push } from "./pushes";

const merchantKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const wechatPayKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const APIV3_KEY = randomBytes(16).toString("hex");
const PUBLIC_KEY_ID = "PUB_KEY_ID_0114232134912410000000000099";
const MCHID = "1900000109";
export const PAY_ORDER = { outTradeNo: "PBENCH0000000000000000001", amount: 1990, openid: "oBench000000000000000000000" };

/** The app's WECHATPAY_* for the benchmark's merchant. */
export const BENCH_PAY_ENV: Record<string, string> = {
  WECHATPAY_MCHID: MCHID,
  WECHATPAY_MERCHANT_SERIAL: randomBytes(20).toString("hex").toUpperCase(),
  WECHATPAY_PRIVATE_KEY: merchantKeys.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  WECHATPAY_APIV3_KEY: APIV3_KEY,
  WECHATPAY_PUBLIC_KEY_ID: PUBLIC_KEY_ID,
  WECHATPAY_PUBLIC_KEY: wechatPayKeys.publicKey.export({ type: "spki", format: "pem" }) as string,
  // Nothing may reach WeChat Pay: an unroutable base turns a stray call into a fast failure.
  WECHATPAY_API_BASE_URL: "http://127.0.0.1:9",
};

let counter = 0;

/** One notification as WeChat Pay sends it, signed now. */
export function payNotificationNow(route: string, appId: string): Push {
  const transaction = {
    appid: appId,
    mchid: MCHID,
    out_trade_no: PAY_ORDER.outTradeNo,
    transaction_id: "4200000000202412060000000001",
    trade_type: "JSAPI",
    trade_state: "SUCCESS",
    success_time: "2024-12-06T12:00:05+08:00",
    payer: { openid: PAY_ORDER.openid },
    amount: { total: PAY_ORDER.amount, payer_total: PAY_ORDER.amount, currency: "CNY" },
  };
  const nonce = randomBytes(6).toString("hex");
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(APIV3_KEY), Buffer.from(nonce));
  cipher.setAAD(Buffer.from("transaction"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(transaction)), cipher.final(), cipher.getAuthTag()]).toString("base64");
  const body = JSON.stringify({
    id: `EV-bench-${process.pid}-${++counter}`,
    create_time: "2024-12-06T12:00:06+08:00",
    resource_type: "encrypt-resource",
    event_type: "TRANSACTION.SUCCESS",
    summary: "支付成功",
    resource: { original_type: "transaction", algorithm: "AEAD_AES_256_GCM", ciphertext, associated_data: "transaction", nonce },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signNonce = randomBytes(16).toString("hex");
  const signature = sign("sha256", Buffer.from(`${timestamp}\n${signNonce}\n${body}\n`), wechatPayKeys.privateKey).toString("base64");
  return {
    path: route,
    body,
    headers: {
      "content-type": "application/json",
      "wechatpay-timestamp": timestamp,
      "wechatpay-nonce": signNonce,
      "wechatpay-serial": PUBLIC_KEY_ID,
      "wechatpay-signature": signature,
      "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
    },
  };
}

/** Signing costs the load generator CPU it shares with the server: notifications are made before timing (within WeChat Pay's 5 minutes). */
export function payNotificationPool(route: string, appId: string, size: number): { next: () => Push; size: number; liveGenerated: () => number; buildMs: number } {
  const started = performance.now();
  const pool: Push[] = Array.from({ length: size }, () => payNotificationNow(route, appId));
  const buildMs = performance.now() - started;
  let index = 0;
  let live = 0;
  return {
    size,
    buildMs,
    liveGenerated: () => live,
    next: () => {
      const push = pool[index];
      if (push) {
        pool[index++] = undefined as unknown as Push;
        return push;
      }
      live += 1;
      return payNotificationNow(route, appId);
    },
  };
}

/** The order the notifications are for: paid and fulfilled already, so no request sends anything. */
export async function seedPayOrder(databaseUrl: string, appId: string): Promise<void> {
  const db = await createDb(resolveDatabaseUrl(databaseUrl));
  try {
    const now = new Date();
    await db.payOrder.create({
      data: {
        ...PAY_ORDER,
        appId,
        mchid: MCHID,
        productId: "coffee",
        description: "手冲咖啡",
        status: "SUCCESS",
        transactionId: "4200000000202412060000000001",
        paidAt: now,
        expiresAt: new Date(now.getTime() + 1_800_000),
        fulfilmentSentAt: now,
      },
    });
  } finally {
    await db.$disconnect();
  }
}
