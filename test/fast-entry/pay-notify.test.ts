/**
 * `npm start` answers WeChat Pay's notifications before Next, as it does the webhook: the pay
 * service (here over the memory store and the real client with the published test keys) behind
 * the fast entry on a real socket. Work past the response joins the pending list.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BUYER, createPayKit, type PayKit } from "../../lib/pay/testing/pay-test-kit";
import type { PayService } from "../../lib/pay/service";
import { createFastEntry, endpointRoute } from "../../server/fast-entry";
import { createPayNotifyEndpoint } from "../../server/pay-notify";
import { createPendingWork } from "../../server/pending-work";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

async function start(pay: PayService | null) {
  const pending = createPendingWork();
  const nextCalls: string[] = [];
  const next = (req: http.IncomingMessage, res: http.ServerResponse) => (nextCalls.push(req.url ?? ""), req.resume().on("end", () => res.end("from next")));
  const onError = () => ({ status: 500, headers: {}, body: "" });
  const server = http.createServer(
    createFastEntry({ routes: { "/api/pay/notify": endpointRoute(createPayNotifyEndpoint(() => pay), { pending, onError, next }) }, next }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pending, nextCalls };
}

async function unpaidOrder(kit: PayKit): Promise<string> {
  kit.harness.fake.on({ method: "POST", path: "/v3/pay/transactions/jsapi", reply: kit.harness.signed(200, { prepay_id: "wx201410272009395522657a690389285100" }) });
  return (await kit.service.createOrder(BUYER, "coffee")).outTradeNo;
}

describe("fast entry: /api/pay/notify", () => {
  it("applies a verified notification (204, empty), keeps the buyer's text as pending work, and refuses a forged one", async () => {
    const sent: string[] = [];
    const kit = createPayKit({ sendText: async (_openid, text) => void sent.push(text) });
    const outTradeNo = await unpaidOrder(kit);
    const { base, pending, nextCalls } = await start(kit.service);
    const n = kit.notification("TRANSACTION.SUCCESS", kit.paidTransaction(outTradeNo, 1990));
    const res = await fetch(`${base}/api/pay/notify`, { method: "POST", headers: n.headers, body: new Uint8Array(n.body) });
    expect([res.status, await res.text()]).toEqual([204, ""]);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await pending.drain(5000)).toBe(true);
    expect(sent).toEqual([expect.stringContaining("¥19.90")]);
    expect((await kit.store.findOrder(outTradeNo))?.status).toBe("SUCCESS");
    const forged = await fetch(`${base}/api/pay/notify`, { method: "POST", headers: { ...n.headers, "Wechatpay-Signature": Buffer.alloc(256, 3).toString("base64") }, body: new Uint8Array(n.body) });
    expect([forged.status, await forged.json()]).toEqual([401, { code: "FAIL", message: expect.any(String) }]);
    expect(nextCalls).toEqual([]);
  });

  it("refuses a body declared over 64 KiB without reading it, and other methods", async () => {
    const kit = createPayKit();
    const { base } = await start(kit.service);
    const big = await fetch(`${base}/api/pay/notify`, { method: "POST", body: "x".repeat(70 * 1024) });
    expect([big.status, (await big.json()).code]).toEqual([413, "FAIL"]);
    const get = await fetch(`${base}/api/pay/notify`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
  });

  it("hands the request to Next while pay is off", async () => {
    const { base, nextCalls } = await start(null);
    expect(await (await fetch(`${base}/api/pay/notify`, { method: "POST", body: "{}" })).text()).toBe("from next");
    expect(nextCalls).toEqual(["/api/pay/notify"]);
  });
});
