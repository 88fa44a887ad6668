import { describe, expect, it } from "vitest";
import { merchant, publicKeyMode } from "@/test/support/wechatpay-fixtures";
import { EnvError } from "./env-fields";
import { parseEnv } from "./env-schema";
import { parsePayEnv } from "./pay-env";

const pay = {
  WECHATPAY_MCHID: "1230000109",
  WECHATPAY_MERCHANT_SERIAL: merchant.serialNo.toLowerCase(),
  WECHATPAY_PRIVATE_KEY: merchant.privateKeyPem,
  WECHATPAY_APIV3_KEY: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
};

function problem(source: Record<string, string>): string {
  try {
    parsePayEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("WECHATPAY_* (parsePayEnv)", () => {
  it("is off until WECHATPAY_MCHID is set, whatever else is there", () => {
    expect(parsePayEnv({ WECHATPAY_APIV3_KEY: "short" })).toBeUndefined();
    const env = parseEnv({ NODE_ENV: "development", WECHAT_APP_ID: "wx1", WECHAT_APP_SECRET: "s", WECHAT_TOKEN: "tok" });
    expect(env.pay).toBeUndefined();
  });

  it("reads a complete merchant: serial upper-cased, default API host, no public key", () => {
    expect(parsePayEnv(pay)).toMatchObject({
      mchid: "1230000109",
      merchantSerial: merchant.serialNo.toUpperCase(),
      apiV3Key: pay.WECHATPAY_APIV3_KEY,
      publicKey: undefined,
      apiBaseUrl: "https://api.mch.weixin.qq.com",
    });
  });

  it("accepts a PEM written on one line with literal \\n (hosting panels)", () => {
    const oneLine = merchant.privateKeyPem.trim().replace(/\n/g, "\\n");
    const publicOneLine = publicKeyMode.publicKeyPem.trim().replace(/\n/g, "\\n");
    const env = parsePayEnv({ ...pay, WECHATPAY_PRIVATE_KEY: oneLine, WECHATPAY_PUBLIC_KEY_ID: publicKeyMode.id, WECHATPAY_PUBLIC_KEY: publicOneLine });
    expect(env?.privateKey).toBe(merchant.privateKeyPem.trim());
    expect(env?.publicKey).toEqual({ id: publicKeyMode.id, pem: publicKeyMode.publicKeyPem.trim() });
  });

  it.each([
    [{ WECHATPAY_MERCHANT_SERIAL: undefined }, /^WECHATPAY_MERCHANT_SERIAL is required/],
    [{ WECHATPAY_MERCHANT_SERIAL: "ABC123" }, /^WECHATPAY_MERCHANT_SERIAL must be .*40 hex/],
    [{ WECHATPAY_PRIVATE_KEY: undefined }, /^WECHATPAY_PRIVATE_KEY is required/],
    [{ WECHATPAY_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----" }, /^WECHATPAY_PRIVATE_KEY is not a readable RSA private key/],
    [{ WECHATPAY_PRIVATE_KEY: "MIIEvQIBADAN" }, /^WECHATPAY_PRIVATE_KEY must be the PEM/],
    [{ WECHATPAY_APIV3_KEY: undefined }, /^WECHATPAY_APIV3_KEY is required/],
    [{ WECHATPAY_APIV3_KEY: "x".repeat(31) }, /^WECHATPAY_APIV3_KEY must be exactly 32 bytes/],
    [{ WECHATPAY_MCHID: "mch-1" }, /^WECHATPAY_MCHID must be the merchant number/],
    [{ WECHATPAY_PUBLIC_KEY_ID: publicKeyMode.id }, /^WECHATPAY_PUBLIC_KEY is required when WECHATPAY_PUBLIC_KEY_ID/],
    [{ WECHATPAY_PUBLIC_KEY: publicKeyMode.publicKeyPem }, /^WECHATPAY_PUBLIC_KEY_ID is required when WECHATPAY_PUBLIC_KEY/],
    [{ WECHATPAY_PUBLIC_KEY_ID: "PUB_KEY_X", WECHATPAY_PUBLIC_KEY: publicKeyMode.publicKeyPem }, /^WECHATPAY_PUBLIC_KEY_ID must look like/],
    [{ WECHATPAY_PUBLIC_KEY_ID: publicKeyMode.id, WECHATPAY_PUBLIC_KEY: "nope" }, /^WECHATPAY_PUBLIC_KEY must be the WeChat Pay public key/],
    [{ WECHATPAY_API_BASE_URL: "ftp://x" }, /^WECHATPAY_API_BASE_URL must be an absolute http\(s\) URL/],
  ])("stops on %o with one line naming the variable, never its value", (change, message) => {
    const source = { ...pay, ...change } as Record<string, string>;
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete source[k];
    const text = problem(source);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
    expect(text).not.toContain(pay.WECHATPAY_APIV3_KEY);
    expect(text).not.toContain("MIIE");
  });
});
