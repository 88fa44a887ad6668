import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseWithValidator } from "./xml";
import { parseFlatXml } from "./xml-flat";

/** Text pieces near every edge of the flat shape: markup, entities, whitespace, CDATA ends, odd names. */
const PIECES = ["a", "中文", "😀", " ", "\n", "\t", "\r", "<", ">", "&", "&amp;", "]]", "]]>", "<![CDATA[", "<!--x-->", "\u0001", "\u3000", "\u00A0", "1796183648"];
const text = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom("", "a", "中文", "1796183648", "hello world", "gh_1 ]] <b> & c") },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 5 }).map((parts) => parts.join("")) },
);
const NAMES = ["ToUserName", "MsgType", "Content", "item", "a.b", "_x", "a-b", "PicList", "A1", "toString", "hasOwnProperty", "__proto__", "1a", "a b", "xml"];
const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...NAMES.slice(0, 7)) }, { weight: 1, arbitrary: fc.constantFrom(...NAMES) });
const space = fc.oneof({ weight: 12, arbitrary: fc.constantFrom("", "\n", "\n  ") }, { weight: 1, arbitrary: fc.constantFrom(" ", "\t", "\r\n") });

type Node = { name: string; body: string | Node[]; cdata: boolean; pad: string };
const node: fc.Memo<Node> = fc.memo((depth) =>
  fc.record({
    name,
    body: depth <= 1 ? text : fc.oneof({ weight: 2, arbitrary: text }, { weight: 1, arbitrary: fc.array(node(depth - 1), { maxLength: 4 }) }),
    cdata: fc.boolean(),
    pad: space,
  }),
);
const render = (n: Node): string => {
  const inner = typeof n.body === "string" ? (n.cdata ? `<![CDATA[${n.body}]]>` : n.body) : n.body.map(render).join("");
  return `${n.pad}<${n.name}>${inner}</${n.name}>`;
};
const documents = fc
  .tuple(space, fc.array(node(4), { maxLength: 6 }), space, fc.constantFrom("", "", "", "<?xml version=\"1.0\"?>", "<!DOCTYPE x>"))
  .map(([before, children, after, prolog]) => `${prolog}${before}<xml>${children.map(render).join("")}${after}</xml>${after}`);

describe("parseFlatXml", () => {
  it("reads every document it accepts exactly as the validator and parser do", () => {
    let accepted = 0;
    fc.assert(
      fc.property(documents, fc.integer({ min: 2, max: 6 }), (xml, maxDepth) => {
        const flat = parseFlatXml(xml, maxDepth);
        if (flat === undefined) return;
        accepted += 1;
        expect(parseWithValidator(xml, maxDepth)).toEqual({ ok: true, record: flat });
      }),
      { numRuns: 3000 },
    );
    // The comparison means something only if many documents took the fast path.
    expect(accepted).toBeGreaterThan(600);
  });

  it("takes the shape WeChat sends, nested events and repeated items included", () => {
    const push = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\n<FromUserName><![CDATA[o1]]></FromUserName>\n<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a < b & <xml>]]></Content><MsgId>1234567890123456</MsgId></xml>`;
    expect(parseFlatXml(push, 10)).toEqual({ ToUserName: "gh_1", FromUserName: "o1", CreateTime: "1348831860", MsgType: "text", Content: "a < b & <xml>", MsgId: "1234567890123456" });
    const event = `<xml><MsgType><![CDATA[event]]></MsgType><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList></SendPicsInfo><Empty></Empty></xml>`;
    expect(parseFlatXml(event, 10)).toEqual({
      MsgType: "event",
      SendPicsInfo: { Count: "2", PicList: { item: [{ PicMd5Sum: "a" }, { PicMd5Sum: "b" }] } },
      Empty: "",
    });
    const envelope = `<xml>\n  <ToUserName><![CDATA[gh_1]]></ToUserName>\n  <Encrypt><![CDATA[AbC+/=]]></Encrypt>\n</xml>\n`;
    expect(parseFlatXml(envelope, 10)).toEqual({ ToUserName: "gh_1", Encrypt: "AbC+/=" });
  });

  it("leaves everything else to the full parser", () => {
    const outside = [
      `<?xml version="1.0"?><xml></xml>`, // a declaration
      `<xml a="1"><A>1</A></xml>`, // attributes
      `<xml><A/></xml>`, // self-closing
      `<xml><A>x &amp; y</A></xml>`, // an entity
      `<xml><A> x</A></xml>`, // text the parser would trim
      `<xml><A>x<![CDATA[y]]></A></xml>`, // mixed content
      `<xml><A><!-- c --></A></xml>`, // a comment
      `<xml><A><![CDATA[a\rb]]></A></xml>`, // CR, which XML normalises
      `<xml><__proto__>x</__proto__></xml>`, // a forbidden name: the full parser refuses it
      `<xml><A>1</B></xml>`, // mismatched
      `<xml><A>1</A></xml>trailing`,
      `<xml><A><B><C>1</C></B></A></xml>`, // deeper than maxDepth 3 allows
    ];
    for (const xml of outside) expect(parseFlatXml(xml, 3), xml).toBeUndefined();
  });
});
