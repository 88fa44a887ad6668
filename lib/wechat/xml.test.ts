import { describe, expect, it } from "vitest";
import { buildXml, parseXml, textField, toCData, type XmlRecord } from "./xml";

function parsed(xml: string): XmlRecord {
  const result = parseXml(xml);
  if (!result.ok) throw new Error(`expected a parse, got: ${result.reason}`);
  return result.record;
}

describe("parseXml", () => {
  it("parses the documented text message, keeping every value a string (64-bit MsgId intact)", () => {
    const record = parsed(`<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[openid]]></FromUserName>
<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>23456789012345678901</MsgId></xml>`);
    expect(record).toEqual({
      ToUserName: "gh_account",
      FromUserName: "openid",
      CreateTime: "1348831860",
      MsgType: "text",
      Content: "this is a test",
      MsgId: "23456789012345678901",
    });
  });

  it("keeps CDATA verbatim (whitespace, markup, entity-like text) and joins split sections", () => {
    const record = parsed(
      "<xml><A><![CDATA[  <b>&amp;</b>\n ]]></A><B><![CDATA[x]]]]><![CDATA[>y]]></B><C>0012</C><D></D><E/></xml>",
    );
    expect(record).toEqual({ A: "  <b>&amp;</b>\n ", B: "x]]>y", C: "0012", D: "", E: "" });
  });

  it("decodes the predefined entities and character references in plain text only", () => {
    expect(parsed("<xml><A>a &lt;&amp;&gt; &quot;&apos; &#20013;&#x6587; &unknown;</A></xml>").A).toBe(
      "a <&> \"' 中文 &unknown;",
    );
  });

  it("keeps nested structures: ScanCodeInfo, SendPicsInfo with repeated items, SendLocationInfo", () => {
    const record = parsed(`<?xml version="1.0" encoding="UTF-8"?>
<xml>
  <ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo>
  <SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[aaa]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[bbb]]></PicMd5Sum></item></PicList></SendPicsInfo>
  <SendLocationInfo><Location_X><![CDATA[23]]></Location_X><Poiname><![CDATA[]]></Poiname></SendLocationInfo>
</xml>`);
    expect(record.ScanCodeInfo).toEqual({ ScanType: "qrcode", ScanResult: "1" });
    expect(record.SendPicsInfo).toEqual({
      Count: "2",
      PicList: { item: [{ PicMd5Sum: "aaa" }, { PicMd5Sum: "bbb" }] },
    });
    expect(record.SendLocationInfo).toEqual({ Location_X: "23", Poiname: "" });
  });

  it("ignores attributes, comments and the XML declaration", () => {
    expect(parsed('<?xml version="1.0"?><xml a="1"><!-- hi --><A b="2">v</A></xml>')).toEqual({ A: "v" });
  });

  it.each([
    ["DOCTYPE", '<!DOCTYPE xml [<!ENTITY x "boom">]><xml><A>&x;</A></xml>'],
    ["lower-case doctype", "<!doctype xml><xml><A>1</A></xml>"],
    ["ENTITY alone", '<xml><!ENTITY x "y"><A>1</A></xml>'],
    ["billion laughs", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><A>&lol2;</A></xml>'],
  ])("refuses %s", (_label, xml) => {
    const result = parseXml(xml);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/DOCTYPE/);
  });

  it.each([
    ["unclosed root", "<xml><A>1</A>"],
    ["mismatched tags", "<xml><A>1</B></xml>"],
    ["not XML", "hello"],
    ["JSON", '{"MsgType":"text"}'],
    ["empty", ""],
    ["blank", "  \n "],
    ["wrong root", "<root><A>1</A></root>"],
    ["two roots", "<xml><A>1</A></xml><xml/>"],
    ["prototype pollution", "<xml><__proto__><polluted>1</polluted></__proto__></xml>"],
    ["constructor", "<xml><constructor>1</constructor></xml>"],
    ["unclosed CDATA", "<xml><A><![CDATA[x</A></xml>"],
  ])("returns a failure, never throws, for %s", (_label, xml) => {
    expect(parseXml(xml).ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("enforces the size and depth limits", () => {
    expect(parseXml(`<xml><A>${"x".repeat(100)}</A></xml>`, { maxLength: 50 }).ok).toBe(false);
    const deep = (n: number): string => `<xml>${"<a>".repeat(n)}1${"</a>".repeat(n)}</xml>`;
    expect(parseXml(deep(4), { maxDepth: 5 }).ok).toBe(true);
    expect(parseXml(deep(5), { maxDepth: 5 }).ok).toBe(false);
    expect(parseXml(deep(500)).ok).toBe(false);
  });

  it("treats an empty <xml/> as an empty record", () => {
    expect(parsed("<xml/>")).toEqual({});
  });
});

describe("textField", () => {
  it("reads strings only", () => {
    const record: XmlRecord = { A: "1", B: { C: "2" }, D: ["x", "y"] };
    expect(textField(record, "A")).toBe("1");
    expect(textField(record, "B")).toBeUndefined();
    expect(textField(record, "D")).toBe("x");
    expect(textField(record, "missing")).toBeUndefined();
  });
});

describe("toCData", () => {
  it("wraps text and splits ]]> across sections so the text survives a round trip", () => {
    expect(toCData("a]]>b")).toBe("<![CDATA[a]]]]><![CDATA[>b]]>");
    const tricky = "]]>]]]>x]]>";
    expect(parsed(`<xml><A>${toCData(tricky)}</A></xml>`).A).toBe(tricky);
  });

  it("drops characters XML 1.0 forbids", () => {
    expect(toCData("a\u0000b\u0007c\td\n")).toBe("<![CDATA[abc\td\n]]>");
  });
});

describe("buildXml", () => {
  it("writes strings in CDATA, numbers bare, nested and repeated elements, skipping undefined", () => {
    const xml = buildXml({
      ToUserName: "openid",
      CreateTime: 1409304348,
      ArticleCount: 1,
      Skipped: undefined,
      Articles: { item: [{ Title: "a<b" }, { Title: "c" }] },
    });
    expect(xml).toBe(
      "<xml><ToUserName><![CDATA[openid]]></ToUserName><CreateTime>1409304348</CreateTime><ArticleCount>1</ArticleCount>" +
        "<Articles><item><Title><![CDATA[a<b]]></Title></item><item><Title><![CDATA[c]]></Title></item></Articles></xml>",
    );
    expect(parsed(xml).Articles).toEqual({ item: [{ Title: "a<b" }, { Title: "c" }] });
  });

  it("refuses invalid element names and non-finite numbers", () => {
    expect(() => buildXml({ "a b": "x" })).toThrow(/element name/);
    expect(() => buildXml({ A: Number.NaN })).toThrow(/finite/);
  });
});
