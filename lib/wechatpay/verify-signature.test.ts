import { createPublicKey } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { platform, publicKeyMode, signAnswer, vector } from "../../test/support/wechatpay-fixtures";
import { createKeyResolver } from "./key-resolver";
import { createMemoryPlatformCertificateStore, type PlatformCertificate } from "./platform-certificates";
import { readSignatureHeaders, verifySignedMessage, type KeyLookup } from "./verify-signature";

const T = 1_700_000_000; // seconds
const platformCert: PlatformCertificate = { serialNo: platform.serial, pem: platform.certificatePem, effectiveTime: "", expireTime: "" };
const body = '{"prepay_id":"wx201410272009395522657a690389285100"}';

function setup(options: { withPublicKey?: boolean; stored?: PlatformCertificate[]; onRefresh?: () => PlatformCertificate[] } = {}) {
  const store = createMemoryPlatformCertificateStore(options.stored ?? [platformCert]);
  let now = T * 1000;
  const refresh = vi.fn(async () => {
    const found = options.onRefresh?.() ?? [];
    await store.saveAll(found);
    return found;
  });
  const resolver = createKeyResolver({
    publicKey: options.withPublicKey ? { id: publicKeyMode.id, key: createPublicKey(publicKeyMode.publicKeyPem) } : undefined,
    store,
    refresh,
    clock: () => now,
    minRefetchIntervalMs: 60_000,
  });
  const check = (headers: Record<string, string>, payload: string = body) => verifySignedMessage(readSignatureHeaders(headers), payload, resolver.lookup, now);
  return { store, refresh, resolver, check, advance: (ms: number) => (now += ms) };
}

describe("answer verification", () => {
  it("accepts wechatpay-go's published notification with its certificate (timestamp 1624523846)", async () => {
    const n = vector<{ headers: Record<string, string>; body: string }>("notification_signatures", "N1");
    const lookup: KeyLookup = async (serial) => (serial === platform.serial ? { key: createPublicKey(platform.certificatePem), mode: "certificate" } : null);
    expect(await verifySignedMessage(readSignatureHeaders(n.headers), n.body, lookup, 1624523846_000)).toEqual({ ok: true, serial: "D7CE59D1F522D701", mode: "certificate" });
    const tampered = n.body.replace("签约成功", "签约失败");
    expect(await verifySignedMessage(readSignatureHeaders(n.headers), tampered, lookup, 1624523846_000)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("accepts a good answer and refuses a tampered body", async () => {
    const { check } = setup();
    const headers = signAnswer(platform, body, { timestamp: T });
    expect(await check(headers)).toEqual({ ok: true, serial: platform.serial, mode: "certificate" });
    expect(await check(headers, body.replace("2009", "2010"))).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses a signature made with another key than the one its serial names", async () => {
    const { check } = setup({ stored: [platformCert, { serialNo: publicKeyMode.certificateSerial, pem: publicKeyMode.certificatePem, effectiveTime: "", expireTime: "" }] });
    const forged = signAnswer({ serial: publicKeyMode.certificateSerial, privateKey: platform.privateKey }, body, { timestamp: T });
    expect(await check(forged)).toMatchObject({ ok: false, reason: "bad_signature", serial: publicKeyMode.certificateSerial });
  });

  it("refuses a timestamp more than 5 minutes off either way, accepts one at the limit", async () => {
    const { check } = setup();
    expect(await check(signAnswer(platform, body, { timestamp: T - 301 }))).toMatchObject({ ok: false, reason: "stale_timestamp" });
    expect(await check(signAnswer(platform, body, { timestamp: T + 301 }))).toMatchObject({ ok: false, reason: "stale_timestamp" });
    expect(await check(signAnswer(platform, body, { timestamp: T - 300 }))).toMatchObject({ ok: true });
    expect(await check({ ...signAnswer(platform, body, { timestamp: T }), "Wechatpay-Timestamp": "17e8" })).toMatchObject({ ok: false, reason: "stale_timestamp" });
  });

  it("fails a WECHATPAY/SIGNTEST/ probe before looking any key up", async () => {
    const { check, refresh } = setup({ stored: [] });
    const probe = signAnswer({ serial: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", privateKey: platform.privateKey }, body, { timestamp: T, signature: "WECHATPAY/SIGNTEST/Zm9vYmFy" });
    expect(await check(probe)).toMatchObject({ ok: false, reason: "signtest" });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("refuses an answer with a signature header missing", async () => {
    const { check } = setup();
    const headers = signAnswer(platform, body, { timestamp: T });
    for (const name of ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial", "Wechatpay-Signature"]) {
      const { [name]: _dropped, ...rest } = headers;
      expect(await check(rest)).toEqual({ ok: false, reason: "missing_headers" });
    }
  });
});

describe("an unknown serial", () => {
  it("downloads the certificates once, shared by concurrent answers, then fails; not again within the interval", async () => {
    const { check, refresh, advance } = setup({ stored: [] });
    const unknown = signAnswer({ serial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", privateKey: platform.privateKey }, body, { timestamp: T });
    const results = await Promise.all([check(unknown), check(unknown), check(unknown)]);
    expect(results.map((r) => r.ok || r.reason)).toEqual(["unknown_serial", "unknown_serial", "unknown_serial"]);
    expect(refresh).toHaveBeenCalledTimes(1);
    const another = signAnswer({ serial: "50062CE505775F070CAB06E697F1BBD1AD4F4D87", privateKey: platform.privateKey }, body, { timestamp: T });
    expect(await check(another)).toMatchObject({ ok: false, reason: "unknown_serial" });
    expect(refresh).toHaveBeenCalledTimes(1);
    advance(60_000);
    expect(await check({ ...another, "Wechatpay-Timestamp": String(T + 60) })).toMatchObject({ ok: false, reason: "unknown_serial" });
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("is found after the download when WeChat Pay has started using a new certificate", async () => {
    const { check, refresh } = setup({ stored: [], onRefresh: () => [platformCert] });
    expect(await check(signAnswer(platform, body, { timestamp: T }))).toEqual({ ok: true, serial: platform.serial, mode: "certificate" });
    expect(await check(signAnswer(platform, body, { timestamp: T, nonce: "again" }))).toMatchObject({ ok: true });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("is not used when the stored certificate does not carry that serial", async () => {
    const mislabelled = { ...platformCert, serialNo: "AAAAAAAAAAAAAAAA" };
    const { check } = setup({ stored: [mislabelled] });
    const headers = signAnswer({ serial: "AAAAAAAAAAAAAAAA", privateKey: platform.privateKey }, body, { timestamp: T });
    expect(await check(headers)).toMatchObject({ ok: false, reason: "unknown_serial" });
  });
});

describe("public key mode and certificate mode side by side (a merchant mid-switch)", () => {
  it("verifies answers signed with the public key and answers signed with a platform certificate", async () => {
    const { check, refresh } = setup({ withPublicKey: true });
    const byPublicKey = signAnswer({ serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey }, body, { timestamp: T });
    const byCertificate = signAnswer(platform, body, { timestamp: T });
    expect(await check(byPublicKey)).toEqual({ ok: true, serial: publicKeyMode.id, mode: "public_key" });
    expect(await check(byCertificate)).toEqual({ ok: true, serial: platform.serial, mode: "certificate" });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("refuses the public key id with another key's signature, and an id it was not given without a download", async () => {
    const { check, refresh } = setup({ withPublicKey: true });
    expect(await check(signAnswer({ serial: publicKeyMode.id, privateKey: platform.privateKey }, body, { timestamp: T }))).toMatchObject({ ok: false, reason: "bad_signature" });
    const otherId = signAnswer({ serial: "PUB_KEY_ID_09999999999999999999999999", privateKey: publicKeyMode.privateKey }, body, { timestamp: T });
    expect(await check(otherId)).toMatchObject({ ok: false, reason: "unknown_serial" });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("without a public key configured, an answer naming one is unknown", async () => {
    const { check } = setup({ withPublicKey: false });
    const byPublicKey = signAnswer({ serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey }, body, { timestamp: T });
    expect(await check(byPublicKey)).toMatchObject({ ok: false, reason: "unknown_serial" });
  });
});
