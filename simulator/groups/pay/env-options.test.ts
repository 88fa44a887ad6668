/** The CLI's SIM_PAY_* variables: off without SIM_PAY_MCHID, each required one named when missing, bad values refused. */
import { describe, expect, it } from "vitest";
import { payOptionsFromEnv } from "./env-options";

const base = { SIM_PAY_MCHID: "1900009191", SIM_PAY_MERCHANT_SERIAL: "5D7D8ADB081A5F96E3EE522562337487452C7058", SIM_PAY_MERCHANT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\\n…", SIM_PAY_APIV3_KEY: "0123456789abcdef0123456789abcdef" };

describe("payOptionsFromEnv", () => {
  it("is off without SIM_PAY_MCHID", () => {
    expect(payOptionsFromEnv({})).toBeUndefined();
  });

  it("reads the merchant, public-key mode and https-only by default", () => {
    expect(payOptionsFromEnv(base)).toEqual({ mchid: "1900009191", merchantSerial: base.SIM_PAY_MERCHANT_SERIAL, merchantPublicKey: base.SIM_PAY_MERCHANT_PUBLIC_KEY, apiV3Key: base.SIM_PAY_APIV3_KEY, mode: "public-key", allowHttpNotifyUrl: false });
  });

  it("reads the optional ones", () => {
    const options = payOptionsFromEnv({ ...base, SIM_PAY_MODE: "both", SIM_PAY_ALLOW_HTTP_NOTIFY: "1", SIM_PAY_TIME_SCALE: "0.01", SIM_PAY_REFUND_DELAY_MS: "500", SIM_PAY_SIGNTEST_EVERY: "0", SIM_PAY_MERCHANT_NAME: "示例小店", SIM_PAY_PUBLIC_KEY_ID: "PUB_KEY_ID_0100" });
    expect(options).toMatchObject({ mode: "both", allowHttpNotifyUrl: true, timeScale: 0.01, refundDelayMs: 500, signtestEvery: 0, merchantName: "示例小店", publicKeyId: "PUB_KEY_ID_0100" });
  });

  it("reads further bound AppIDs from SIM_PAY_APPIDS (a comma list)", () => {
    expect(payOptionsFromEnv({ ...base, SIM_PAY_APPIDS: "wx0de0000000000002, wx0de0000000000003," })).toMatchObject({ appIds: ["wx0de0000000000002", "wx0de0000000000003"] });
    expect(payOptionsFromEnv(base)).not.toHaveProperty("appIds");
  });

  it("names what is missing or wrong", () => {
    expect(payOptionsFromEnv({ ...base, SIM_PAY_APIV3_KEY: "" })).toMatch(/^SIM_PAY_APIV3_KEY is required/);
    expect(payOptionsFromEnv({ ...base, SIM_PAY_MODE: "legacy" })).toMatch(/^SIM_PAY_MODE must be one of/);
    expect(payOptionsFromEnv({ ...base, SIM_PAY_TIME_SCALE: "fast" })).toMatch(/^SIM_PAY_TIME_SCALE/);
  });
});
