/**
 * Which key signs: the WeChat Pay public key (new merchants), platform certificates (legacy; the
 * certificates downloadable, sealed, under `/v3/certificates`) or, mid-switch, the one the
 * request's `Wechatpay-Serial` names; certificate rotation; and the faults WeChat Pay can have.
 */
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callPay, openResource, verifyWechatpaySignature } from "../../testing/pay-merchant";
import { control, getControl, orderBody, placeOrder, sharedPaySimulator } from "../../testing/pay-support";

const f = sharedPaySimulator();
const JSAPI = "/v3/pay/transactions/jsapi";
const CERTS = "/v3/certificates";

type CertificateList = { data: Array<{ serial_no: string; effective_time: string; expire_time: string; encrypt_certificate: { algorithm: string; nonce: string; associated_data: string; ciphertext: string } }> };

/** Downloads and opens the platform certificates: serial → certificate. */
async function downloadCertificates(): Promise<Map<string, X509Certificate>> {
  const res = await callPay(f.sim.url, f.merchant, "GET", CERTS);
  expect(res.status).toBe(200);
  const list = res.json as unknown as CertificateList;
  return new Map(list.data.map((entry) => {
    expect(entry.encrypt_certificate).toMatchObject({ algorithm: "AEAD_AES_256_GCM", associated_data: "certificate" });
    const certificate = new X509Certificate(openResource(f.merchant.apiV3Key, entry.encrypt_certificate));
    expect(certificate.serialNumber).toBe(entry.serial_no);
    return [entry.serial_no, certificate];
  }));
}

describe("public-key mode (the default, every merchant since late 2024)", () => {
  it("has no platform certificates: /v3/certificates is a 404 pointing at the public key", async () => {
    const res = await callPay(f.sim.url, f.merchant, "GET", CERTS);
    expect([res.status, res.json?.code]).toEqual([404, "NOT_FOUND"]);
    expect(String(res.json?.message)).toContain("微信支付公钥");
  });
});

describe("certificate mode (a legacy merchant)", () => {
  it("signs answers and notifications with the platform certificate /v3/certificates hands out", async () => {
    await control(f, "/__sim/pay/merchant", { mode: "certificate" });
    const certificates = await downloadCertificates();
    expect(certificates.size).toBe(1);
    const [serial, certificate] = [...certificates][0]!;
    expect(serial).toMatch(/^[0-9A-F]{40}$/);
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(Date.now());
    const { res, body } = await placeOrder(f);
    expect(res.headers.get("Wechatpay-Serial")).toBe(serial);
    expect(verifyWechatpaySignature(res.headers, res.text, certificate.publicKey)).toBe(true);
    await control(f, `/__sim/pay/orders/${body.out_trade_no}/pay`);
    const [notice] = await f.receiver.waitFor(1);
    expect(notice!.headers["wechatpay-serial"]).toBe(serial);
    expect(verifyWechatpaySignature(notice!.headers, notice!.body, certificate.publicKey)).toBe(true);
  });

  it("rotates to a new certificate: answers name a serial the app does not know yet, and one download finds it", async () => {
    await control(f, "/__sim/pay/merchant", { mode: "certificate" });
    const before = await downloadCertificates();
    const rotated = await control(f, "/__sim/pay/certificates/rotate", {});
    expect(rotated.json.previous).toEqual([...before.keys()]);
    const res = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f));
    const serial = res.headers.get("Wechatpay-Serial") ?? "";
    expect(serial).toBe(rotated.json.serialNo);
    expect(before.has(serial)).toBe(false);
    const after = await downloadCertificates();
    expect([...after.keys()]).toEqual([...before.keys(), serial]);
    expect(verifyWechatpaySignature(res.headers, res.text, after.get(serial)!.publicKey)).toBe(true);
    await control(f, "/__sim/pay/certificates/rotate", { retireOld: true });
    expect((await downloadCertificates()).size).toBe(1);
  });

  it("goes back to the start-up certificate on reset", async () => {
    await control(f, "/__sim/pay/merchant", { mode: "certificate" });
    const first = [...(await downloadCertificates()).keys()];
    await control(f, "/__sim/pay/certificates/rotate", { retireOld: true });
    f.sim.state.reset();
    await control(f, "/__sim/pay/merchant", { mode: "certificate" });
    expect([...(await downloadCertificates()).keys()]).toEqual(first);
  });
});

describe("both (a merchant mid-switch)", () => {
  it("signs with the key the request's Wechatpay-Serial names, falling back to the certificate", async () => {
    await control(f, "/__sim/pay/merchant", { mode: "both" });
    const [serial, certificate] = [...(await downloadCertificates())][0]!;
    const publicKeyId = f.pay.merchant(f.merchant.mchid)!.publicKeyId;
    const publicKey = (await getControl(f, "/__sim/pay/merchant")).json.publicKey as string;
    const withId = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f), { headers: { "Wechatpay-Serial": publicKeyId } });
    expect(withId.headers.get("Wechatpay-Serial")).toBe(publicKeyId);
    expect(verifyWechatpaySignature(withId.headers, withId.text, publicKey)).toBe(true);
    const without = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f));
    expect(without.headers.get("Wechatpay-Serial")).toBe(serial);
    expect(verifyWechatpaySignature(without.headers, without.text, certificate.publicKey)).toBe(true);
  });

  it("signs notifications with the certificate, or the public key when set so", async () => {
    await control(f, "/__sim/pay/merchant", { mode: "both", notificationSigner: "public-key" });
    const { body } = await placeOrder(f);
    await control(f, `/__sim/pay/orders/${body.out_trade_no}/pay`);
    const [notice] = await f.receiver.waitFor(1);
    expect(notice!.headers["wechatpay-serial"]).toBe(f.pay.merchant(f.merchant.mchid)!.publicKeyId);
  });
});

describe("faults", () => {
  it("answers SYSTEM_ERROR (500) and FREQUENCY_LIMITED (429) n times, signed, then works", async () => {
    await control(f, "/__sim/faults", [{ endpoint: "v3/pay/transactions/jsapi", code: "SYSTEM_ERROR", times: 2 }, { endpoint: "v3/*", code: "FREQUENCY_LIMITED", times: 1 }]);
    const body = orderBody(f);
    const publicKey = (await getControl(f, "/__sim/pay/merchant")).json.publicKey as string;
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await callPay(f.sim.url, f.merchant, "POST", JSAPI, body);
      expect(verifyWechatpaySignature(res.headers, res.text, publicKey)).toBe(true);
      statuses.push([res.status, res.json?.code ?? "ok"]);
    }
    expect(statuses).toEqual([[500, "SYSTEM_ERROR"], [500, "SYSTEM_ERROR"], [429, "FREQUENCY_LIMITED"], [200, "ok"]]);
    expect(f.sim.state.apiLog.slice(-4).map((e) => e.fault ?? null)).toEqual(["code SYSTEM_ERROR", "code SYSTEM_ERROR", "code FREQUENCY_LIMITED", null]);
  });

  it("answers with a signature that does not verify (the answer otherwise real), once", async () => {
    await control(f, "/__sim/faults", { endpoint: "v3/pay/transactions/jsapi", badSignature: true, times: 1 });
    const publicKey = (await getControl(f, "/__sim/pay/merchant")).json.publicKey as string;
    const bad = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f));
    expect(bad.status).toBe(200);
    expect(String(bad.json?.prepay_id)).toMatch(/^wx/);
    expect(verifyWechatpaySignature(bad.headers, bad.text, publicKey)).toBe(false);
    const good = await callPay(f.sim.url, f.merchant, "POST", JSAPI, orderBody(f));
    expect(verifyWechatpaySignature(good.headers, good.text, publicKey)).toBe(true);
  });

  it("refuses a fault that is neither WeChat's nor WeChat Pay's", async () => {
    const res = await control(f, "/__sim/faults", { endpoint: "v3/*", code: "lowercase" });
    expect(res.status).toBe(400);
  });
});
