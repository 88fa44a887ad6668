import { createPrivateKey, verify as cryptoVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { merchant, platform, vector, vectors } from "../../test/support/wechatpay-fixtures";
import {
  buildAnswerMessage,
  buildRequestMessage,
  formatAuthorization,
  signRequest,
  signSha256WithRsa,
  verifySha256WithRsa,
} from "./signature";

type Row = Record<string, string>;
const merchantKey = createPrivateKey(merchant.privateKeyPem);

describe("the request signing string (official example)", () => {
  it("is METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n, byte for byte", () => {
    const r = vector<Row>("request_signing_string", "R1");
    const message = buildRequestMessage(r.method!, r.url!, r.timestamp!, r.nonce_str!, r.body!);
    expect(message.equals(Buffer.from(r.message!, "utf8"))).toBe(true);
    expect(message.toString("utf8").endsWith("\n\n")).toBe(true); // empty GET body, then its own \n
  });

  it("takes the body as the exact bytes sent, UTF-8, string or bytes alike", () => {
    const body = '{"description":"测试商品","amount":{"total":1}}';
    const fromString = buildRequestMessage("POST", "/v3/pay/transactions/jsapi", "1554208460", "N", body);
    const fromBytes = buildRequestMessage("POST", "/v3/pay/transactions/jsapi", "1554208460", "N", new TextEncoder().encode(body));
    const expected = Buffer.concat([Buffer.from("POST\n/v3/pay/transactions/jsapi\n1554208460\nN\n"), Buffer.from(body, "utf8"), Buffer.from("\n")]);
    expect(fromString.equals(expected)).toBe(true);
    expect(fromBytes.equals(expected)).toBe(true);
  });

  it("keeps the query in the URL line", () => {
    const message = buildRequestMessage("GET", "/v3/pay/transactions/id/1217752501201407033233368018?mchid=1230000109", "1652750623", "eBYq", "");
    expect(message.toString()).toBe("GET\n/v3/pay/transactions/id/1217752501201407033233368018?mchid=1230000109\n1652750623\neBYq\n\n");
  });
});

describe("the Authorization header", () => {
  it("matches the documentation's example exactly", () => {
    const a = vector<Row>("authorization_header", "A1");
    const header = formatAuthorization({ mchid: a.mchid!, nonceStr: a.nonce_str!, signature: a.signature!, timestamp: a.timestamp!, serialNo: a.serial_no! });
    expect(header).toBe(a.header);
  });

  it("carries a signature an independent verifier accepts with the merchant certificate", () => {
    const body = '{"mchid":"1230000109"}';
    const header = signRequest(
      { mchid: "1230000109", serialNo: merchant.serialNo, privateKey: merchantKey },
      { method: "POST", pathWithQuery: "/v3/pay/transactions/out-trade-no/ORDER_001/close", body, timestamp: "1554208460", nonce: "593BEC0C930BF1AFEB40B4A08C8FB242" },
    );
    const fields = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(header.startsWith("WECHATPAY2-SHA256-RSA2048 mchid=")).toBe(true);
    expect(fields).toMatchObject({ mchid: "1230000109", nonce_str: "593BEC0C930BF1AFEB40B4A08C8FB242", timestamp: "1554208460", serial_no: merchant.serialNo });
    const signed = `POST\n/v3/pay/transactions/out-trade-no/ORDER_001/close\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n${body}\n`;
    expect(cryptoVerify("sha256", Buffer.from(signed), merchant.certificate.publicKey, Buffer.from(fields.signature!, "base64"))).toBe(true);
  });
});

describe("SHA256withRSA against published signatures", () => {
  it("reproduces wechatpay-java's signature with its test merchant key (PKCS#1 v1.5 is deterministic)", () => {
    const s = vector<Row>("rsa_signatures", "S1");
    expect(signSha256WithRsa(createPrivateKey(vectors.keys.java_merchant!.private_key_pem!), s.message!)).toBe(s.signature);
  });

  it("reproduces wechatpay-go's signature with its test key", () => {
    const s = vector<Row>("rsa_signatures", "S2");
    expect(signSha256WithRsa(platform.privateKey, s.message!)).toBe(s.signature);
  });

  it("verifies the published signature, and refuses a changed message, a changed signature or non-base64", () => {
    const s = vector<Row>("rsa_signatures", "S1");
    const key = merchant.certificate.publicKey;
    expect(verifySha256WithRsa(key, s.message!, s.signature!)).toBe(true);
    expect(verifySha256WithRsa(key, `${s.message}.`, s.signature!)).toBe(false);
    expect(verifySha256WithRsa(key, s.message!, `A${s.signature!.slice(1)}`)).toBe(false);
    expect(verifySha256WithRsa(key, s.message!, "WECHATPAY/SIGNTEST/abc")).toBe(false);
    expect(verifySha256WithRsa(key, s.message!, "")).toBe(false);
  });
});

describe("the answer and notification signing string", () => {
  it("is TIMESTAMP\\nNONCE\\nBODY\\n, and a 204's empty body still ends the last line", () => {
    expect(buildAnswerMessage("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", "").toString()).toBe("1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n\n");
    expect(buildAnswerMessage("1", "n", '{"a":"中"}').equals(Buffer.from('1\nn\n{"a":"中"}\n'))).toBe(true);
  });
});
