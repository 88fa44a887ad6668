import { describe, expect, it } from "vitest";
import { parseXml, type XmlRecord } from "../xml";
import { parseAuthorizationEvent } from "./events";

const record = (xml: string): XmlRecord => {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.record;
};

describe("parseAuthorizationEvent", () => {
  it("reads the ticket push of WeChat's doc", () => {
    // The decrypted example of the component_verify_ticket doc page.
    const xml =
      "<xml><AppId>some_appid</AppId><CreateTime>1413192605</CreateTime><InfoType>component_verify_ticket</InfoType>" +
      "<ComponentVerifyTicket>some_verify_ticket</ComponentVerifyTicket></xml>";
    expect(parseAuthorizationEvent(record(xml))).toEqual({
      kind: "component_verify_ticket",
      componentAppId: "some_appid",
      createTime: 1413192605,
      ticket: "some_verify_ticket",
    });
  });

  it("reads an authorized push as WeChat sends it during the release test", () => {
    // As decrypted and posted on WeChat's developer forum (the release test's account authorizing).
    const xml =
      "<xml><AppId><![CDATA[wx851e238de6d96eaa]]></AppId>\n<CreateTime>1573485628</CreateTime>\n<InfoType><![CDATA[authorized]]></InfoType>" +
      "<AuthorizerAppid><![CDATA[wx570bc396a51b8ff8]]></AuthorizerAppid><AuthorizationCode><![CDATA[queryauthcode@@@Xl2LZcrxQBKwGbVHEk7ubeVmorUbu7pNqayxTeem5dCVlIZGfZFL0rnUlK3fi4VWSa_Cs6NRJaOBmQm0UVOS5g]]></AuthorizationCode>" +
      "<AuthorizationCodeExpiredTime><![CDATA[1573489228]]></AuthorizationCodeExpiredTime><PreAuthCode><![CDATA[preauthcode@@@sHSgAQxcW9ZmU72jbg1ZFhxXdKARfjpjAxvrPn_DL5H0iPpEgWkIEJf71zaTDPKX]]></PreAuthCode></xml>";
    expect(parseAuthorizationEvent(record(xml))).toEqual({
      kind: "authorized",
      componentAppId: "wx851e238de6d96eaa",
      createTime: 1573485628,
      authorizerAppId: "wx570bc396a51b8ff8",
      authorizationCode: "queryauthcode@@@Xl2LZcrxQBKwGbVHEk7ubeVmorUbu7pNqayxTeem5dCVlIZGfZFL0rnUlK3fi4VWSa_Cs6NRJaOBmQm0UVOS5g",
      authorizationCodeExpiredTime: 1573489228,
      preAuthCode: "preauthcode@@@sHSgAQxcW9ZmU72jbg1ZFhxXdKARfjpjAxvrPn_DL5H0iPpEgWkIEJf71zaTDPKX",
    });
  });

  it("reads updateauthorized and unauthorized", () => {
    const update = record(
      "<xml><AppId>wxc</AppId><CreateTime>1413192760</CreateTime><InfoType>updateauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid>" +
        "<AuthorizationCode>code1</AuthorizationCode><AuthorizationCodeExpiredTime>1413196360</AuthorizationCodeExpiredTime></xml>",
    );
    expect(parseAuthorizationEvent(update)).toMatchObject({ kind: "updateauthorized", authorizerAppId: "wxa", authorizationCode: "code1" });
    expect(parseAuthorizationEvent(update)).not.toHaveProperty("preAuthCode");
    const withdrawn = record("<xml><AppId>wxc</AppId><CreateTime>1413192760</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid></xml>");
    expect(parseAuthorizationEvent(withdrawn)).toEqual({ kind: "unauthorized", componentAppId: "wxc", createTime: 1413192760, authorizerAppId: "wxa" });
  });

  it.each([
    ["an InfoType it does not know", "<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>notify_third_fasteregister</InfoType><status>0</status></xml>", "notify_third_fasteregister"],
    ["a ticket push without its ticket", "<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>component_verify_ticket</InfoType></xml>", "component_verify_ticket"],
    ["authorized without a code", "<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>authorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid></xml>", "authorized"],
    ["unauthorized without the account", "<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>unauthorized</InfoType></xml>", "unauthorized"],
    ["no InfoType at all", "<xml><AppId>wxc</AppId></xml>", ""],
  ])("degrades %s to unknown, keeping the fields", (_label, xml, infoType) => {
    const event = parseAuthorizationEvent(record(xml));
    expect(event).toMatchObject({ kind: "unknown", infoType, componentAppId: "wxc" });
    expect(event.kind === "unknown" && event.raw.AppId).toBe("wxc");
  });

  it("reads a missing or malformed CreateTime as 0", () => {
    const event = parseAuthorizationEvent(record("<xml><AppId>wxc</AppId><CreateTime>soon</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid></xml>"));
    expect(event.createTime).toBe(0);
  });
});
