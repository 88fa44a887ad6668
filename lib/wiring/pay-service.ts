import "server-only";
import { randomBytes } from "node:crypto";
import { logger, registerSecret } from "../logger";
import { DEMO_CATALOGUE } from "../pay/catalogue";
import { createPayService, type PayService } from "../pay/service";
import { sendTextMessage } from "@wxmp/wechat/api/custom-message";
import { createWeChatPayClient, type WeChatPayClient } from "@wxmp/wechatpay/client";
import { getEnv } from "./env";
import { payCertificateStore, payStore } from "./stores";
import { forAccount } from "./for-account";
import { getWeChatClient } from "./wechat";

/**
 * WeChat Pay as the app runs it (app-contract.md, "WeChat Pay (JSAPI, APIv3)"): the APIv3 client
 * over the WECHATPAY_* variables, platform certificates in the database, and the pay service over
 * the database store, the catalogue and the WeChat client (the buyer's customer-service text).
 * Null while WECHATPAY_MCHID is not set. No `next/*` import: the fast entry (server/) loads it
 * to answer /api/pay/notify before Next; Next's routes use lib/wiring/pay.ts.
 */
export const NOTIFY_PATH = "/api/pay/notify";

const globals = globalThis as unknown as { __payClients?: Map<string, WeChatPayClient>; __payServices?: Map<string, PayService> };
const clients = (globals.__payClients ??= new Map());
const services = (globals.__payServices ??= new Map());

/** Real WeChat Pay cannot reach a loopback APP_URL anyway; only there is an http notify URL allowed (the simulator). */
const isLoopback = (origin: string): boolean => ["localhost", "127.0.0.1", "[::1]"].includes(new URL(origin).hostname);

/**
 * The APIv3 client for orders of `appId` (the env's account by default). One merchant serves
 * several accounts (关联AppID): each AppID gets its own client over the same merchant keys and
 * certificate store, because the AppID is in every order and in the JSAPI paySign.
 */
export function getPayClient(appId?: string): WeChatPayClient | null {
  const env = getEnv();
  if (!env.pay) return null;
  const pay = env.pay;
  const forAppId = appId ?? env.appId;
  let client = clients.get(forAppId);
  if (!client) {
    registerSecret(pay.apiV3Key);
    registerSecret(pay.privateKey);
    client = createWeChatPayClient({
      mchid: pay.mchid,
      merchantSerialNo: pay.merchantSerial,
      privateKey: pay.privateKey,
      apiV3Key: pay.apiV3Key,
      appid: forAppId,
      publicKey: pay.publicKey,
      certificateStore: payCertificateStore(),
      notifyUrl: `${env.appUrl}${NOTIFY_PATH}`,
      allowHttpNotifyUrl: isLoopback(env.appUrl),
      http: { baseUrl: pay.apiBaseUrl, timeoutMs: env.httpTimeoutMs, logger },
    });
    clients.set(forAppId, client);
  }
  return client;
}

/**
 * The buyer's text goes out through the WeChat client of the order's account: the env's one, or
 * another account's (a component account's authorizer client) from its wiring. A retired account
 * cannot send: the error leaves the text to the reconciler's retries.
 */
export async function sendOrderText(openid: string, text: string, appId: string): Promise<void> {
  const env = getEnv();
  if (appId === env.appId) return sendTextMessage(await getWeChatClient(), openid, text);
  const wiring = await forAccount(appId);
  if (!wiring) throw new Error(`account ${appId} is not active: the buyer's text cannot be sent`);
  return sendTextMessage(await wiring.client(), openid, text);
}

/**
 * The pay service for orders of `appId` (the env's account by default), or null when pay is off.
 * Every account pays through the env's merchant (WECHATPAY_*) bound to its AppID. Work past a
 * response runs in the background by default (a long-running server); each request passes its
 * own way to keep it (Next's `after`, the fast entry's pending list) where it has one.
 * `/api/pay/notify` uses the default one for every account: the order (found by out_trade_no)
 * carries its AppID, and the fulfilment text follows it.
 */
export function getPayFor(appId: string): PayService | null {
  const client = getPayClient(appId);
  if (!client) return null;
  const env = getEnv();
  let service = services.get(appId);
  if (!service) {
    service = createPayService({
      client,
      store: payStore(),
      catalogue: DEMO_CATALOGUE,
      appId,
      mchid: client.mchid,
      notifyUrl: `${env.appUrl}${NOTIFY_PATH}`,
      sendText: sendOrderText,
      defer: (work) => void work(),
      logger,
      now: Date.now,
      randomHex: (bytes) => randomBytes(bytes).toString("hex"),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    services.set(appId, service);
  }
  return service;
}

/** The env's account's pay service (notifications, the reconciler, a single-account deployment). */
export function getPay(): PayService | null {
  return getEnv().pay ? getPayFor(getEnv().appId) : null;
}
