/**
 * Which WeChat Pay merchant (商户号) answers for what, when accounts may bring their own: an
 * account whose record has a merchant pays through it; any other pays through the environment's
 * merchant (WECHATPAY_*) bound to its AppID. Orders already placed are handled by THEIR
 * merchant (the order's mchid), and a notification on `/api/pay/notify/{mchid}` by that one.
 *
 * One client per merchant and AppID (the AppID is in every order and in the JSAPI paySign),
 * built on first use and kept with the account's version: when the account's settings change
 * (a new key, another merchant, removed) the next use builds it again. A client is handed out
 * only for the mchid it was built with: nothing built for one merchant ever answers for another.
 * Framework-free: lib/wiring gives the account lookup and how a client is built.
 */
import type { WeChatPayClient } from "@wxmp/wechatpay/client";
import { PayRequestError } from "./request-error";

/** One merchant's settings (opened keys): the env's or an account's. */
export interface MerchantSettings {
  mchid: string;
  merchantSerial: string;
  privateKey: string;
  apiV3Key: string;
  publicKey: { id: string; pem: string } | undefined;
}

/** What this needs to know of an account: its version (a cache key) and its own merchant, if any. */
export interface MerchantAccount {
  appId: string;
  version: number;
  pay: MerchantSettings | undefined;
}

export type MerchantSource = "env" | "account";

export interface MerchantClientsOptions {
  /** The environment's merchant (WECHATPAY_*), or undefined when it is not set. */
  envMerchant: MerchantSettings | undefined;
  /** The env's AppID (its client answers `/api/pay/notify`). */
  defaultAppId: string;
  /** An active account (null: unknown or retired). May throw (its secrets do not open). */
  resolveAccount(appId: string): Promise<MerchantAccount | null>;
  /** AppIDs of the active accounts whose record names this merchant (the notify route's lookup). */
  accountsOfMerchant(mchid: string): Promise<string[]>;
  /** Builds a client; `source` says whose merchant it is (its notify URL and certificate scope follow). */
  build(merchant: MerchantSettings, appId: string, source: MerchantSource): WeChatPayClient;
}

export interface MerchantClients {
  /** The env merchant's client for orders of `appId`; null without WECHATPAY_*. */
  envClient(appId: string): WeChatPayClient | null;
  /** The client orders of `appId` are placed with: its own merchant's, else the env's; null when neither. */
  forAccount(appId: string): Promise<{ client: WeChatPayClient; source: MerchantSource } | null>;
  /** The client of the merchant the order was placed with; null when that merchant is no longer configured. */
  forOrder(order: { appId: string; mchid: string }): Promise<WeChatPayClient | null>;
  /** A client of merchant `mchid` (for its notifications), and an AppID it serves; null when it is unknown. */
  forMerchant(mchid: string): Promise<{ client: WeChatPayClient; appId: string; source: MerchantSource } | null>;
}

interface Kept {
  version: number;
  mchid: string;
  client: WeChatPayClient;
}

export function createMerchantClients(o: MerchantClientsOptions): MerchantClients {
  const envClients = new Map<string, WeChatPayClient>();
  const accountClients = new Map<string, Kept>();

  function envClient(appId: string): WeChatPayClient | null {
    if (!o.envMerchant) return null;
    let client = envClients.get(appId);
    if (!client) {
      client = o.build(o.envMerchant, appId, "env");
      envClients.set(appId, client);
    }
    return client;
  }

  function accountClient(account: MerchantAccount & { pay: MerchantSettings }): WeChatPayClient {
    const kept = accountClients.get(account.appId);
    if (kept && kept.version === account.version && kept.mchid === account.pay.mchid) return kept.client;
    const client = o.build(account.pay, account.appId, "account");
    accountClients.set(account.appId, { version: account.version, mchid: account.pay.mchid, client });
    return client;
  }

  async function ownMerchant(appId: string): Promise<(MerchantAccount & { pay: MerchantSettings }) | null> {
    if (appId === o.defaultAppId) return null;
    const account = await o.resolveAccount(appId);
    if (!account?.pay) {
      accountClients.delete(appId);
      return null;
    }
    return account as MerchantAccount & { pay: MerchantSettings };
  }

  /** The client only when it really is `mchid`'s (a stale cache or a mistake never crosses merchants). */
  const only = (client: WeChatPayClient | null, mchid: string): WeChatPayClient | null => (client && client.mchid === mchid ? client : null);

  return {
    envClient,
    async forAccount(appId) {
      const own = await ownMerchant(appId);
      if (own) return { client: accountClient(own), source: "account" };
      const client = envClient(appId);
      return client ? { client, source: "env" } : null;
    },
    async forOrder(order) {
      const own = await ownMerchant(order.appId);
      if (own && own.pay.mchid === order.mchid) return only(accountClient(own), order.mchid);
      if (o.envMerchant?.mchid === order.mchid) return only(envClient(order.appId), order.mchid);
      return null;
    },
    async forMerchant(mchid) {
      for (const appId of await o.accountsOfMerchant(mchid)) {
        const own = await ownMerchant(appId);
        const client = own && own.pay.mchid === mchid ? only(accountClient(own), mchid) : null;
        if (client) return { client, appId, source: "account" };
      }
      const client = o.envMerchant?.mchid === mchid ? only(envClient(o.defaultAppId), mchid) : null;
      return client ? { client, appId: o.defaultAppId, source: "env" } : null;
    },
  };
}

/**
 * The client of a service with no merchant of its own (WECHATPAY_* unset while some accounts have
 * theirs): the console's and the reconciler's service, which reach every order through the
 * order's merchant (`merchantOf`). Anything it would do itself — place an order for an account
 * without a merchant — is 503 `pay_disabled`. Its mchid ("") is no order's.
 */
export function noMerchantClient(appId: string): WeChatPayClient {
  const off = (): never => {
    throw new PayRequestError(503, "pay_disabled");
  };
  return {
    mchid: "",
    appid: appId,
    createJsapiOrder: async () => off(),
    buildJsapiPayParams: () => off(),
    queryOrderByOutTradeNo: async () => off(),
    queryOrderByTransactionId: async () => off(),
    closeOrder: async () => off(),
    createRefund: async () => off(),
    queryRefund: async () => off(),
    parseNotification: async () => ({ ok: false, reason: "unavailable", message: "no merchant" }),
    refreshCertificates: async () => [],
    toJSON: () => ({ mchid: "", appid: appId, merchantSerialNo: "" }),
  };
}
