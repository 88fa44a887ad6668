/**
 * One merchant, several accounts (关联AppID): each account's pay service places orders for its
 * own AppID (in the order, the stored record and the JSAPI paySign); the one notify URL's
 * service fulfils an order through the account the order was placed for, and refuses a
 * transaction whose appid is not the order's; the console lists one account's orders.
 */
import { verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { merchant } from "@/test/support/wechatpay-fixtures";
import { createMemoryPayStore } from "./memory-store";
import { BUYER, createPayKit, type PayKit } from "./testing/pay-test-kit";

const SECOND = "wx0de0000000000002";
const PREPAY = "wx201410272009395522657a690389285100";

function twoAccounts(): { first: PayKit; second: PayKit } {
  const store = createMemoryPayStore();
  const second = createPayKit({ store, appId: SECOND });
  // Each kit numbers its orders from 1: a second later, the two never share an out_trade_no.
  second.harness.clock.advance(1000);
  return { first: createPayKit({ store }), second };
}

async function placeOrder(kit: PayKit) {
  kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: PREPAY }) });
  return kit.service.createOrder(BUYER, "coffee");
}

describe("several accounts under one merchant", () => {
  it("places the second account's order for its own AppID, with the same merchant, and signs paySign with it", async () => {
    const { second } = twoAccounts();
    const created = await placeOrder(second);
    const [req] = second.harness.fake.requests;
    expect(JSON.parse(req!.body.toString())).toMatchObject({ appid: SECOND, mchid: merchant.mchid, out_trade_no: created.outTradeNo });
    expect((await second.store.findOrder(created.outTradeNo))?.appId).toBe(SECOND);
    const p = created.payParams;
    expect(p.appId).toBe(SECOND);
    const signed = Buffer.from(`${SECOND}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`);
    expect(verify("sha256", signed, merchant.certificate.publicKey, Buffer.from(p.paySign, "base64"))).toBe(true);
  });

  it("fulfils through the order's account when the one notify URL's (default) service takes the notification", async () => {
    const { first, second } = twoAccounts();
    const created = await placeOrder(second);
    const n = first.notification("TRANSACTION.SUCCESS", first.paidTransaction(created.outTradeNo, 1990, { appid: SECOND }));
    expect((await first.service.notify(n.headers, n.body)).status).toBe(204);
    await first.drain();
    expect(first.texts).toEqual([{ openid: BUYER, text: expect.stringContaining(created.outTradeNo) }]);
    expect(first.textAccounts).toEqual([SECOND]);
    expect((await first.store.findOrder(created.outTradeNo))?.status).toBe("SUCCESS");
  });

  it("does not take a transaction for another AppID as the order's payment", async () => {
    const { first, second } = twoAccounts();
    const created = await placeOrder(second);
    const n = first.notification("TRANSACTION.SUCCESS", first.paidTransaction(created.outTradeNo, 1990, { appid: merchant.appid }));
    await first.service.notify(n.headers, n.body);
    await first.drain();
    expect((await first.store.findOrder(created.outTradeNo))?.status).toBe("NOTPAY");
    expect(first.texts).toEqual([]);
    expect(first.logs.some((l) => l.level === "error" && /does not match/.test(l.message))).toBe(true);
  });

  it("lists each account's own orders for the console", async () => {
    const { first, second } = twoAccounts();
    const mine = await placeOrder(first);
    const theirs = await placeOrder(second);
    const listed = async (kit: PayKit) => (await kit.service.listOrders(new URLSearchParams())).items.map((o) => o.outTradeNo);
    expect(await listed(first)).toEqual([mine.outTradeNo]);
    expect(await listed(second)).toEqual([theirs.outTradeNo]);
  });
});
