import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { APIV3_KEY, merchant, publicKeyMode } from "../../test/support/wechatpay-fixtures";
import { createWeChatPayClient, type WeChatPayClientOptions } from "./client";
import { WeChatPayConfigError } from "./errors";

const base: WeChatPayClientOptions = {
  mchid: merchant.mchid,
  merchantSerialNo: merchant.serialNo,
  privateKey: merchant.privateKeyPem,
  apiV3Key: APIV3_KEY,
  appid: merchant.appid,
};

const configField = (overrides: Partial<WeChatPayClientOptions>): string | undefined => {
  try {
    createWeChatPayClient({ ...base, ...overrides });
    return undefined;
  } catch (error) {
    if (error instanceof WeChatPayConfigError) return error.field;
    throw error;
  }
};

describe("client configuration", () => {
  it("accepts the published test merchant, with or without a public key (PEM on one line too)", () => {
    expect(configField({})).toBeUndefined();
    expect(configField({ publicKey: { id: publicKeyMode.id, pem: publicKeyMode.publicKeyPem.replace(/\n/g, "\\n") } })).toBeUndefined();
  });

  it("names the setting that cannot work", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    expect(configField({ mchid: "12a" })).toBe("mchid");
    expect(configField({ merchantSerialNo: "not-hex" })).toBe("merchantSerialNo");
    expect(configField({ appid: "" })).toBe("appid");
    expect(configField({ privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" })).toBe("privateKey");
    expect(configField({ privateKey: ec })).toBe("privateKey");
    expect(configField({ apiV3Key: APIV3_KEY.slice(1) })).toBe("apiV3Key");
    expect(configField({ apiV3Key: "密".repeat(32) })).toBe("apiV3Key"); // 96 bytes, not 32
    expect(configField({ publicKey: { id: "1DDE55AD98ED71D6", pem: publicKeyMode.publicKeyPem } })).toBe("publicKey.id");
    expect(configField({ publicKey: { id: publicKeyMode.id, pem: "-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----" } })).toBe("publicKey.pem");
  });

  it("sends the public key id as Wechatpay-Serial on API calls", async () => {
    const h = createPayHarness({ publicKey: { id: publicKeyMode.id, pem: publicKeyMode.publicKeyPem } });
    const transaction = { appid: merchant.appid, mchid: merchant.mchid, out_trade_no: "ORDER_001", trade_state: "CLOSED" };
    h.fake.on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_001", reply: () => h.signed(200, transaction, { serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey }) });
    expect((await h.client.queryOrderByOutTradeNo("ORDER_001")).trade_state).toBe("CLOSED");
    expect(h.fake.requests[0]!.headers["wechatpay-serial"]).toBe(publicKeyMode.id);
  });
});
