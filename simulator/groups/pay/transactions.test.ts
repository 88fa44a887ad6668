/** JSAPI orders, queries and closing, with WeChat Pay's validation and idempotency rules, through HTTP. */
import { describe, expect, it } from "vitest";
import { callPay } from "../../testing/pay-merchant";
import { control, orderBody, placeOrder, sharedPaySimulator } from "../../testing/pay-support";
import { beijingTime } from "./pay-time";

const f = sharedPaySimulator();
const JSAPI = "/v3/pay/transactions/jsapi";
const order = (body: Record<string, unknown>): ReturnType<typeof callPay> => callPay(f.sim.url, f.merchant, "POST", JSAPI, body);
const query = (no: string, mchid = f.merchant.mchid): ReturnType<typeof callPay> =>
  callPay(f.sim.url, f.merchant, "GET", `/v3/pay/transactions/out-trade-no/${no}?mchid=${mchid}`);

describe("placing an order", () => {
  it("answers a prepay_id, and the order is NOTPAY with nothing paid", async () => {
    const { prepayId, body } = await placeOrder(f);
    expect(prepayId).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    const q = await query(String(body.out_trade_no));
    expect(q.status).toBe(200);
    expect(q.json).toMatchObject({ trade_state: "NOTPAY", out_trade_no: body.out_trade_no, amount: { total: 1990 }, payer: {} });
    expect(q.json?.transaction_id).toBeUndefined();
  });

  it.each([
    ["out_trade_no too short", { out_trade_no: "12345" }, "/out_trade_no"],
    ["out_trade_no too long", { out_trade_no: "A".repeat(33) }, "/out_trade_no"],
    ["out_trade_no with a space", { out_trade_no: "ABC 12345" }, "/out_trade_no"],
    ["description over 127 bytes", { description: "咖".repeat(43) }, "/description"],
    ["no description", { description: undefined }, "/description"],
    ["a zero amount", { amount: { total: 0, currency: "CNY" } }, "/amount/total"],
    ["a fractional amount", { amount: { total: 19.9, currency: "CNY" } }, "/amount/total"],
    ["an amount as a string", { amount: { total: "1990" } }, "/amount/total"],
    ["a currency other than CNY", { amount: { total: 100, currency: "USD" } }, "/amount/currency"],
    ["a notify_url with a query", { notify_url: "https://shop.example.com/notify?x=1" }, "/notify_url"],
    ["a relative notify_url", { notify_url: "/api/pay/notify" }, "/notify_url"],
    ["no payer", { payer: undefined }, "/payer/openid"],
    ["a malformed time_expire", { time_expire: "2030-01-01 10:00:00" }, "/time_expire"],
    ["a time_expire in the past", { time_expire: beijingTime(Date.now() - 60_000) }, "/time_expire"],
    ["attach over 128 bytes", { attach: "x".repeat(129) }, "/attach"],
  ])("refuses %s with 400 PARAM_ERROR naming the field", async (_what, change, field) => {
    const res = await order(orderBody(f, change));
    expect(res.status).toBe(400);
    expect(res.json?.code).toBe("PARAM_ERROR");
    expect((res.json?.detail as { field?: string }).field).toBe(field);
  });

  it("accepts the edges: 6 and 32 characters of [0-9A-Za-z_-|*], 127 bytes, 1 fen", async () => {
    for (const change of [{ out_trade_no: "a_-|*6" }, { out_trade_no: "Z".repeat(32) }, { description: "咖".repeat(42) + "a" }, { amount: { total: 1 } }]) {
      expect((await order(orderBody(f, change))).status).toBe(200);
    }
  });

  it("wants https for notify_url unless the merchant allows http (the local demo)", async () => {
    await control(f, "/__sim/pay/merchant", { allowHttpNotifyUrl: false });
    const http = await order(orderBody(f));
    expect([http.status, http.json?.code]).toEqual([400, "PARAM_ERROR"]);
    expect((await order(orderBody(f, { notify_url: "https://shop.example.com/api/pay/notify" }))).status).toBe(200);
  });

  it("charges only the merchant's bound appid and a user of that account", async () => {
    const appid = await order(orderBody(f, { appid: "wx9999999999999999" }));
    expect([appid.status, appid.json?.code]).toEqual([400, "APPID_MCHID_NOT_MATCH"]);
    const stranger = await order(orderBody(f, { payer: { openid: "oStrangerNotAUserOfThisAccount1" } }));
    expect([stranger.status, stranger.json?.code]).toEqual([400, "PARAM_ERROR"]);
  });

  it("charges every AppID bound to the merchant (关联AppID) and only those; a reset unbinds the ones bound at run time", async () => {
    const second = f.sim.state.addAccount({ appId: "wx0de0000000000077", appSecret: "s".repeat(32), token: "tok77", followers: 2 });
    const buyer = second.users.all[0]?.openid ?? "";
    const body = (): Record<string, unknown> => orderBody(f, { appid: second.appId, payer: { openid: buyer } });
    expect((await order(body())).json?.code).toBe("APPID_MCHID_NOT_MATCH");
    expect((await control(f, "/__sim/pay/appids", { appId: "not-an-appid" })).status).toBe(400);
    expect((await control(f, "/__sim/pay/appids", { appId: second.appId })).json).toEqual({ ok: true, appIds: [f.sim.account.appId, second.appId] });
    const placed = await order(body());
    expect(placed.status).toBe(200);
    expect(typeof placed.json?.prepay_id).toBe("string");
    expect((await order(orderBody(f))).status).toBe(200);
    expect((await control(f, "/__sim/pay/appids", { mchid: f.other.mchid, appId: second.appId })).json?.appIds).toContain(second.appId);
    f.sim.state.reset();
    f.sim.state.addAccount({ appId: second.appId, appSecret: "s".repeat(32), token: "tok77", followers: 2 });
    expect(f.pay.merchant()?.appIds).toEqual([f.sim.account.appId]);
  });

  it("refuses a body mchid other than the signer's: PARAM_ERROR for another merchant, MCH_NOT_EXISTS for none", async () => {
    const other = await order(orderBody(f, { mchid: f.other.mchid }));
    expect([other.status, other.json?.code]).toEqual([400, "PARAM_ERROR"]);
    const none = await order(orderBody(f, { mchid: "1000000009" }));
    expect([none.status, none.json?.code]).toEqual([400, "MCH_NOT_EXISTS"]);
  });

  it("gives the same prepay_id for the same out_trade_no and parameters, INVALID_REQUEST for others", async () => {
    const { body, prepayId } = await placeOrder(f);
    const again = await order(body);
    expect(again.json?.prepay_id).toBe(prepayId);
    const changed = await order({ ...body, amount: { total: 1, currency: "CNY" } });
    expect([changed.status, changed.json?.code]).toEqual([400, "INVALID_REQUEST"]);
    expect(f.pay.book.allOrders()).toHaveLength(1);
  });

  it("answers ORDERPAID for an order already paid, ORDER_CLOSED for a closed one", async () => {
    const paid = await placeOrder(f);
    await control(f, `/__sim/pay/orders/${paid.body.out_trade_no}/pay`);
    const again = await order(paid.body);
    expect([again.status, again.json?.code]).toEqual([403, "ORDERPAID"]);
    const closed = await placeOrder(f);
    await callPay(f.sim.url, f.merchant, "POST", `/v3/pay/transactions/out-trade-no/${closed.body.out_trade_no}/close`, { mchid: f.merchant.mchid });
    const reopened = await order(closed.body);
    expect([reopened.status, reopened.json?.code]).toEqual([400, "ORDER_CLOSED"]);
  });

  it("answers malformed JSON with PARAM_ERROR", async () => {
    const res = await callPay(f.sim.url, f.merchant, "POST", JSAPI, "{not json");
    expect([res.status, res.json?.code]).toEqual([400, "PARAM_ERROR"]);
  });
});

describe("querying", () => {
  it("answers an unknown order with 404 ORDER_NOT_EXIST, and needs the caller's own mchid", async () => {
    const missing = await query("NO_SUCH_ORDER_1");
    expect([missing.status, missing.json?.code]).toEqual([404, "ORDER_NOT_EXIST"]);
    const { body } = await placeOrder(f);
    const other = await query(String(body.out_trade_no), f.other.mchid);
    expect([other.status, other.json?.code]).toEqual([400, "PARAM_ERROR"]);
    const noMchid = await callPay(f.sim.url, f.merchant, "GET", `/v3/pay/transactions/out-trade-no/${body.out_trade_no}`);
    expect([noMchid.status, noMchid.json?.code]).toEqual([400, "PARAM_ERROR"]);
  });

  it("shows a paid order by out_trade_no and by transaction_id alike, with payer, attach and success_time", async () => {
    const { body } = await placeOrder(f, { attach: "cart=42" });
    await control(f, `/__sim/pay/orders/${body.out_trade_no}/pay`);
    const byNo = await query(String(body.out_trade_no));
    expect(byNo.json).toMatchObject({ trade_state: "SUCCESS", trade_type: "JSAPI", attach: "cart=42", payer: { openid: f.openid }, amount: { total: 1990, payer_total: 1990, currency: "CNY" } });
    expect(String(byNo.json?.transaction_id)).toMatch(/^4200\d{24}$/);
    expect(String(byNo.json?.success_time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const byId = await callPay(f.sim.url, f.merchant, "GET", `/v3/pay/transactions/id/${byNo.json?.transaction_id}?mchid=${f.merchant.mchid}`);
    expect(byId.json).toEqual(byNo.json);
    const unknownId = await callPay(f.sim.url, f.merchant, "GET", `/v3/pay/transactions/id/4200000000000000000000000000?mchid=${f.merchant.mchid}`);
    expect(unknownId.status).toBe(404);
  });

  it("shows PAYERROR after a failed payment", async () => {
    const { body } = await placeOrder(f);
    await control(f, `/__sim/pay/orders/${body.out_trade_no}/fail`);
    expect((await query(String(body.out_trade_no))).json?.trade_state).toBe("PAYERROR");
  });

  it("honours time_expire: past it, the order is CLOSED and cannot be paid", async () => {
    const { body } = await placeOrder(f, { time_expire: beijingTime(Date.now() + 1500) });
    expect((await query(String(body.out_trade_no))).json?.trade_state).toBe("NOTPAY");
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await query(String(body.out_trade_no))).json?.trade_state).toBe("CLOSED");
    expect((await control(f, `/__sim/pay/orders/${body.out_trade_no}/pay`)).status).toBe(409);
  });
});

describe("closing", () => {
  it("closes an unpaid order with 204 (signed, empty body), again 204; a paid one is ORDERPAID", async () => {
    const { body } = await placeOrder(f);
    const path = `/v3/pay/transactions/out-trade-no/${body.out_trade_no}/close`;
    const closed = await callPay(f.sim.url, f.merchant, "POST", path, { mchid: f.merchant.mchid });
    expect([closed.status, closed.text]).toEqual([204, ""]);
    expect(closed.headers.get("Wechatpay-Signature")).toBeTruthy();
    expect((await callPay(f.sim.url, f.merchant, "POST", path, { mchid: f.merchant.mchid })).status).toBe(204);
    expect((await query(String(body.out_trade_no))).json?.trade_state).toBe("CLOSED");
    const paid = await placeOrder(f);
    await control(f, `/__sim/pay/orders/${paid.body.out_trade_no}/pay`);
    const refused = await callPay(f.sim.url, f.merchant, "POST", `/v3/pay/transactions/out-trade-no/${paid.body.out_trade_no}/close`, { mchid: f.merchant.mchid });
    expect([refused.status, refused.json?.code]).toEqual([403, "ORDERPAID"]);
    const unknown = await callPay(f.sim.url, f.merchant, "POST", "/v3/pay/transactions/out-trade-no/NOPE_123456/close", { mchid: f.merchant.mchid });
    expect([unknown.status, unknown.json?.code]).toEqual([404, "ORDER_NOT_EXIST"]);
  });
});
