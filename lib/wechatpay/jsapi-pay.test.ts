import { createPrivateKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPayHarness } from "../../test/support/wechatpay-client";
import { merchant, vector } from "../../test/support/wechatpay-fixtures";
import { WeChatPayValidationError } from "./errors";
import { buildJsapiPayParams, buildPaySignMessage } from "./jsapi-pay";

type Row = Record<string, string>;

describe("paySign", () => {
  it("signs appId\\ntimeStamp\\nnonceStr\\npackage\\n — the documentation's example string exactly", () => {
    const p = vector<Row>("pay_sign_string", "P1");
    expect(buildPaySignMessage(p.appId!, p.timeStamp!, p.nonceStr!, p.package!)).toBe(p.message);
  });

  it("builds the bridge's parameters: timeStamp in seconds as a string, RSA, a signature the merchant certificate verifies", () => {
    const params = buildJsapiPayParams({
      appId: "wx8888888888888888",
      prepayId: "wx201410272009395522657a690389285100",
      privateKey: createPrivateKey(merchant.privateKeyPem),
      clock: () => 1414561699_123,
      randomBytes: (n) => new Uint8Array(n).fill(7),
    });
    expect(params).toMatchObject({ appId: "wx8888888888888888", timeStamp: "1414561699", package: "prepay_id=wx201410272009395522657a690389285100", signType: "RSA" });
    expect(params.nonceStr).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(Object.keys(params).sort()).toEqual(["appId", "nonceStr", "package", "paySign", "signType", "timeStamp"]); // timeStamp, not timestamp
    const message = `wx8888888888888888\n1414561699\n${params.nonceStr}\nprepay_id=wx201410272009395522657a690389285100\n`;
    expect(verify("sha256", Buffer.from(message), merchant.certificate.publicKey, Buffer.from(params.paySign, "base64"))).toBe(true);
  });

  it("comes from the client with its appid, a fresh nonce each time", () => {
    const h = createPayHarness();
    const a = h.client.buildJsapiPayParams("wx_prepay_1");
    const b = h.client.buildJsapiPayParams("wx_prepay_1");
    expect(a.appId).toBe(merchant.appid);
    expect(a.timeStamp).toBe(String(Math.floor(h.clock.now() / 1000)));
    expect(a.nonceStr).not.toBe(b.nonceStr);
  });

  it("refuses a prepay_id that is not one", () => {
    const h = createPayHarness();
    expect(() => h.client.buildJsapiPayParams("")).toThrow(WeChatPayValidationError);
    expect(() => h.client.buildJsapiPayParams("wx1\nappId")).toThrow(WeChatPayValidationError);
  });
});
