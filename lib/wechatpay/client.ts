/**
 * One object per merchant: loads the keys once (into KeyObjects that never print), wires the
 * verifier, the certificate store and its refresher, and exposes each API call as a method.
 * The composition root of the app builds one; nothing else needs the keys.
 */
import type { KeyObject } from "node:crypto";
import type { PayApiContext } from "./api-context";
import { createCertificateRefresher } from "./certificate-download";
import { WeChatPayConfigError } from "./errors";
import type { AnswerVerifier, HttpOptions } from "./http";
import { buildJsapiPayParams, type JsapiPayParams } from "./jsapi-pay";
import { createKeyResolver } from "./key-resolver";
import { isPublicKeyId, loadApiV3Key, loadMerchantPrivateKey, loadWeChatPayPublicKey } from "./keys";
import { parseNotification, type NotificationResult } from "./notification";
import { createMemoryPlatformCertificateStore, type PlatformCertificate, type PlatformCertificateStore } from "./platform-certificates";
import { createRefund, queryRefund } from "./refunds";
import type { Refund, RefundRequest } from "./refund-types";
import type { JsapiOrderInput, JsapiOrderResult, Transaction } from "./transaction-types";
import { closeOrder, createJsapiOrder, queryOrderByOutTradeNo, queryOrderByTransactionId } from "./transactions";
import type { HeadersLike } from "./types";
import { readSignatureHeaders, verifySignedMessage } from "./verify-signature";

export interface WeChatPayClientOptions {
  /** 商户号 */
  mchid: string;
  /** 商户API证书序列号 */
  merchantSerialNo: string;
  /** 商户API私钥, PEM (literal `\n` accepted) or a KeyObject. */
  privateKey: string | KeyObject;
  /** APIv3密钥, 32 bytes. */
  apiV3Key: string | KeyObject;
  /** The Official Account's AppID the orders are made for. */
  appid: string;
  /** 微信支付公钥 and its id (`PUB_KEY_ID_…`), when the merchant has one. */
  publicKey?: { id: string; pem: string | KeyObject };
  /** Where platform certificates are kept; default in memory (one process). */
  certificateStore?: PlatformCertificateStore;
  /** Default notify_url of orders. */
  notifyUrl?: string;
  /** Allow an http notify_url (local simulator only). */
  allowHttpNotifyUrl?: boolean;
  /** Base URL, fetch, timeouts, clock, random bytes, logger. */
  http?: HttpOptions;
  /** Minimum time between two certificate downloads for unknown serials, default 60 s. */
  minCertificateRefetchIntervalMs?: number;
}

export interface WeChatPayClient {
  readonly mchid: string;
  readonly appid: string;
  createJsapiOrder(input: JsapiOrderInput): Promise<JsapiOrderResult>;
  /** The signed `getBrandWCPayRequest` parameters for a prepay_id. */
  buildJsapiPayParams(prepayId: string): JsapiPayParams;
  queryOrderByOutTradeNo(outTradeNo: string): Promise<Transaction>;
  queryOrderByTransactionId(transactionId: string): Promise<Transaction>;
  closeOrder(outTradeNo: string): Promise<void>;
  createRefund(input: RefundRequest): Promise<Refund>;
  queryRefund(outRefundNo: string): Promise<Refund>;
  /** Verifies, decrypts and types a notification; never throws for a bad one. */
  parseNotification(headers: HeadersLike, rawBody: Uint8Array | string): Promise<NotificationResult>;
  /** Downloads the platform certificates now (start-up, a scheduled job); single-flight. */
  refreshCertificates(): Promise<PlatformCertificate[]>;
  /** What is safe to show: ids only. */
  toJSON(): { mchid: string; appid: string; merchantSerialNo: string; publicKeyId?: string };
}

function checkConfig(options: WeChatPayClientOptions): void {
  if (!/^[0-9]{1,32}$/.test(options.mchid ?? "")) throw new WeChatPayConfigError("mchid", "mchid must be the merchant number (digits)");
  if (!/^[0-9A-Fa-f]{8,64}$/.test(options.merchantSerialNo ?? "")) {
    throw new WeChatPayConfigError("merchantSerialNo", "merchantSerialNo must be the merchant API certificate's serial (hex, 40 characters)");
  }
  if (!/^[0-9A-Za-z_-]{1,32}$/.test(options.appid ?? "")) throw new WeChatPayConfigError("appid", "appid must be the Official Account's AppID");
  if (options.publicKey && !isPublicKeyId(options.publicKey.id)) throw new WeChatPayConfigError("publicKey.id", "publicKey.id must look like PUB_KEY_ID_0114…");
}

export function createWeChatPayClient(options: WeChatPayClientOptions): WeChatPayClient {
  checkConfig(options);
  const http = options.http ?? {};
  const clock = http.clock ?? Date.now;
  const apiV3Key = loadApiV3Key(options.apiV3Key);
  const publicKey = options.publicKey ? { id: options.publicKey.id, key: loadWeChatPayPublicKey(options.publicKey.pem, "publicKey.pem") } : undefined;
  const merchant = { mchid: options.mchid, serialNo: options.merchantSerialNo.toUpperCase(), privateKey: loadMerchantPrivateKey(options.privateKey), publicKeyId: publicKey?.id };
  const store = options.certificateStore ?? createMemoryPlatformCertificateStore();
  const refresh = createCertificateRefresher({ http, merchant, apiV3Key, store, publicKey, clock });
  const resolver = createKeyResolver({ publicKey, store, refresh, clock, minRefetchIntervalMs: options.minCertificateRefetchIntervalMs });
  const verify: AnswerVerifier = (answer) => verifySignedMessage(readSignatureHeaders(answer.headers), answer.body, resolver.lookup, clock());
  const ctx: PayApiContext = { http, merchant, verify, appid: options.appid, notifyUrl: options.notifyUrl, allowHttpNotifyUrl: options.allowHttpNotifyUrl };

  return {
    mchid: options.mchid,
    appid: options.appid,
    createJsapiOrder: (input) => createJsapiOrder(ctx, input),
    buildJsapiPayParams: (prepayId) => buildJsapiPayParams({ appId: options.appid, prepayId, privateKey: merchant.privateKey, clock, randomBytes: http.randomBytes }),
    queryOrderByOutTradeNo: (outTradeNo) => queryOrderByOutTradeNo(ctx, outTradeNo),
    queryOrderByTransactionId: (transactionId) => queryOrderByTransactionId(ctx, transactionId),
    closeOrder: (outTradeNo) => closeOrder(ctx, outTradeNo),
    createRefund: (input) => createRefund(ctx, input),
    queryRefund: (outRefundNo) => queryRefund(ctx, outRefundNo),
    parseNotification: (headers, rawBody) => parseNotification({ apiV3Key, lookup: resolver.lookup, clock }, headers, rawBody),
    refreshCertificates: refresh,
    toJSON: () => ({ mchid: options.mchid, appid: options.appid, merchantSerialNo: merchant.serialNo, publicKeyId: publicKey?.id }),
  };
}
