import { describe, expect, it } from "vitest";
import { getDedupKey, parseMessage, parseMessageRecord, type InboundMessage } from "./message";

const HEAD = "<ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName><CreateTime>1348831860</CreateTime>";
function push(body: string): InboundMessage {
  const msg = parseMessage(`<xml>${HEAD}${body}</xml>`);
  if (!msg) throw new Error("expected a message");
  return msg;
}
const event = (name: string, extra = ""): InboundMessage => push(`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${name}]]></Event>${extra}`);

describe("parseMessage: user messages", () => {
  it("text, with the common fields in camelCase and a 64-bit MsgId kept exactly", () => {
    const msg = push("<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>9223372036854775807</MsgId>");
    expect(msg).toMatchObject({
      type: "text",
      toUserName: "gh_account",
      fromUserName: "oUser1",
      createTime: 1348831860,
      content: "this is a test",
      msgId: "9223372036854775807",
    });
    expect(msg.raw.Content).toBe("this is a test");
  });

  it.each([
    ["image", "<PicUrl><![CDATA[http://p/1.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>", { picUrl: "http://p/1.jpg", mediaId: "m1" }],
    ["voice", "<MediaId><![CDATA[m2]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[你好]]></Recognition>", { mediaId: "m2", format: "amr", recognition: "你好" }],
    ["video", "<MediaId><![CDATA[m3]]></MediaId><ThumbMediaId><![CDATA[t3]]></ThumbMediaId>", { mediaId: "m3", thumbMediaId: "t3" }],
    ["shortvideo", "<MediaId><![CDATA[m4]]></MediaId><ThumbMediaId><![CDATA[t4]]></ThumbMediaId>", { mediaId: "m4", thumbMediaId: "t4" }],
    ["location", "<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label>", { locationX: 23.134521, locationY: 113.358803, scale: 20, label: "位置信息" }],
    ["link", "<Title><![CDATA[t]]></Title><Description><![CDATA[d]]></Description><Url><![CDATA[http://u]]></Url>", { title: "t", description: "d", url: "http://u" }],
  ])("%s", (type, fields, expected) => {
    const msg = push(`<MsgType><![CDATA[${type}]]></MsgType>${fields}<MsgId>1234567890123456</MsgId>`);
    expect(msg).toMatchObject({ type, msgId: "1234567890123456", ...expected });
  });

  it("voice without Recognition has no recognition field", () => {
    const msg = push("<MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><MsgId>1</MsgId>");
    expect(msg.type === "voice" && "recognition" in msg).toBe(false);
  });
});

describe("parseMessage: events", () => {
  it("subscribe, plain and through a QR code", () => {
    expect(event("subscribe")).toMatchObject({ type: "event", event: "subscribe" });
    expect(event("subscribe")).not.toHaveProperty("scene");
    expect(event("subscribe", "<EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>")).toMatchObject({
      event: "subscribe",
      eventKey: "qrscene_123123",
      scene: "123123",
      ticket: "TICKET",
    });
  });

  // The one place `qrscene_` comes off: scan recorders and bots read `msg.scene`.
  it.each([
    ["subscribe", "qrscene_123123", "123123"],
    ["subscribe", "qrscene_qrscene_x", "qrscene_x"],
    ["subscribe", "qrscene_", ""],
    ["subscribe", "promo", undefined],
    ["subscribe", "", undefined],
    ["SCAN", "promo", "promo"],
    ["SCAN", "qrscene_1", "qrscene_1"],
  ])("%s with EventKey %j has the scene %j", (name, key, scene) => {
    const msg = event(name, `<EventKey><![CDATA[${key}]]></EventKey>`);
    expect(msg).toMatchObject({ event: name });
    expect((msg as { scene?: string }).scene).toBe(scene);
  });

  it("SCAN, LOCATION, CLICK, VIEW", () => {
    expect(event("SCAN", "<EventKey>123123</EventKey><Ticket>T</Ticket>")).toMatchObject({ event: "SCAN", scene: "123123", ticket: "T" });
    expect(event("LOCATION", "<Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>")).toMatchObject({
      event: "LOCATION",
      latitude: 23.137466,
      longitude: 113.352425,
      precision: 119.38504,
    });
    expect(event("CLICK", "<EventKey>V1001_TODAY_MUSIC</EventKey>")).toMatchObject({ event: "CLICK", eventKey: "V1001_TODAY_MUSIC" });
    expect(event("VIEW", "<EventKey>https://www.qq.com/</EventKey><MenuId>208379533</MenuId>")).toMatchObject({
      event: "VIEW",
      url: "https://www.qq.com/",
      menuId: "208379533",
    });
  });

  it("matches event names case-insensitively but reports the canonical spelling", () => {
    expect(event("click", "<EventKey>K</EventKey>")).toMatchObject({ event: "CLICK" });
    expect(event("Subscribe")).toMatchObject({ event: "subscribe" });
  });

  it("scancode_push and scancode_waitmsg with ScanCodeInfo", () => {
    for (const name of ["scancode_push", "scancode_waitmsg"]) {
      expect(event(name, "<EventKey>6</EventKey><ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo>")).toMatchObject({
        event: name,
        eventKey: "6",
        scanCodeInfo: { scanType: "qrcode", scanResult: "1" },
      });
    }
  });

  it("pic_* events with one or several pictures", () => {
    const one = "<SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum>abc</PicMd5Sum></item></PicList></SendPicsInfo>";
    const two = "<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo>";
    expect(event("pic_sysphoto", `<EventKey>6</EventKey>${one}`)).toMatchObject({ sendPicsInfo: { count: 1, picList: [{ picMd5Sum: "abc" }] } });
    expect(event("pic_photo_or_album", two)).toMatchObject({ sendPicsInfo: { count: 2, picList: [{ picMd5Sum: "a" }, { picMd5Sum: "b" }] } });
    expect(event("pic_weixin")).toMatchObject({ event: "pic_weixin", sendPicsInfo: { picList: [] } });
  });

  it("location_select, view_miniprogram and the job-finish events", () => {
    expect(event("location_select", "<EventKey>6</EventKey><SendLocationInfo><Location_X>23</Location_X><Location_Y>113</Location_Y><Scale>15</Scale><Label>广州</Label><Poiname></Poiname></SendLocationInfo>")).toMatchObject({
      sendLocationInfo: { locationX: 23, locationY: 113, scale: 15, label: "广州", poiname: "" },
    });
    expect(event("view_miniprogram", "<EventKey>pages/index/index</EventKey><MenuId>MENUID</MenuId>")).toMatchObject({ eventKey: "pages/index/index", menuId: "MENUID" });
    expect(event("TEMPLATESENDJOBFINISH", "<MsgID>200163836</MsgID><Status>success</Status>")).toMatchObject({ msgId: "200163836", status: "success" });
    expect(event("MASSSENDJOBFINISH", "<MsgID>1988</MsgID><Status>sendsuccess</Status><TotalCount>100</TotalCount><FilterCount>80</FilterCount><SentCount>75</SentCount><ErrorCount>5</ErrorCount>")).toMatchObject({
      msgId: "1988", status: "sendsuccess", totalCount: 100, filterCount: 80, sentCount: 75, errorCount: 5,
    });
    expect(event("unsubscribe")).toMatchObject({ type: "event", event: "unsubscribe" });
  });
});

describe("parseMessage: degrades, never throws", () => {
  it("unknown MsgType and unknown Event become the unknown variant with raw kept", () => {
    expect(push("<MsgType>miniprogrampage</MsgType><Title>x</Title>")).toMatchObject({ type: "unknown", msgType: "miniprogrampage", raw: { Title: "x" } });
    expect(event("user_get_card")).toMatchObject({ type: "unknown", msgType: "event", event: "user_get_card" });
  });

  it("missing fields become empty strings / NaN", () => {
    const msg = parseMessageRecord({ MsgType: "text" });
    expect(msg).toMatchObject({ type: "text", toUserName: "", fromUserName: "", content: "", msgId: "" });
    expect(msg.createTime).toBeNaN();
    expect(parseMessageRecord({})).toMatchObject({ type: "unknown", msgType: "" });
    expect(parseMessageRecord({ MsgType: { nested: "x" } })).toMatchObject({ type: "unknown" });
  });

  it("returns null for malformed XML", () => {
    expect(parseMessage("<xml><MsgType>text</MsgType>")).toBeNull();
    expect(parseMessage('<!DOCTYPE x [<!ENTITY a "b">]><xml/>')).toBeNull();
  });
});

describe("getDedupKey", () => {
  it("uses MsgId + FromUserName for messages", () => {
    const a = push("<MsgType>text</MsgType><Content>a</Content><MsgId>42</MsgId>");
    const sameIdOtherText = push("<MsgType>text</MsgType><Content>b</Content><MsgId>42</MsgId>");
    const otherId = push("<MsgType>text</MsgType><Content>a</Content><MsgId>43</MsgId>");
    expect(getDedupKey(a)).toBe(getDedupKey(sameIdOtherText));
    expect(getDedupKey(a)).not.toBe(getDedupKey(otherId));
    const otherUser = parseMessageRecord({ ...a.raw, FromUserName: "oUser2" });
    expect(getDedupKey(otherUser)).not.toBe(getDedupKey(a));
  });

  it("uses FromUserName + CreateTime + Event + EventKey for events", () => {
    const click = event("CLICK", "<EventKey>A</EventKey>");
    expect(getDedupKey(click)).toBe(getDedupKey(event("CLICK", "<EventKey>A</EventKey>")));
    expect(getDedupKey(click)).not.toBe(getDedupKey(event("CLICK", "<EventKey>B</EventKey>")));
    expect(getDedupKey(click)).not.toBe(getDedupKey(event("VIEW", "<EventKey>A</EventKey>")));
    expect(getDedupKey(click)).not.toBe(getDedupKey(parseMessageRecord({ ...click.raw, CreateTime: "1348831861" })));
  });
});
