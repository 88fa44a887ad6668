/**
 * Notifications as WeChat Pay sends them: signed like an answer, the resource sealed under the
 * APIv3 key, retried on the published schedule (scaled) until a 200/204 with the same id, dropped
 * or delayed on demand, retried now, replayed; SIGNTEST probes now and then; forgeries of each kind.
 */
import { describe, expect, it } from "vitest";
import { openResource, verifyWechatpaySignature } from "../../testing/pay-merchant";
import { control, getControl, placeOrder, sharedPaySimulator } from "../../testing/pay-support";

const f = sharedPaySimulator();

/** WeChat Pay's published retry schedule, in seconds. */
const SCHEDULE = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600];

async function pay(extra: Record<string, unknown> = {}): Promise<string> {
  const { body } = await placeOrder(f, extra);
  const paid = await control(f, `/__sim/pay/orders/${body.out_trade_no}/pay`);
  expect(paid.status).toBe(200);
  return String(body.out_trade_no);
}

async function publicKey(): Promise<string> {
  return (await getControl(f, "/__sim/pay/merchant")).json.publicKey as string;
}

type Envelope = { id: string; create_time: string; resource_type: string; event_type: string; summary: string; resource: { original_type: string; algorithm: string; ciphertext: string; nonce: string; associated_data: string } };

describe("TRANSACTION.SUCCESS", () => {
  it("is the documented envelope, signed over the raw body, its resource sealed under the APIv3 key", async () => {
    const no = await pay({ attach: "a=1" });
    const [notice] = await f.receiver.waitFor(1);
    expect(notice!.headers["content-type"]).toBe("application/json");
    expect(notice!.headers["wechatpay-serial"]).toBe(f.pay.merchant(f.merchant.mchid)?.publicKeyId);
    expect(notice!.headers["wechatpay-signature-type"]).toBe("WECHATPAY2-SHA256-RSA2048");
    expect(verifyWechatpaySignature(notice!.headers, notice!.body, await publicKey())).toBe(true);
    const envelope = JSON.parse(notice!.body) as Envelope;
    expect(Object.keys(envelope)).toEqual(["id", "create_time", "resource_type", "event_type", "summary", "resource"]);
    expect(envelope).toMatchObject({ resource_type: "encrypt-resource", event_type: "TRANSACTION.SUCCESS", summary: "支付成功" });
    expect(envelope.resource).toMatchObject({ original_type: "transaction", algorithm: "AEAD_AES_256_GCM", associated_data: "transaction" });
    expect(envelope.resource.nonce).toMatch(/^[A-Za-z0-9]{12}$/);
    const transaction = JSON.parse(openResource(f.merchant.apiV3Key, envelope.resource)) as Record<string, unknown>;
    expect(transaction).toMatchObject({ appid: f.sim.account.appId, mchid: f.merchant.mchid, out_trade_no: no, trade_state: "SUCCESS", attach: "a=1", payer: { openid: f.openid }, amount: { total: 1990, payer_total: 1990, currency: "CNY" } });
    expect(transaction.transaction_id).toBe(f.pay.book.order(f.merchant.mchid, no)?.transactionId);
  });

  it("is retried on the schedule until a 200 or 204, with the same id and body and fresh signature headers", async () => {
    await control(f, "/__sim/pay/merchant", { timeScale: 0.001 });
    f.receiver.script = [500, 401, 201, 200];
    await pay();
    const received = await f.receiver.waitFor(4);
    await f.pay.notifier.settle();
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(new Set(received.map((r) => r.headers["wechatpay-nonce"])).size).toBe(4);
    for (const r of received) expect(verifyWechatpaySignature(r.headers, r.body, await publicKey())).toBe(true);
    const [delivery] = (await getControl(f, "/__sim/pay/notifications")).json.notifications as Array<{ status: string; attempts: Array<{ status: number; retryInMs?: number; answer?: string }> }>;
    expect(delivery!.status).toBe("delivered");
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 401, 201, 200]);
    expect(delivery!.attempts.map((a) => a.retryInMs)).toEqual([15, 15, 30, undefined]);
    expect(delivery!.attempts[0]!.answer).toContain("FAIL");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(f.receiver.received).toHaveLength(4);
  });

  it("gives up after the fifteenth retry, having waited WeChat Pay's schedule between attempts", async () => {
    await control(f, "/__sim/pay/merchant", { timeScale: 0.00001 });
    f.receiver.status = 500;
    await pay();
    await f.receiver.waitFor(16, 10_000);
    await f.pay.notifier.settle();
    const [delivery] = f.pay.notifier.list();
    expect(delivery!.status).toBe("failed");
    expect(delivery!.attempts).toHaveLength(16);
    expect(delivery!.attempts.map((a) => a.retryInMs)).toEqual([...SCHEDULE.map((s) => s * 1000 * 0.00001), null]);
  });

  it("counts an unreachable notify URL as a failure, and a manual retry sends the next attempt now", async () => {
    await control(f, "/__sim/pay/merchant", { timeScale: 1 });
    f.receiver.script = [503];
    await pay();
    await f.receiver.waitFor(1);
    await f.pay.notifier.settle();
    const [delivery] = f.pay.notifier.list();
    expect(delivery).toMatchObject({ status: "pending", retriesUsed: 0 });
    expect(delivery!.nextAttemptAt).toBeGreaterThan(Date.now() + 10_000);
    const retried = await control(f, `/__sim/pay/notifications/${delivery!.id}/retry`);
    expect(retried.json).toMatchObject({ ok: true, attempt: { n: 2, trigger: "manual", status: 204 }, notification: { status: "delivered", retriesUsed: 1 } });
    expect((await control(f, `/__sim/pay/notifications/${delivery!.id}/retry`)).status).toBe(409);
    const dead = await placeOrder(f, { notify_url: "http://127.0.0.1:9/api/pay/notify" });
    await control(f, `/__sim/pay/orders/${dead.body.out_trade_no}/pay`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await f.pay.notifier.settle();
    const unreachable = f.pay.notifier.list().find((d) => d.outTradeNo === dead.body.out_trade_no);
    expect(unreachable?.attempts[0]).toMatchObject({ status: null, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(unreachable?.status).toBe("pending");
  });

  it("can be dropped (the order is still paid, for a query to find) and sent later by hand", async () => {
    await control(f, "/__sim/pay/merchant", { dropNotifications: true });
    const no = await pay();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(f.receiver.received).toHaveLength(0);
    const [delivery] = f.pay.notifier.list();
    expect(delivery!.status).toBe("dropped");
    expect(f.pay.book.order(f.merchant.mchid, no)?.tradeState).toBe("SUCCESS");
    await control(f, `/__sim/pay/notifications/${delivery!.id}/retry`);
    expect(f.receiver.received).toHaveLength(1);
    expect(f.pay.notifier.get(delivery!.id)?.status).toBe("delivered");
  });

  it("can be delayed", async () => {
    await control(f, "/__sim/pay/merchant", { notificationDelayMs: 400 });
    await pay();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(f.receiver.received).toHaveLength(0);
    await f.receiver.waitFor(1, 2000);
  });

  it("can be replayed: the same id and body again, signed afresh, the delivery staying delivered", async () => {
    await pay();
    await f.receiver.waitFor(1);
    await f.pay.notifier.settle();
    const [delivery] = f.pay.notifier.list();
    const replayed = await control(f, `/__sim/pay/notifications/${delivery!.id}/replay`);
    expect(replayed.json).toMatchObject({ ok: true, attempt: { trigger: "replay", status: 204 }, notification: { status: "delivered" } });
    expect(f.receiver.received).toHaveLength(2);
    expect(f.receiver.received[1]!.body).toBe(f.receiver.received[0]!.body);
    expect(f.receiver.received[1]!.headers["wechatpay-nonce"]).not.toBe(f.receiver.received[0]!.headers["wechatpay-nonce"]);
    expect(verifyWechatpaySignature(f.receiver.received[1]!.headers, f.receiver.received[1]!.body, await publicKey())).toBe(true);
  });
});

describe("SIGNTEST probes", () => {
  it("come before every n-th notification, carry WECHATPAY/SIGNTEST/ and are not retried; the app's acceptance is recorded", async () => {
    await control(f, "/__sim/pay/merchant", { signtestEvery: 2 });
    f.receiver.script = [204, 401, 204];
    await pay();
    await pay();
    const received = await f.receiver.waitFor(3);
    await f.pay.notifier.settle();
    const probes = received.filter((r) => r.headers["wechatpay-signature"]?.startsWith("WECHATPAY/SIGNTEST/"));
    expect(probes).toHaveLength(1);
    expect(verifyWechatpaySignature(probes[0]!.headers, probes[0]!.body, await publicKey())).toBe(false);
    const list = (await getControl(f, "/__sim/pay/notifications?kind=signtest")).json.notifications as Array<{ status: string; accepted: boolean; attempts: unknown[] }>;
    expect(list).toEqual([expect.objectContaining({ status: "sent", accepted: false, attempts: [expect.anything()] })]);
  });

  it("can be sent on demand, and says when the app accepted one", async () => {
    await pay();
    await f.receiver.waitFor(1);
    const probe = await control(f, "/__sim/pay/signtest", {});
    expect(probe.json).toMatchObject({ ok: true, notification: { kind: "signtest", accepted: true } });
    expect(f.receiver.received.at(-1)!.headers["wechatpay-signature"]).toMatch(/^WECHATPAY\/SIGNTEST\//);
  });
});

describe("forged notifications", () => {
  it("arrive once each, each wrong in its own way, and change nothing in WeChat Pay's records", async () => {
    const { body } = await placeOrder(f);
    const no = String(body.out_trade_no);
    const key = await publicKey();
    const sent: Record<string, { headers: Record<string, string>; body: string }> = {};
    for (const kind of ["forged", "tampered", "stale", "unknown-serial", "signtest", "undecryptable", "wrong-amount", "wrong-appid", "wrong-mchid"]) {
      const res = await control(f, "/__sim/pay/notifications/forge", { kind, outTradeNo: no });
      expect(res.json).toMatchObject({ ok: true, notification: { kind, status: "sent", accepted: true } });
      sent[kind] = f.receiver.received.at(-1)!;
    }
    const verifies = (kind: string): boolean => verifyWechatpaySignature(sent[kind]!.headers, sent[kind]!.body, key);
    const open = (kind: string): Record<string, unknown> => JSON.parse(openResource(f.merchant.apiV3Key, (JSON.parse(sent[kind]!.body) as Envelope).resource)) as Record<string, unknown>;
    expect([verifies("forged"), verifies("tampered"), verifies("unknown-serial"), verifies("signtest")]).toEqual([false, false, false, false]);
    expect(sent.forged!.headers["wechatpay-serial"]).toBe(f.pay.merchant(f.merchant.mchid)?.publicKeyId);
    expect(sent["unknown-serial"]!.headers["wechatpay-serial"]).toMatch(/^[0-9A-F]{40}$/);
    expect(verifies("stale")).toBe(true);
    expect(Number(sent.stale!.headers["wechatpay-timestamp"])).toBeLessThan(Date.now() / 1000 - 500);
    expect(verifies("undecryptable")).toBe(true);
    expect(() => open("undecryptable")).toThrow();
    expect([verifies("wrong-amount"), verifies("wrong-appid"), verifies("wrong-mchid")]).toEqual([true, true, true]);
    expect((open("wrong-amount").amount as { total: number }).total).toBe(1991);
    expect(open("wrong-appid").appid).not.toBe(f.sim.account.appId);
    expect(open("wrong-mchid").mchid).not.toBe(f.merchant.mchid);
    expect(open("tampered").amount).toMatchObject({ total: 1 });
    expect(f.pay.book.order(f.merchant.mchid, no)?.tradeState).toBe("NOTPAY");
    expect((await control(f, "/__sim/pay/notifications/forge", { kind: "nonsense", outTradeNo: no })).status).toBe(400);
  });
});
