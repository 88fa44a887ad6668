/**
 * WeChat Pay checks the merchant's Authorization on every call and signs every answer: through
 * HTTP with the tests' own merchant client (simulator/testing/pay-merchant.ts, node:crypto only).
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callPay, verifyWechatpaySignature } from "../../testing/pay-merchant";
import { getControl, orderBody, sharedPaySimulator } from "../../testing/pay-support";

const f = sharedPaySimulator();
const JSAPI = "/v3/pay/transactions/jsapi";

async function publicKey(): Promise<string> {
  return (await getControl(f, "/__sim/pay/merchant")).json.publicKey as string;
}

describe("the merchant's signature", () => {
  it("accepts a correctly signed order and signs its answer with the WeChat Pay public key", async () => {
    const res = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f));
    expect(res.status).toBe(200);
    expect(res.headers.get("Wechatpay-Serial")).toBe(f.pay.merchant(f.merchant.mchid)?.publicKeyId);
    expect(res.headers.get("Wechatpay-Signature-Type")).toBe("WECHATPAY2-SHA256-RSA2048");
    expect(verifyWechatpaySignature(res.headers, res.text, await publicKey())).toBe(true);
    expect(verifyWechatpaySignature(res.headers, `${res.text} `, await publicKey())).toBe(false);
  });

  it("refuses a missing or malformed Authorization with 401 SIGN_ERROR", async () => {
    const none = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { authorization: null });
    expect([none.status, none.json?.code]).toEqual([401, "SIGN_ERROR"]);
    const bearer = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { authorization: "Bearer abc" });
    expect([bearer.status, bearer.json?.code]).toEqual([401, "SIGN_ERROR"]);
  });

  it("refuses a signature by another key, and says what it verified (method, url, signed string)", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const res = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { signer: privateKey });
    expect([res.status, res.json?.code]).toEqual([401, "SIGN_ERROR"]);
    const info = (res.json?.detail as { sign_information: Record<string, unknown> }).sign_information;
    expect(info.method).toBe("POST");
    expect(info.url).toBe(JSAPI);
    expect(String(info.truncated_sign_message)).toMatch(/^POST\n\/v3\/pay\/transactions\/jsapi\n\d+\n[0-9A-F]{32}\n\{"appid"/);
    // Errors are signed too, by the merchant's WeChat Pay key.
    expect(verifyWechatpaySignature(res.headers, res.text, await publicKey())).toBe(true);
  });

  it("signs over the path with its query, exactly as sent", async () => {
    const placed = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f, { out_trade_no: "QUERY_PATH_01" }));
    expect(placed.status).toBe(200);
    const target = `/v3/pay/transactions/out-trade-no/QUERY_PATH_01?mchid=${f.merchant.mchid}`;
    expect((await callPay(f.sim.url, f.merchant, "GET", target)).status).toBe(200);
    const withoutQuery = await callPay(f.sim.url, f.merchant, "GET", target, undefined, { signPath: "/v3/pay/transactions/out-trade-no/QUERY_PATH_01" });
    expect([withoutQuery.status, withoutQuery.json?.code]).toEqual([401, "SIGN_ERROR"]);
  });

  it("refuses a body changed after signing", async () => {
    const body = orderBody(f);
    const changed = JSON.stringify({ ...body, amount: { total: 1, currency: "CNY" } });
    const res = await callPay(f.sim.url, f.merchant, "POST", JSAPI, body, { sendBody: changed });
    expect([res.status, res.json?.code]).toEqual([401, "SIGN_ERROR"]);
    expect(f.pay.book.allOrders()).toEqual([]);
  });

  it("refuses an unknown serial_no (401) and an unknown mchid (400 MCH_NOT_EXISTS, unsigned: no merchant to sign for)", async () => {
    const serial = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { serial: "0".repeat(40) });
    expect([serial.status, serial.json?.code]).toEqual([401, "SIGN_ERROR"]);
    const mchid = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { mchid: "1234567890" });
    expect([mchid.status, mchid.json?.code]).toEqual([400, "MCH_NOT_EXISTS"]);
    expect(mchid.headers.get("Wechatpay-Signature")).toBeNull();
  });

  it("refuses a timestamp more than five minutes off, either way", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 301, now + 301]) {
      const res = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { timestamp });
      expect([res.status, res.json?.code]).toEqual([401, "SIGN_ERROR"]);
    }
    expect((await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { timestamp: now - 250 })).status).toBe(200);
  });

  it("counts and logs each call under WeChat Pay's own path name, with the code it answered", async () => {
    await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { serial: "0".repeat(40) });
    expect(f.sim.state.calls["v3/pay/transactions/jsapi"]).toBe(1);
    expect(f.sim.state.apiLog.at(-1)).toMatchObject({ endpoint: "v3/pay/transactions/jsapi", status: 401, code: "SIGN_ERROR" });
  });
});
