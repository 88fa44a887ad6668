/**
 * `POST /__sim/pay/merchants`: a merchant registered at run time is played like the start-up
 * ones — its requests checked with its key, its answers signed with ITS WeChat Pay key, its
 * orders limited to the AppIDs bound to it, its pay sheet checking paySign with its key — and
 * kept across a reset; its state is its own (another merchant cannot see its orders).
 */
import { describe, expect, it } from "vitest";
import { callPay, makeTestMerchant, payParams, verifyWechatpaySignature } from "../../testing/pay-merchant";
import { control, getControl, orderBody, sharedPaySimulator } from "../../testing/pay-support";
import { APP_ID } from "../../testing/test-support";

const f = sharedPaySimulator();
const third = makeTestMerchant({ mchid: "1900000003", merchantName: "第二个号的小店" });
const registration = { ...third.options, appIds: [APP_ID] };

describe("a merchant registered at run time", () => {
  it("checks the body: required keys, AppIDs, a usable public key", async () => {
    expect((await control(f, "/__sim/pay/merchants", { mchid: "1900000003" })).status).toBe(400);
    expect((await control(f, "/__sim/pay/merchants", { ...registration, appIds: [] })).status).toBe(400);
    expect((await control(f, "/__sim/pay/merchants", { ...registration, merchantPublicKey: "nope" })).json.error).toMatch(/merchantPublicKey/);
  });

  it("answers its own orders with its own WeChat Pay key, for the AppIDs bound to it only, and keeps it across a reset", async () => {
    const made = await control(f, "/__sim/pay/merchants", registration);
    expect([201, 200]).toContain(made.status);
    const view = made.json.merchant as { mchid: string; appIds: string[]; publicKey: string; publicKeyId: string };
    expect(view).toMatchObject({ mchid: third.mchid, appIds: [APP_ID] });
    expect(JSON.stringify(made.json)).not.toMatch(/PRIVATE KEY/);
    expect(JSON.stringify(made.json)).not.toContain(third.apiV3Key);
    f.sim.state.reset();
    const body = orderBody(f, { appid: APP_ID, mchid: third.mchid });
    const res = await callPay(f.sim.url, third, "POST", "/v3/pay/transactions/jsapi", body);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("wechatpay-serial")).toBe(view.publicKeyId);
    expect(verifyWechatpaySignature(res.headers, res.text, view.publicKey)).toBe(true);
    // The start-up merchant's WeChat Pay key is not the one that signed it.
    const firstKey = String((await getControl(f, "/__sim/pay/merchant")).json.publicKey);
    expect(verifyWechatpaySignature(res.headers, res.text, firstKey)).toBe(false);
    // Only the AppIDs bound to it.
    const unbound = await callPay(f.sim.url, third, "POST", "/v3/pay/transactions/jsapi", orderBody(f, { appid: "wx9999999999999999", mchid: third.mchid }));
    expect(unbound.json?.code).toBe("APPID_MCHID_NOT_MATCH");
    // Its orders are its own: the first merchant does not know this one.
    const asFirst = await callPay(f.sim.url, f.merchant, "GET", `/v3/pay/transactions/out-trade-no/${body.out_trade_no as string}?mchid=${f.merchant.mchid}`);
    expect(asFirst.json?.code).toBe("ORDER_NOT_EXIST");
    // The pay sheet checks paySign with ITS key: the first merchant's signature is refused.
    const prepayId = String(res.json?.prepay_id);
    const wrong = await control(f, "/__sim/pay/bridge/request", { args: payParams(third, APP_ID, prepayId, { signer: f.merchant.privateKey }), url: "http://localhost:3000/shop" });
    expect(String(wrong.json.reason)).toMatch(/paySign/);
    const right = await control(f, "/__sim/pay/bridge/request", { args: payParams(third, APP_ID, prepayId), url: "http://localhost:3000/shop" });
    expect(right.json).toMatchObject({ ok: true, sheet: { merchantName: "第二个号的小店" } });
    expect((await getControl(f, "/__sim/pay/merchants")).json.merchants).toEqual(expect.arrayContaining([expect.objectContaining({ mchid: third.mchid, appIds: [APP_ID] })]));
  });
});
