import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decryptMessage } from "./crypto";
import {
  buildEncryptedReplyXml,
  buildReplyXml,
  image,
  news,
  text,
  transferCustomerService,
  video,
  voice,
  type Reply,
} from "./reply";
import { verifyMessageSignature } from "./signature";
import { parseXml, type XmlRecord } from "./xml";

const vectors = JSON.parse(
  readFileSync(path.resolve(__dirname, "../../test/vectors/wechat-test-vectors.json"), "utf8"),
) as { encrypted: Array<Record<string, string>> };
const E2a = vectors.encrypted.find((v) => v.id === "E2a")!;

const context = { to: "oUser1", from: "gh_account", now: (): number => 1_409_304_348_999 };
function roundTrip(xml: string): XmlRecord {
  const result = parseXml(xml);
  if (!result.ok) throw new Error(result.reason);
  return result.record;
}

describe("buildReplyXml", () => {
  it("writes a text reply with To/From as given and CreateTime in seconds, bare", () => {
    const xml = buildReplyXml(text("Hello 世界"), context);
    expect(xml).toBe(
      "<xml><ToUserName><![CDATA[oUser1]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName>" +
        "<CreateTime>1409304348</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Hello 世界]]></Content></xml>",
    );
  });

  it("keeps a ]]> inside the content intact", () => {
    expect(roundTrip(buildReplyXml(text("a]]>b<c>&"), context)).Content).toBe("a]]>b<c>&");
  });

  it.each<[string, Reply, XmlRecord]>([
    ["image", image("M1"), { Image: { MediaId: "M1" } }],
    ["voice", voice("M2"), { Voice: { MediaId: "M2" } }],
    ["video", video("M3", "T", "D"), { Video: { MediaId: "M3", Title: "T", Description: "D" } }],
    ["video without title", video("M3"), { Video: { MediaId: "M3" } }],
    [
      "music",
      { type: "music", title: "T", description: "D", musicUrl: "http://m", hqMusicUrl: "http://hq", thumbMediaId: "TH" },
      { Music: { Title: "T", Description: "D", MusicUrl: "http://m", HQMusicUrl: "http://hq", ThumbMediaId: "TH" } },
    ],
    [
      "news",
      news({ title: "T", description: "D", picUrl: "http://p", url: "http://u" }),
      { ArticleCount: "1", Articles: { item: { Title: "T", Description: "D", PicUrl: "http://p", Url: "http://u" } } },
    ],
    ["transfer_customer_service", transferCustomerService(), {}],
    ["transfer to one agent", transferCustomerService("kf2001@gh_account"), { TransInfo: { KfAccount: "kf2001@gh_account" } }],
  ])("%s", (_label, reply, fields) => {
    const record = roundTrip(buildReplyXml(reply, context));
    expect(record).toEqual({
      ToUserName: "oUser1",
      FromUserName: "gh_account",
      CreateTime: "1409304348",
      MsgType: reply.type,
      ...fields,
    });
  });

  it("writes ArticleCount bare, not in CDATA", () => {
    expect(buildReplyXml(news({ title: "T" }), context)).toContain("<ArticleCount>1</ArticleCount>");
  });
});

describe("buildEncryptedReplyXml", () => {
  it("reproduces the published E2a Encrypt and MsgSignature", () => {
    const xml = buildEncryptedReplyXml({
      plaintextXml: E2a.plaintext!,
      token: E2a.token!,
      appId: E2a.appid!,
      encodingAESKey: E2a.encoding_aes_key!,
      timestamp: Number(E2a.timestamp),
      nonce: E2a.nonce!,
      randomBytes: (n) => Buffer.from(E2a.random16!).subarray(0, n),
    });
    expect(xml).toBe(
      `<xml><Encrypt><![CDATA[${E2a.encrypt}]]></Encrypt><MsgSignature><![CDATA[${E2a.msg_signature}]]></MsgSignature>` +
        `<TimeStamp>${E2a.timestamp}</TimeStamp><Nonce><![CDATA[${E2a.nonce}]]></Nonce></xml>`,
    );
  });

  it("round-trips: signature verifies and the content decrypts to the plaintext reply", () => {
    const plaintextXml = buildReplyXml(text("Hello"), context);
    const record = roundTrip(
      buildEncryptedReplyXml({
        plaintextXml,
        token: "tok",
        appId: E2a.appid!,
        encodingAESKey: E2a.encoding_aes_key!,
        timestamp: 1_700_000_000,
        nonce: "n1",
      }),
    );
    const encrypt = record.Encrypt as string;
    expect(
      verifyMessageSignature({
        token: "tok",
        timestamp: record.TimeStamp as string,
        nonce: record.Nonce as string,
        encrypt,
        msgSignature: record.MsgSignature as string,
      }),
    ).toBe(true);
    expect(decryptMessage({ encodingAESKey: E2a.encoding_aes_key!, appId: E2a.appid!, encrypted: encrypt })).toBe(plaintextXml);
  });

  it("refuses a timestamp that is not whole seconds", () => {
    expect(() =>
      buildEncryptedReplyXml({ plaintextXml: "<xml/>", token: "t", appId: "a", encodingAESKey: E2a.encoding_aes_key!, timestamp: 1.5, nonce: "n" }),
    ).toThrow(RangeError);
  });
});
