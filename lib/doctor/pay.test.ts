import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env-schema";
import { createPayFake } from "@/test/support/wechatpay-fake";
import { APIV3_KEY, merchant, publicKeyMode, signAnswer } from "@/test/support/wechatpay-fixtures";
import { checkPay } from "./pay";
import { formatReport } from "./report";
import { secretsOf } from "./run";

const source = {
  NODE_ENV: "production",
  WECHAT_APP_ID: merchant.appid,
  WECHAT_APP_SECRET: "s3cr3t-value-123",
  WECHAT_TOKEN: "token123",
  SESSION_PASSWORD: "p".repeat(32),
  APP_URL: "https://mp.example.com",
  ADMIN_TOKEN: "a".repeat(16),
  WECHATPAY_MCHID: merchant.mchid,
  WECHATPAY_MERCHANT_SERIAL: merchant.serialNo,
  WECHATPAY_PRIVATE_KEY: merchant.privateKeyPem,
  WECHATPAY_APIV3_KEY: APIV3_KEY,
  WECHATPAY_PUBLIC_KEY_ID: publicKeyMode.id,
  WECHATPAY_PUBLIC_KEY: publicKeyMode.publicKeyPem,
};
const PATH = "/v3/pay/transactions/out-trade-no/DOCTOR0PROBE0NOT0AN0ORDER";
const signer = { serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey };

function answer(status: number, json: unknown, sign = true) {
  const body = JSON.stringify(json);
  const headers = signAnswer(signer, body, { timestamp: Math.floor(Date.now() / 1000) });
  return { status, body, headers: sign ? headers : { ...headers, "Wechatpay-Signature": Buffer.alloc(256, 1).toString("base64") } };
}

async function run(reply: ReturnType<typeof answer>, over: Record<string, string> = {}) {
  const fake = createPayFake().on({ method: "GET", path: PATH, reply });
  const env = parseEnv({ ...source, ...over });
  const results = await checkPay(env, fake.fetch);
  return { results, fake, text: formatReport(results, secretsOf({ ...source, ...over })) };
}

describe("the doctor's WeChat Pay lines", () => {
  it("is skipped while WECHATPAY_MCHID is not set", async () => {
    const env = parseEnv({ ...source, WECHATPAY_MCHID: "" });
    expect(await checkPay(env, createPayFake().fetch)).toEqual([expect.objectContaining({ name: "wechat pay", status: "skip" })]);
  });

  it("ORDER_NOT_EXIST for the probe proves the signature is accepted and the answer verifies; reminds of 支付授权目录", async () => {
    const { results, fake } = await run(answer(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" }));
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["wechat pay", "ok"],
      ["pay notify url", "ok"],
      ["pay directory", "warn"],
    ]);
    expect(results[2]!.line).toContain("https://mp.example.com/shop/");
    expect(fake.requests[0]!.headers.authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1230000109"/);
  });

  it("explains SIGN_ERROR: the serial and the private key", async () => {
    const { results } = await run(answer(401, { code: "SIGN_ERROR", message: "签名错误" }));
    expect(results[0]).toMatchObject({ status: "fail", line: expect.stringContaining("WECHATPAY_MERCHANT_SERIAL") });
  });

  it("fails when WeChat Pay's answer does not verify with the configured public key", async () => {
    const { results } = await run(answer(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" }, false));
    expect(results[0]).toMatchObject({ status: "fail", line: expect.stringContaining("WECHATPAY_PUBLIC_KEY") });
  });

  it("requires an https notify URL in production, and never prints a key", async () => {
    const { results, text } = await run(answer(404, { code: "ORDER_NOT_EXIST", message: "x" }), { APP_URL: "http://mp.example.com" });
    expect(results.find((r) => r.name === "pay notify url")).toMatchObject({ status: "fail", line: expect.stringContaining("https") });
    expect(text).not.toContain(APIV3_KEY);
    expect(text).not.toContain(merchant.privateKeyPem.split("\n")[1]!);
  });
});
