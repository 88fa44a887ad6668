import { describe, expect, it } from "vitest";
import { createPayFake } from "@/test/support/wechatpay-fake";
import { APIV3_KEY, merchant, publicKeyMode, signAnswer } from "@/test/support/wechatpay-fixtures";
import { checkMerchant, type MerchantToCheck } from "./merchant";

const PATH = "/v3/pay/transactions/out-trade-no/DOCTOR0PROBE0NOT0AN0ORDER";
const signer = { serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey };
const own: MerchantToCheck = {
  mchid: merchant.mchid,
  merchantSerial: merchant.serialNo,
  privateKey: merchant.privateKeyPem,
  apiV3Key: APIV3_KEY,
  publicKey: { id: publicKeyMode.id, pem: publicKeyMode.publicKeyPem },
};
const NOTIFY = `https://mp.example.com/api/pay/notify/${merchant.mchid}`;

function answer(status: number, json: unknown, sign = true) {
  const body = JSON.stringify(json);
  const headers = signAnswer(signer, body, { timestamp: Math.floor(Date.now() / 1000) });
  return { status, body, headers: sign ? headers : { ...headers, "Wechatpay-Signature": Buffer.alloc(256, 1).toString("base64") } };
}

async function run(m: MerchantToCheck, reply?: ReturnType<typeof answer>) {
  const fake = createPayFake();
  if (reply) fake.on({ method: "GET", path: PATH, reply });
  const results = await checkMerchant(m, { appId: "wx0de0000000000002", apiBaseUrl: "https://api.mch.weixin.qq.com", notifyUrl: NOTIFY, fetch: fake.fetch, timeoutMs: 1000 });
  return { results, fake };
}

describe("an account's own merchant, checked as the doctor checks the env's", () => {
  it("ORDER_NOT_EXIST for the probe, signed with the merchant's key and verified: ok, with its notify URL", async () => {
    const { results, fake } = await run(own, answer(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" }));
    expect(results[0]).toMatchObject({ status: "ok", line: expect.stringContaining(`商户号 ${merchant.mchid}`) });
    expect(fake.requests[0]?.headers.authorization).toContain(`mchid="${merchant.mchid}"`);
    expect(results[1]?.line).toContain(NOTIFY);
  });

  it("explains SIGN_ERROR in Chinese: the serial and the private key of the same certificate", async () => {
    const { results } = await run(own, answer(401, { code: "SIGN_ERROR", message: "签名错误" }));
    expect(results[0]).toMatchObject({ status: "fail", line: expect.stringMatching(/不接受.*签名.*序列号.*私钥/) });
  });

  it("says the answer did not verify when the public key is another merchant's", async () => {
    const { results } = await run(own, answer(404, { code: "ORDER_NOT_EXIST", message: "x" }, false));
    expect(results[0]).toMatchObject({ status: "fail", line: expect.stringContaining("验签失败") });
  });

  it.each([
    ["a short serial", { merchantSerial: "ABC" }, /序列号/],
    ["a key that does not load", { privateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----" }, /商户私钥/],
    ["an APIv3 key of 31", { apiV3Key: "x".repeat(31) }, /APIv3/],
    ["a bad public key id", { publicKey: { id: "PUB_1", pem: publicKeyMode.publicKeyPem } }, /公钥 ID/],
    ["a public key that does not load", { publicKey: { id: publicKeyMode.id, pem: "nope" } }, /微信支付公钥无法读取/],
  ])("refuses %s before any call", async (_what, change, line) => {
    const { results, fake } = await run({ ...own, ...change });
    expect(results[0]).toMatchObject({ status: "fail", line: expect.stringMatching(line) });
    expect(fake.requests).toEqual([]);
  });
});
