/**
 * `npm start` answers an account merchant's notifications (`/api/pay/notify/{mchid}`) before
 * Next too: the merchant found by the path's last segment; an unknown one is a 404
 * `{ code: "FAIL" }` (never a 500) while pay is on, and Next's while it is off.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BUYER, createPayKit, type PayKit } from "../../lib/pay/testing/pay-test-kit";
import type { PayService } from "../../lib/pay/service";
import { createFastEntry } from "../../server/fast-entry";
import { merchantNotifyRoute } from "../../server/pay-notify";
import { createPendingWork } from "../../server/pending-work";
import { merchant } from "../support/wechatpay-fixtures";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

async function start(services: Record<string, PayService>, payOn = true) {
  const pending = createPendingWork();
  const nextCalls: string[] = [];
  const looked: string[] = [];
  const next = (req: http.IncomingMessage, res: http.ServerResponse) => (nextCalls.push(req.url ?? ""), req.resume().on("end", () => res.end("from next")));
  const onError = () => ({ status: 500, headers: {}, body: "" });
  const lookup = async (mchid: string) => (looked.push(mchid), services[mchid] ?? null);
  const route = merchantNotifyRoute({ payOn: () => payOn, lookup, pending, onError, next });
  const server = http.createServer(createFastEntry({ routes: {}, prefixRoutes: { "/api/pay/notify/": route }, next }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pending, nextCalls, looked };
}

async function unpaidOrder(kit: PayKit): Promise<string> {
  kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: "wx201410272009395522657a690389285100" }) });
  return (await kit.service.createOrder(BUYER, "coffee")).outTradeNo;
}

describe("fast entry: /api/pay/notify/{mchid}", () => {
  it("gives the notification to that merchant's service (204), and a forged one 401", async () => {
    const kit = createPayKit();
    const outTradeNo = await unpaidOrder(kit);
    const { base, pending, nextCalls, looked } = await start({ [merchant.mchid]: kit.service });
    const n = kit.notification("TRANSACTION.SUCCESS", kit.paidTransaction(outTradeNo, 1990));
    const res = await fetch(`${base}/api/pay/notify/${merchant.mchid}`, { method: "POST", headers: n.headers, body: new Uint8Array(n.body) });
    expect([res.status, await res.text()]).toEqual([204, ""]);
    expect(await pending.drain(5000)).toBe(true);
    expect((await kit.store.findOrder(outTradeNo))?.status).toBe("SUCCESS");
    const forged = await fetch(`${base}/api/pay/notify/${merchant.mchid}`, { method: "POST", headers: { ...n.headers, "Wechatpay-Signature": Buffer.alloc(256, 3).toString("base64") }, body: new Uint8Array(n.body) });
    expect([forged.status, (await forged.json()).code]).toEqual([401, "FAIL"]);
    expect(looked).toEqual([merchant.mchid, merchant.mchid]);
    expect(nextCalls).toEqual([]);
  });

  it("answers 404 FAIL for a merchant it does not have, without reading the body", async () => {
    const { base, nextCalls } = await start({});
    const res = await fetch(`${base}/api/pay/notify/1999999999`, { method: "POST", body: "{}" });
    expect([res.status, await res.json()]).toEqual([404, { code: "FAIL", message: "unknown merchant" }]);
    expect(nextCalls).toEqual([]);
  });

  it("hands the request to Next while pay is off", async () => {
    const { base, nextCalls, looked } = await start({}, false);
    expect(await (await fetch(`${base}/api/pay/notify/1900000002`, { method: "POST", body: "{}" })).text()).toBe("from next");
    expect([nextCalls, looked]).toEqual([["/api/pay/notify/1900000002"], []]);
  });
});
