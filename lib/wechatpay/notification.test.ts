import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { APIV3_KEY, certificateListBody, encryptResource, notificationBody, platform, publicKeyMode, signAnswer, vector, type WeChatPaySigner } from "../../test/support/wechatpay-fixtures";
import { NOTIFICATION_MAX_BYTES } from "./notification";
import { createMemoryPlatformCertificateStore } from "./platform-certificates";

const T1 = vector<{ plaintext: Record<string, unknown> }>("notification_plaintexts", "T1").plaintext;
const T2 = vector<{ plaintext: Record<string, unknown> }>("notification_plaintexts", "T2").plaintext;

function harness(overrides: Parameters<typeof createPayHarness>[0] = {}) {
  const h = createPayHarness(overrides);
  const now = () => Math.floor(h.clock.now() / 1000);
  const sign = (body: string, signer: WeChatPaySigner = platform, extra: { signature?: string; timestamp?: number } = {}) => signAnswer(signer, body, { timestamp: extra.timestamp ?? now(), signature: extra.signature });
  return { ...h, now, sign };
}

describe("a verified notification", () => {
  it("TRANSACTION.SUCCESS: the official example's transaction, decrypted and typed", async () => {
    const h = harness();
    const body = notificationBody(APIV3_KEY, "TRANSACTION.SUCCESS", T1);
    const result = await h.client.parseNotification(new Headers(h.sign(body)), Buffer.from(body));
    expect(result).toMatchObject({ ok: true, serial: platform.serial, mode: "certificate" });
    if (!result.ok || result.notification.kind !== "transaction") throw new Error("expected a transaction");
    expect(result.notification).toMatchObject({ id: "EV-2018022511223320873", event_type: "TRANSACTION.SUCCESS", summary: "支付成功" });
    expect(result.notification.transaction).toEqual(T1);
    expect(result.notification.transaction.amount?.total).toBe(100);
  });

  it("REFUND.SUCCESS / ABNORMAL / CLOSED: the refund, from a Node-style header record and a string body", async () => {
    const h = harness();
    for (const eventType of ["REFUND.SUCCESS", "REFUND.ABNORMAL", "REFUND.CLOSED"]) {
      const body = notificationBody(APIV3_KEY, eventType, T2, "refund");
      const lowerCased = Object.fromEntries(Object.entries(h.sign(body)).map(([k, v]) => [k.toLowerCase(), v]));
      const result = await h.client.parseNotification(lowerCased, body);
      if (!result.ok || result.notification.kind !== "refund") throw new Error(`expected a refund for ${eventType}`);
      expect(result.notification.event_type).toBe(eventType);
      expect(result.notification.refund).toEqual(T2);
    }
  });

  it("signed with the WeChat Pay public key, beside certificate-signed ones", async () => {
    const h = harness({ publicKey: { id: publicKeyMode.id, pem: publicKeyMode.publicKeyPem } });
    const body = notificationBody(APIV3_KEY, "TRANSACTION.SUCCESS", T1);
    const byKey = await h.client.parseNotification(h.sign(body, { serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey }), body);
    const byCertificate = await h.client.parseNotification(h.sign(body), body);
    expect([byKey.ok && byKey.mode, byCertificate.ok && byCertificate.mode]).toEqual(["public_key", "certificate"]);
  });

  it("of a type this toolkit does not handle: acknowledged as `other`, with its resource", async () => {
    const h = harness();
    const body = notificationBody(APIV3_KEY, "PAYSCORE.USER_OPEN_SERVICE", { state: "DONE" }, "payscore");
    expect(await h.client.parseNotification(h.sign(body), body)).toMatchObject({ ok: true, notification: { kind: "other", event_type: "PAYSCORE.USER_OPEN_SERVICE", resource: { state: "DONE" } } });
  });
});

describe("a refused notification says why, and never throws", () => {
  it("wechatpay-go's published notification: signature holds, but its 16-byte key is not AEAD_AES_256_GCM", async () => {
    const n = vector<{ headers: Record<string, string>; body: string }>("notification_signatures", "N1");
    const h = harness();
    h.clock.set(1624523846_000);
    expect(await h.client.parseNotification(n.headers, n.body)).toMatchObject({ ok: false, reason: "undecryptable" });
  });

  it("bad signature, stale, signature probe, missing headers", async () => {
    const h = harness();
    const body = notificationBody(APIV3_KEY, "TRANSACTION.SUCCESS", T1);
    const headers = h.sign(body);
    const reasons = await Promise.all([
      h.client.parseNotification(headers, body.replace('"summary":"支付成功"', '"summary":"支付失败"')),
      h.client.parseNotification(h.sign(body, platform, { timestamp: h.now() - 301 }), body),
      h.client.parseNotification(h.sign(body, platform, { signature: "WECHATPAY/SIGNTEST/YWJj" }), body),
      h.client.parseNotification({ "Wechatpay-Timestamp": headers["Wechatpay-Timestamp"]! }, body),
    ]);
    expect(reasons.map((r) => !r.ok && r.reason)).toEqual(["bad_signature", "stale_timestamp", "signtest", "missing_headers"]);
  });

  it("an unknown serial: one certificate download, then refused", async () => {
    const h = harness({ certificateStore: createMemoryPlatformCertificateStore() });
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => h.signed(200, JSON.parse(certificateListBody(APIV3_KEY, [{ serial: platform.serial, pem: platform.certificatePem }]))) });
    const body = notificationBody(APIV3_KEY, "TRANSACTION.SUCCESS", T1);
    const stranger = h.sign(body, { serial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", privateKey: platform.privateKey });
    expect(await h.client.parseNotification(stranger, body)).toMatchObject({ ok: false, reason: "unknown_serial" });
    expect(h.fake.requests).toHaveLength(1);
  });

  it("an unknown serial while WeChat Pay lists no certificates (404, a public-key-only merchant): refused, not retried", async () => {
    const h = harness({ certificateStore: createMemoryPlatformCertificateStore(), publicKey: { id: publicKeyMode.id, pem: publicKeyMode.publicKeyPem } });
    const signer = { serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey };
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => h.signed(404, { code: "NOT_FOUND", message: "无可用的平台证书" }, signer) });
    const body = notificationBody(APIV3_KEY, "TRANSACTION.SUCCESS", T1);
    const stranger = h.sign(body, { serial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", privateKey: platform.privateKey });
    expect(await h.client.parseNotification(stranger, body)).toMatchObject({ ok: false, reason: "unknown_serial" });
  });

  it("the certificate download failing is `unavailable` (answer 500: WeChat Pay retries)", async () => {
    const h = harness({ certificateStore: createMemoryPlatformCertificateStore() });
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: "network", times: 2 });
    const body = notificationBody(APIV3_KEY, "TRANSACTION.SUCCESS", T1);
    expect(await h.client.parseNotification(h.sign(body), body)).toMatchObject({ ok: false, reason: "unavailable" });
  });

  it("too large, before any verification", async () => {
    const h = harness();
    const body = `{"pad":"${"x".repeat(NOTIFICATION_MAX_BYTES)}"}`;
    expect(NOTIFICATION_MAX_BYTES).toBe(65536);
    expect(await h.client.parseNotification(h.sign(body), body)).toMatchObject({ ok: false, reason: "too_large" });
  });

  it("verified but malformed: not JSON, no resource, a transaction without out_trade_no, a resource that is not JSON", async () => {
    const h = harness();
    const missingField = { ...T1 } as Record<string, unknown>;
    delete missingField.out_trade_no;
    const envelope = { id: "EV-1", create_time: "2015-05-20T13:29:35+08:00", event_type: "TRANSACTION.SUCCESS" };
    const bodies = [
      "not json",
      JSON.stringify(envelope),
      notificationBody(APIV3_KEY, "TRANSACTION.SUCCESS", missingField),
      JSON.stringify({ ...envelope, resource: encryptResource(APIV3_KEY, "<xml>not json</xml>") }),
    ];
    for (const body of bodies) {
      expect(await h.client.parseNotification(h.sign(body), body)).toMatchObject({ ok: false, reason: "malformed" });
    }
  });

  it("survives arbitrary headers and bodies without throwing", async () => {
    const h = harness();
    for (let i = 0; i < 50; i++) {
      const body = randomBytes(i * 7);
      const headers = i % 2 ? h.sign(body.toString("latin1")) : { "Wechatpay-Serial": randomBytes(8).toString("hex"), "Wechatpay-Signature": randomBytes(i).toString("base64") };
      const result = await h.client.parseNotification(headers, body);
      expect(result.ok).toBe(false);
    }
  });
});
