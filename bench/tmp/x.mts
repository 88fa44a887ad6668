import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parseXml } from "/work/main/lib/wechat/xml";
const xml = `<xml><ToUserName><![CDATA[gh_bench00000001]]></ToUserName><FromUserName><![CDATA[o_bench_user_000000000000001]]></FromUserName><CreateTime>1796183648</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[bench 你好]]></Content><MsgId>1796183648196000026</MsgId></xml>`;
const N = 50000;
function t(name: string, f: () => unknown) { for (let i = 0; i < 5000; i++) f(); const s = performance.now(); for (let i = 0; i < N; i++) f(); console.log(name, ((performance.now() - s) / N * 1000).toFixed(2), "µs"); }
const po = new XMLParser({ preserveOrder: true, cdataPropName: "#cdata", processEntities: false, parseTagValue: false, ignoreAttributes: true, ignoreDeclaration: true, ignorePiTags: true });
const plain = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: true });
t("validate", () => XMLValidator.validate(xml));
t("parse preserveOrder", () => po.parse(xml));
t("parse plain", () => plain.parse(xml));
t("parseXml (ours)", () => parseXml(xml));
