import "server-only";
import { randomBytes } from "node:crypto";
import { logger, registerSecret } from "../logger";
import { DEMO_CATALOGUE } from "../pay/catalogue";
import { createPayService, type PayService } from "../pay/service";
import { sendTextMessage } from "../wechat/api/custom-message";
import { createWeChatPayClient, type WeChatPayClient } from "../wechatpay/client";
import { getEnv } from "./env";
import { payCertificateStore, payStore } from "./stores";
import { getWeChatClient } from "./wechat";

/**
 * WeChat Pay as the app runs it (app-contract.md, "WeChat Pay (JSAPI, APIv3)"): the APIv3 client
 * over the WECHATPAY_* variables, platform certificates in the database, and the pay service over
 * the database store, the catalogue and the WeChat client (the buyer's customer-service text).
 * Null while WECHATPAY_MCHID is not set. No `next/*` import: the fast entry (server/) loads it
 * to answer /api/pay/notify before Next; Next's routes use lib/wiring/pay.ts.
 */
export const NOTIFY_PATH = "/api/pay/notify";

const globals = globalThis as unknown as { __payClient?: WeChatPayClient; __payService?: PayService };

/** Real WeChat Pay cannot reach a loopback APP_URL anyway; only there is an http notify URL allowed (the simulator). */
const isLoopback = (origin: string): boolean => ["localhost", "127.0.0.1", "[::1]"].includes(new URL(origin).hostname);

export function getPayClient(): WeChatPayClient | null {
  const env = getEnv();
  if (!env.pay) return null;
  const pay = env.pay;
  if (!globals.__payClient) {
    registerSecret(pay.apiV3Key);
    registerSecret(pay.privateKey);
    globals.__payClient = createWeChatPayClient({
      mchid: pay.mchid,
      merchantSerialNo: pay.merchantSerial,
      privateKey: pay.privateKey,
      apiV3Key: pay.apiV3Key,
      appid: env.appId,
      publicKey: pay.publicKey,
      certificateStore: payCertificateStore(),
      notifyUrl: `${env.appUrl}${NOTIFY_PATH}`,
      allowHttpNotifyUrl: isLoopback(env.appUrl),
      http: { baseUrl: pay.apiBaseUrl, timeoutMs: env.httpTimeoutMs, logger },
    });
  }
  return globals.__payClient;
}

/**
 * The pay service, or null when pay is off. Work past a response runs in the background by
 * default (a long-running server); each request passes its own way to keep it (Next's `after`,
 * the fast entry's pending list) where it has one.
 */
export function getPay(): PayService | null {
  const client = getPayClient();
  if (!client) return null;
  const env = getEnv();
  globals.__payService ??= createPayService({
    client,
    store: payStore(),
    catalogue: DEMO_CATALOGUE,
    appId: env.appId,
    mchid: client.mchid,
    notifyUrl: `${env.appUrl}${NOTIFY_PATH}`,
    sendText: async (openid, text) => sendTextMessage(await getWeChatClient(), openid, text),
    defer: (work) => void work(),
    logger,
    now: Date.now,
    randomHex: (bytes) => randomBytes(bytes).toString("hex"),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  return globals.__payService;
}
