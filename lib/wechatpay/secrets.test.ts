/**
 * The merchant private key and the APIv3 key never appear in an error's message, string,
 * JSON, stack or inspected form, nor in the client object, nor in a log line.
 */
import { createSecretKey } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { APIV3_KEY, merchant, platform } from "../../test/support/wechatpay-fixtures";
import { decryptResource } from "./aead";
import {
  WeChatPayApiError,
  WeChatPayConfigError,
  WeChatPayCryptoError,
  WeChatPayHttpError,
  WeChatPayTimeoutError,
  WeChatPayValidationError,
  WeChatPayVerificationError,
} from "./errors";
import { loadApiV3Key, loadMerchantPrivateKey } from "./keys";
import type { Logger } from "./types";

/** Pieces of the secrets that must never show: the key's base64 body lines and the APIv3 key. */
const keyLines = merchant.privateKeyPem.split("\n").filter((line) => line.length > 40 && !line.startsWith("-----"));
const SECRETS = [APIV3_KEY, ...keyLines.slice(0, 3), Buffer.from(APIV3_KEY).toString("base64"), Buffer.from(APIV3_KEY).toString("hex")];

function expectNoSecret(value: unknown, label: string): void {
  const renderings = [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: Infinity, showHidden: true, getters: true })];
  if (value instanceof Error) renderings.push(value.stack ?? "", String(value.cause ?? ""));
  for (const text of renderings) for (const secret of SECRETS) expect(text.includes(secret), `${label} shows a secret`).toBe(false);
}

function recordingLogger(lines: string[]): Logger {
  const log = (message: string, fields?: Record<string, unknown>) => lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { info: log, warn: log, error: log };
}

describe("secrets stay secret", () => {
  it("in the client object, built from one-line PEM with literal \\n", () => {
    const oneLine = merchant.privateKeyPem.replace(/\n/g, "\\n");
    const h = createPayHarness({ privateKey: oneLine });
    expectNoSecret(h.client, "client");
    expect(h.client.toJSON()).toEqual({ mchid: merchant.mchid, appid: merchant.appid, merchantSerialNo: merchant.serialNo, publicKeyId: undefined });
  });

  it("in every error class, as thrown by real failures", async () => {
    const lines: string[] = [];
    const h = createPayHarness({ http: { logger: recordingLogger(lines), timeoutMs: 20, maxRetries: 1 } });
    h.fake
      .on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_001", times: 2, reply: () => h.signed(500, { code: "SYSTEM_ERROR", message: "系统繁忙" }) })
      .on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_002", reply: { status: 200, body: "{}" } })
      .on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_003", reply: "hang", times: 2 })
      .on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_004", reply: "network", times: 2 });
    const errors: unknown[] = [
      await h.client.queryOrderByOutTradeNo("ORDER_001").catch((e: unknown) => e),
      await h.client.queryOrderByOutTradeNo("ORDER_002").catch((e: unknown) => e),
      await h.client.queryOrderByOutTradeNo("ORDER_003").catch((e: unknown) => e),
      await h.client.queryOrderByOutTradeNo("ORDER_004").catch((e: unknown) => e),
      await h.client.queryOrderByOutTradeNo("bad").catch((e: unknown) => e),
      (() => {
        try {
          decryptResource(createSecretKey(Buffer.from(APIV3_KEY)), { algorithm: "AEAD_AES_256_GCM", ciphertext: "AAAAAAAAAAAAAAAAAAAAAAAA", nonce: "n" });
        } catch (e) {
          return e;
        }
      })(),
      (() => {
        try {
          loadMerchantPrivateKey(`-----BEGIN PRIVATE KEY-----\n${keyLines[0]}\n-----END PRIVATE KEY-----`);
        } catch (e) {
          return e;
        }
      })(),
      (() => {
        try {
          loadApiV3Key(`${APIV3_KEY}x`);
        } catch (e) {
          return e;
        }
      })(),
    ];
    const classes = [WeChatPayApiError, WeChatPayVerificationError, WeChatPayTimeoutError, WeChatPayHttpError, WeChatPayValidationError, WeChatPayCryptoError, WeChatPayConfigError, WeChatPayConfigError];
    errors.forEach((error, i) => {
      expect(error, `error ${i}`).toBeInstanceOf(classes[i]!);
      expectNoSecret(error, (error as Error).name);
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expectNoSecret(line, "log line");
      expect(line).not.toMatch(/WECHATPAY2-SHA256-RSA2048|signature=/);
    }
  });

  it("in errors constructed directly with every field", () => {
    const samples = [
      new WeChatPayApiError(400, "PARAM_ERROR", "参数错误", "/v3/pay/transactions/jsapi", { detail: { field: "amount" }, cause: new Error("c") }),
      new WeChatPayHttpError(0, "/v3/certificates", { cause: new Error("fetch failed") }),
      new WeChatPayTimeoutError(5000, "/v3/refund/domestic/refunds"),
      new WeChatPayVerificationError("bad_signature", "/v3/pay/transactions/jsapi", platform.serial),
      new WeChatPayCryptoError("AEAD_AES_256_GCM authentication failed"),
      new WeChatPayConfigError("apiV3Key", "apiV3Key must be 32 bytes (it is 33)"),
      new WeChatPayValidationError("out_trade_no", "out_trade_no: 6–32 characters"),
    ];
    for (const error of samples) expectNoSecret(error, error.name);
  });
});
