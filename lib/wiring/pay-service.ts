import "server-only";
import { randomBytes } from "node:crypto";
import { logger } from "../logger";
import { DEMO_CATALOGUE } from "../pay/catalogue";
import { noMerchantClient } from "../pay/merchants";
import { createPayService, type PayService } from "../pay/service";
import { sendTextMessage } from "@wxmp/wechat/api/custom-message";
import type { WeChatPayClient } from "@wxmp/wechatpay/client";
import { getEnv } from "./env";
import { payStore } from "./stores";
import { forAccount } from "./for-account";
import { anyAccountMerchant, notifyUrlOf, payMerchants } from "./pay-merchants";
import { getWeChatClient } from "./wechat";

/**
 * WeChat Pay as the app runs it (app-contract.md, "WeChat Pay (JSAPI, APIv3)"): the merchants'
 * APIv3 clients (lib/wiring/pay-merchants.ts: the env's WECHATPAY_* one, and each account's own
 * when its record has one), platform certificates in the database, and the pay service over the
 * database store, the catalogue and the WeChat client (the buyer's customer-service text).
 * Off (null) while WECHATPAY_MCHID is not set. No `next/*` import: the fast entry (server/)
 * loads it to answer /api/pay/notify[/{mchid}] before Next; Next's routes use lib/wiring/pay.ts.
 */
export { NOTIFY_PATH } from "./pay-merchants";

const globals = globalThis as unknown as { __payServices?: Map<string, { client: WeChatPayClient; service: PayService }> };
const services = (globals.__payServices ??= new Map());

/**
 * The env merchant's APIv3 client for orders of `appId` (the env's account by default). One
 * merchant serves several accounts (关联AppID): each AppID gets its own client over the same
 * merchant keys, because the AppID is in every order and in the JSAPI paySign.
 */
export function getPayClient(appId?: string): WeChatPayClient | null {
  return getEnv().pay ? payMerchants().envClient(appId ?? getEnv().appId) : null;
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

/** The service of `client`'s merchant for orders of `appId`, kept while the client is the same one. */
function serviceOver(appId: string, client: WeChatPayClient): PayService {
  const key = `${client.mchid}|${appId}`;
  const kept = services.get(key);
  if (kept?.client === client) return kept.service;
  const merchants = payMerchants();
  const service = createPayService({
    client,
    store: payStore(),
    catalogue: DEMO_CATALOGUE,
    appId,
    mchid: client.mchid,
    notifyUrl: notifyUrlOf(client),
    // Orders of another merchant (the console's refunds, the reconciler, a query): through theirs.
    orderMerchant: async (order) => {
      const theirs = await merchants.forOrder(order);
      return theirs ? { client: theirs, notifyUrl: notifyUrlOf(theirs) } : null;
    },
    sendText: sendOrderText,
    defer: (work) => void work(),
    logger,
    now: Date.now,
    randomHex: (bytes) => randomBytes(bytes).toString("hex"),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  services.set(key, { client, service });
  return service;
}

/** The env's account's pay service (the env merchant's notifications, the reconciler), or null when pay is off. */
export function getPay(): PayService | null {
  const env = getEnv();
  const client = getPayClient(env.appId);
  return client ? serviceOver(env.appId, client) : null;
}

/**
 * The pay service for orders of `appId`: through the account's own merchant when its record has
 * one, else the env's merchant bound to its AppID; null when it has neither. Work past a response
 * runs in the background by default; each request passes its own way to keep it (Next's
 * `after`, the fast entry's pending list) where it has one.
 */
export async function getPayFor(appId: string): Promise<PayService | null> {
  const found = await payMerchants().forAccount(appId);
  return found ? serviceOver(appId, found.client) : null;
}

/**
 * The service answering `/api/pay/notify/{mchid}`: that merchant's keys and APIv3 key verify
 * and open the notification, and only its orders are changed by it. Null for a merchant no
 * active account has (the route answers 404).
 */
export async function getPayForMerchant(mchid: string): Promise<PayService | null> {
  if (!/^[0-9]{1,32}$/.test(mchid)) return null;
  const found = await payMerchants().forMerchant(mchid);
  return found ? serviceOver(found.appId, found.client) : null;
}

/**
 * The routes' default service: the env's account's, or — WECHATPAY_* unset while some accounts
 * have their own merchant — one with no merchant of its own (the console's lists, refunds and
 * the reconciler reach each order through its merchant). Null when nothing can take payments.
 */
export async function getDefaultPay(): Promise<PayService | null> {
  const pay = getPay();
  if (pay) return pay;
  if (!(await anyAccountMerchant())) return null;
  const appId = getEnv().appId;
  return serviceOver(appId, (noMerchant ??= noMerchantClient(appId)));
}
let noMerchant: WeChatPayClient | undefined;
