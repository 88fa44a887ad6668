import "server-only";
import { DEFAULT_WECHATPAY_API_BASE_URL } from "../config/pay-env";
import { logger, registerSecret } from "../logger";
import { createMerchantClients, type MerchantClients, type MerchantSource } from "../pay/merchants";
import { createWeChatPayClient, type WeChatPayClient } from "@wxmp/wechatpay/client";
import { scopedCertificateStore } from "@wxmp/wechatpay/platform-certificates";
import { getAccountRegistry } from "./accounts";
import { getEnv } from "./env";
import { payCertificateStore } from "./stores";

/**
 * The deployment's WeChat Pay merchants (lib/pay/merchants.ts): the env's (WECHATPAY_*) and the
 * accounts' own (the sealed pay fields of their Account rows, opened by the registry). Each
 * account merchant's notifications go to `/api/pay/notify/{mchid}`, and its platform
 * certificates are kept apart from every other merchant's. No `next/*` import (the fast entry).
 */
export const NOTIFY_PATH = "/api/pay/notify";

/** Where a merchant's notifications go: the env's one URL, or the account merchant's own. */
export const notifyPathOf = (mchid: string, source: MerchantSource): string => (source === "env" ? NOTIFY_PATH : `${NOTIFY_PATH}/${mchid}`);

/** Real WeChat Pay cannot reach a loopback APP_URL anyway; only there is an http notify URL allowed (the simulator). */
const isLoopback = (origin: string): boolean => ["localhost", "127.0.0.1", "[::1]"].includes(new URL(origin).hostname);

/**
 * How long the notify route's "which accounts have merchant X" answer is reused (as the
 * registry's recheck); a mchid it does not know reads the accounts again at most this often
 * (a merchant just entered is found at once; made-up ones cost little).
 */
const MERCHANT_INDEX_MS = 3_000;
const UNKNOWN_MCHID_RELOAD_MS = 500;

const globals = globalThis as unknown as { __payMerchants?: MerchantClients; __payNotifyUrls?: WeakMap<WeChatPayClient, string> };
const notifyUrls = (globals.__payNotifyUrls ??= new WeakMap());

let index: { at: number; byMchid: Map<string, string[]> } | undefined;
async function merchantIndex(mchid: string | null): Promise<Map<string, string[]>> {
  const age = index ? Date.now() - index.at : Infinity;
  if (!index || age > MERCHANT_INDEX_MS || (mchid !== null && !index.byMchid.has(mchid) && age > UNKNOWN_MCHID_RELOAD_MS)) {
    const byMchid = new Map<string, string[]>();
    for (const account of await getAccountRegistry().list()) {
      if (account.default || account.status !== "active" || !account.pay) continue;
      byMchid.set(account.pay.mchid, [...(byMchid.get(account.pay.mchid) ?? []), account.appId]);
    }
    index = { at: Date.now(), byMchid };
  }
  return index.byMchid;
}
const accountsOfMerchant = async (mchid: string): Promise<string[]> => (await merchantIndex(mchid)).get(mchid) ?? [];

/** Whether some active account has its own merchant (pay is on without WECHATPAY_* then). */
export const anyAccountMerchant = async (): Promise<boolean> => (await merchantIndex(null)).size > 0;

/** The merchants' clients, one set per process (the env's merchant absent without WECHATPAY_*). */
export function payMerchants(): MerchantClients {
  if (globals.__payMerchants) return globals.__payMerchants;
  const env = getEnv();
  globals.__payMerchants = createMerchantClients({
    envMerchant: env.pay,
    defaultAppId: env.appId,
    resolveAccount: (appId) => getAccountRegistry().resolve(appId),
    accountsOfMerchant,
    build(merchant, appId, source) {
      registerSecret(merchant.apiV3Key);
      registerSecret(merchant.privateKey);
      const certificates = payCertificateStore();
      const notifyUrl = `${env.appUrl}${notifyPathOf(merchant.mchid, source)}`;
      const client = createWeChatPayClient({
        mchid: merchant.mchid,
        merchantSerialNo: merchant.merchantSerial,
        privateKey: merchant.privateKey,
        apiV3Key: merchant.apiV3Key,
        appid: appId,
        publicKey: merchant.publicKey,
        // The env's merchant keeps its certificates where they always were; an account's under its mchid.
        certificateStore: source === "env" ? certificates : scopedCertificateStore(certificates, merchant.mchid),
        notifyUrl,
        allowHttpNotifyUrl: isLoopback(env.appUrl),
        http: { baseUrl: env.pay?.apiBaseUrl ?? DEFAULT_WECHATPAY_API_BASE_URL, timeoutMs: env.httpTimeoutMs, logger },
      });
      notifyUrls.set(client, notifyUrl);
      return client;
    },
  });
  return globals.__payMerchants;
}

/** The notify URL a client of payMerchants() was built with. */
export const notifyUrlOf = (client: WeChatPayClient): string => notifyUrls.get(client) ?? `${getEnv().appUrl}${NOTIFY_PATH}`;
