import { createSecretKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { APIV3_KEY, certificateListBody, merchant, platform, publicKeyMode, requestSignatureHolds, vector, type WeChatPaySigner } from "../../test/support/wechatpay-fixtures";
import { decodeCertificateList } from "./certificate-download";
import { WeChatPayApiError, WeChatPayCryptoError, WeChatPayVerificationError } from "./errors";
import { createMemoryPlatformCertificateStore } from "./platform-certificates";

const key = (value: string) => createSecretKey(Buffer.from(value, "utf8"));
const goCert = { serial: platform.serial, pem: platform.certificatePem };
const javaCert = { serial: publicKeyMode.certificateSerial, pem: publicKeyMode.certificatePem };

describe("decodeCertificateList", () => {
  it("decrypts wechatpay-java's published certificate answer and reads the serial from the certificate", () => {
    const c = vector<{ api_v3_key: string; body: string; serial_no: string; issuer_cn: string }>("certificate_list", "C1");
    const [certificate, ...rest] = decodeCertificateList(key(c.api_v3_key), c.body);
    expect(rest).toEqual([]);
    expect(certificate).toMatchObject({ serialNo: c.serial_no, effectiveTime: "2023-09-19T23:15:58+08:00", expireTime: "2028-09-17T23:15:58+08:00" });
    const x509 = new X509Certificate(certificate!.pem);
    expect(x509.serialNumber).toBe(c.serial_no);
    expect(x509.issuer).toContain(`CN=${c.issuer_cn}`);
  });

  it("refuses the published answer under another APIv3 key", () => {
    const c = vector<{ body: string }>("certificate_list", "C1");
    expect(() => decodeCertificateList(key("0".repeat(32)), c.body)).toThrow(WeChatPayCryptoError);
  });

  it("refuses a certificate listed under a serial it does not carry, an empty list and a non-JSON body", () => {
    const mislabelled = JSON.parse(certificateListBody(APIV3_KEY, [goCert])) as { data: { serial_no: string }[] };
    mislabelled.data[0]!.serial_no = publicKeyMode.certificateSerial;
    expect(() => decodeCertificateList(key(APIV3_KEY), JSON.stringify(mislabelled))).toThrow(/is listed as/);
    expect(() => decodeCertificateList(key(APIV3_KEY), '{"data":[]}')).toThrow(/empty/);
    expect(() => decodeCertificateList(key(APIV3_KEY), "<html>")).toThrow(/not JSON/);
  });
});

describe("downloading the platform certificates", () => {
  it("trusts a first download signed by a certificate it carries, and saves it", async () => {
    const h = createPayHarness({ certificateStore: createMemoryPlatformCertificateStore() });
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => withBody(h, certificateListBody(APIV3_KEY, [goCert])) });
    const saved = await h.client.refreshCertificates();
    expect(saved.map((c) => c.serialNo)).toEqual([platform.serial]);
    expect((await h.store.get(platform.serial))?.pem).toBe(platform.certificatePem);
    expect(requestSignatureHolds(h.fake.requests[0]!)).toBe(true);
  });

  it("refuses a list signed by a serial neither carried, stored nor the public key, and saves nothing", async () => {
    const h = createPayHarness({ certificateStore: createMemoryPlatformCertificateStore() });
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => withBody(h, certificateListBody(APIV3_KEY, [javaCert]), { serial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", privateKey: platform.privateKey }) });
    await expect(h.client.refreshCertificates()).rejects.toMatchObject({ name: "WeChatPayVerificationError", reason: "unknown_serial" });
    expect(await h.store.get(publicKeyMode.certificateSerial)).toBeNull();
  });

  it("refuses a list changed after signing, and saves nothing", async () => {
    const h = createPayHarness({ certificateStore: createMemoryPlatformCertificateStore() });
    const genuine = certificateListBody(APIV3_KEY, [goCert]);
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => ({ ...withBody(h, genuine), body: genuine.replace("2031-04-25", "2039-04-25") }) });
    await expect(h.client.refreshCertificates()).rejects.toBeInstanceOf(WeChatPayVerificationError);
    expect(await h.store.get(platform.serial)).toBeNull();
  });

  it("accepts a rotation signed by the certificate already stored", async () => {
    const h = createPayHarness();
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => withBody(h, certificateListBody(APIV3_KEY, [goCert, javaCert])) });
    await h.client.refreshCertificates();
    expect((await h.store.get(publicKeyMode.certificateSerial))?.pem).toBe(publicKeyMode.certificatePem);
  });

  it("with a public key: sends its id as Wechatpay-Serial and verifies the list with it", async () => {
    const h = createPayHarness({ certificateStore: createMemoryPlatformCertificateStore(), publicKey: { id: publicKeyMode.id, pem: publicKeyMode.publicKeyPem } });
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => withBody(h, certificateListBody(APIV3_KEY, [goCert]), { serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey }) });
    await h.client.refreshCertificates();
    expect(h.fake.requests[0]!.headers["wechatpay-serial"]).toBe(publicKeyMode.id);
    expect(await h.store.get(platform.serial)).not.toBeNull();
  });

  it("reports a 404 for a merchant without platform certificates as WeChat Pay's error", async () => {
    const h = createPayHarness({ certificateStore: createMemoryPlatformCertificateStore(), publicKey: { id: publicKeyMode.id, pem: publicKeyMode.publicKeyPem } });
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => h.signed(404, { code: "NOT_FOUND", message: "无可用的平台证书" }, { serial: publicKeyMode.id, privateKey: publicKeyMode.privateKey }) });
    const error = await h.client.refreshCertificates().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatPayApiError);
    expect(error).toMatchObject({ status: 404, code: "NOT_FOUND", verified: true });
  });

  it("shares one download between concurrent refreshes", async () => {
    const h = createPayHarness({ certificateStore: createMemoryPlatformCertificateStore() });
    h.fake.on({ method: "GET", path: "/v3/certificates", reply: () => withBody(h, certificateListBody(APIV3_KEY, [goCert])) });
    const [a, b] = await Promise.all([h.client.refreshCertificates(), h.client.refreshCertificates()]);
    expect(a).toBe(b);
    expect(h.fake.requests).toHaveLength(1);
  });

  it("is what an answer from an unknown certificate triggers, once, before that answer is used", async () => {
    const h = createPayHarness({ certificateStore: createMemoryPlatformCertificateStore() });
    const transaction = { appid: merchant.appid, mchid: merchant.mchid, out_trade_no: "ORDER_001", trade_state: "NOTPAY" };
    h.fake
      .on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_001", times: 2, reply: () => h.signed(200, transaction) })
      .on({ method: "GET", path: "/v3/certificates", reply: () => withBody(h, certificateListBody(APIV3_KEY, [goCert])) });
    expect(await h.client.queryOrderByOutTradeNo("ORDER_001")).toMatchObject({ trade_state: "NOTPAY" });
    expect(await h.client.queryOrderByOutTradeNo("ORDER_001")).toMatchObject({ trade_state: "NOTPAY" });
    expect(h.fake.requests.map((r) => r.pathWithQuery.split("?")[0])).toEqual([
      "/v3/pay/transactions/out-trade-no/ORDER_001",
      "/v3/certificates",
      "/v3/pay/transactions/out-trade-no/ORDER_001",
    ]);
  });
});

describe("an answer from a serial the download does not know", () => {
  it("is refused after one download, and the next one within the interval costs no download", async () => {
    const h = createPayHarness({ certificateStore: createMemoryPlatformCertificateStore() });
    const stranger = { serial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", privateKey: platform.privateKey };
    const transaction = { appid: merchant.appid, mchid: merchant.mchid, out_trade_no: "ORDER_001", trade_state: "SUCCESS" };
    h.fake
      .on({ method: "GET", path: "/v3/pay/transactions/out-trade-no/ORDER_001", times: 2, reply: () => h.signed(200, transaction, stranger) })
      .on({ method: "GET", path: "/v3/certificates", reply: () => withBody(h, certificateListBody(APIV3_KEY, [goCert])) });
    for (let i = 0; i < 2; i++) {
      await expect(h.client.queryOrderByOutTradeNo("ORDER_001")).rejects.toMatchObject({ name: "WeChatPayVerificationError", reason: "unknown_serial" });
    }
    expect(h.fake.requests.filter((r) => r.pathWithQuery === "/v3/certificates")).toHaveLength(1);
  });
});

/** A 200 reply carrying this JSON body, signed (by the platform certificate unless told otherwise). */
function withBody(h: ReturnType<typeof createPayHarness>, body: string, signer: WeChatPaySigner = platform) {
  return h.signed(200, JSON.parse(body) as unknown, signer);
}
