/**
 * The pay service over the real WeChat Pay client (published test keys, the strict fake fetch)
 * and a store of your choice, with the buyer's texts, the deferred work and the log kept for
 * assertions. Helpers make notifications exactly as WeChat Pay signs and seals them.
 */
import type { WeChatPayClientOptions } from "@wxmp/wechatpay/client";
import { createPayHarness, type PayHarness } from "@/test/support/wechatpay-client";
import { APIV3_KEY, merchant, notificationBody, platform, signAnswer, type WeChatPaySigner } from "@/test/support/wechatpay-fixtures";
import { DEMO_CATALOGUE } from "../catalogue";
import type { PayDeps } from "../deps";
import { createMemoryPayStore } from "../memory-store";
import { createPayService, type PayService } from "../service";
import type { PayStore } from "../store";

export const BUYER = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
export const NOTIFY_URL = "https://shop.example.com/api/pay/notify";

export interface PayKit {
  service: PayService;
  deps: PayDeps;
  harness: PayHarness;
  store: PayStore;
  texts: Array<{ openid: string; text: string }>;
  /** The AppID of the account each of `texts` went out through. */
  textAccounts: string[];
  logs: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
  /** Runs every deferred job (and what they defer) to the end. */
  drain(): Promise<void>;
  /** A notification as WeChat Pay sends it: signed with the platform certificate at the fake clock's time. */
  notification(eventType: string, resource: unknown, o?: { id?: string; originalType?: string; timestamp?: number; signature?: string }): { headers: Record<string, string>; body: Buffer };
  /** The decrypted resource of a TRANSACTION.SUCCESS for an order. */
  paidTransaction(outTradeNo: string, amount: number, over?: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Another merchant than the published test one (an account's own): its client options (mchid,
 * keys, APIv3 key, public key), the key WeChat Pay signs its messages with, and its notify URL.
 */
export interface KitMerchant {
  client: Partial<WeChatPayClientOptions> & { mchid: string; apiV3Key: string };
  signer: WeChatPaySigner;
  notifyUrl: string;
}

/**
 * `appId`: the service of another account under the same merchant (关联AppID); `store` shared to
 * play several at once; `merchant`: another merchant's service (default: the published one's).
 */
export function createPayKit(o: { store?: PayStore; sendText?: PayDeps["sendText"]; appId?: string; merchant?: KitMerchant } = {}): PayKit {
  const appId = o.appId ?? merchant.appid;
  const mchid = o.merchant?.client.mchid ?? merchant.mchid;
  const notifyUrl = o.merchant?.notifyUrl ?? NOTIFY_URL;
  const apiV3Key = o.merchant?.client.apiV3Key ?? APIV3_KEY;
  const signer = o.merchant?.signer ?? platform;
  const harness = createPayHarness({ notifyUrl, appid: appId, ...o.merchant?.client });
  const store = o.store ?? createMemoryPayStore();
  const texts: PayKit["texts"] = [];
  const textAccounts: string[] = [];
  const logs: PayKit["logs"] = [];
  const deferred: Array<() => Promise<void>> = [];
  let counter = 0;
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => void logs.push({ level, message, fields });
  const deps: PayDeps = {
    client: harness.client,
    store,
    catalogue: DEMO_CATALOGUE,
    appId,
    mchid,
    notifyUrl,
    sendText: o.sendText ?? (async (openid, text, to) => void (texts.push({ openid, text }), textAccounts.push(to))),
    defer: (work) => void deferred.push(work),
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
    now: harness.clock.now,
    randomHex: (bytes) => (++counter).toString(16).padStart(bytes * 2, "0"),
    sleep: harness.clock.sleep,
  };
  return {
    service: createPayService(deps),
    deps,
    harness,
    store,
    texts,
    textAccounts,
    logs,
    async drain() {
      while (deferred.length > 0) await deferred.shift()!();
    },
    notification(eventType, resource, n = {}) {
      const body = Buffer.from(
        JSON.stringify({ ...JSON.parse(notificationBody(apiV3Key, eventType, resource, n.originalType ?? (eventType.startsWith("REFUND") ? "refund" : "transaction"))), id: n.id ?? "EV-1" }),
      );
      const headers = signAnswer(signer, body, { timestamp: n.timestamp ?? Math.floor(harness.clock.now() / 1000), signature: n.signature });
      return { headers, body };
    },
    paidTransaction(outTradeNo, amount, over = {}) {
      return {
        appid: appId,
        mchid,
        out_trade_no: outTradeNo,
        transaction_id: "4200000000202406010000000001",
        trade_type: "JSAPI",
        trade_state: "SUCCESS",
        trade_state_desc: "支付成功",
        success_time: "2024-06-01T12:00:05+08:00",
        payer: { openid: BUYER },
        amount: { total: amount, payer_total: amount, currency: "CNY", payer_currency: "CNY" },
        ...over,
      };
    },
  };
}
