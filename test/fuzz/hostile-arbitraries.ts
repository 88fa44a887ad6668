/**
 * Bodies no well-behaved WeChat would send: mutated pushes, markup tricks,
 * entity bombs, broken encodings, oversize bodies. The webhook may accept
 * some (a mutation can leave a push valid) but must never crash, hang, 5xx
 * or expand an entity.
 */
import fc from "fast-check";
import { binaryString, pushSpec, pushXml } from "./arbitraries";

/** Text an expanded entity would put in front of the handler; it must never get there. */
export const SENTINEL = "ENTITY_EXPANDED_7c1f";

/** Markup dropped into a document at random places. */
const SNIPPETS = [
  "<![CDATA[", "]]>", "<", ">", "&", "&bogus;", "&#0;", "&#xD800;", "&#x110000;", "&#99999999;", "&amp", "<!-- c -->", "<!--",
  "-->", "<?pi x?>", "<?xml version='1.0'?>", ' a="1"', " a='", "<a b='1' c=\"2\">x</a>", "<a/>", "</a>", "<xml>", "</xml>",
  "<!DOCTYPE xml>", '<!ENTITY x "y">', "<!ELEMENT a ANY>", "<!>", "<!x>", "<MsgId>99999999999999999999999</MsgId>",
  "<CreateTime>-1</CreateTime>", "<CreateTime>1.5</CreateTime>", "<CreateTime>NaN</CreateTime>", "\uFEFF", "\u0000", "\uFFFD",
  "<__proto__>x</__proto__>", "<constructor>x</constructor>", "<prototype/>", "<toString>x</toString>", "<hasOwnProperty/>",
  "<Encrypt>x</Encrypt>", "<MsgType>event</MsgType>", "<Event>subscribe</Event>", "<MsgType><a>1</a></MsgType>", "<1a>x</1a>",
  "<a:b xmlns:a='urn:x'>1</a:b>", "<a\u0000>", "\r\n", "😀",
];

type Op =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; ch: string }
  | { kind: "insert"; at: number; text: string }
  | { kind: "deleteRange"; at: number; length: number }
  | { kind: "deleteElement" | "duplicateElement"; which: number }
  | { kind: "swapElements"; which: number; other: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), ch: binaryString(1, 1) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ unit: "binary-ascii", maxLength: 6 })) }),
  fc.record({ kind: fc.constant("deleteRange" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constantFrom("deleteElement" as const, "duplicateElement" as const), which: fc.nat() }),
  fc.record({ kind: fc.constant("swapElements" as const), which: fc.nat(), other: fc.nat() }),
);

/** Leaf elements (`<Name>…</Name>`) with their spans, for structural mutations. */
function elements(xml: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of xml.matchAll(/<([A-Za-z_][\w.-]*)>(?:(?!<\1>)[\s\S])*?<\/\1>/g)) spans.push([m.index, m.index + m[0].length]);
  return spans.filter(([s]) => s > 0);
}

export function applyOp(xml: string, o: Op): string {
  const at = "at" in o ? o.at % (xml.length + 1) : 0;
  switch (o.kind) {
    case "truncate":
      return xml.slice(0, at);
    case "flip":
      return xml.slice(0, at) + o.ch + xml.slice(at + 1);
    case "insert":
      return xml.slice(0, at) + o.text + xml.slice(at);
    case "deleteRange":
      return xml.slice(0, at) + xml.slice(at + o.length);
  }
  const spans = elements(xml);
  if (spans.length === 0) return xml;
  const [s, e] = spans[o.which % spans.length]!;
  if (o.kind === "deleteElement") return xml.slice(0, s) + xml.slice(e);
  if (o.kind === "duplicateElement") return xml.slice(0, e) + xml.slice(s, e) + xml.slice(e);
  if (o.kind !== "swapElements") return xml;
  const [s2, e2] = spans[o.other % spans.length]!;
  if (s2 === s) return xml;
  const [a, b] = s < s2 ? [[s, e], [s2, e2]] : [[s2, e2], [s, e]];
  return xml.slice(0, a[0]) + xml.slice(b[0]!, b[1]) + xml.slice(a[1], b[0]) + xml.slice(a[0]!, a[1]) + xml.slice(b[1]);
}

export const validPushXml = fc.tuple(pushSpec, fc.nat(99)).map(([spec, i]) => pushXml(spec, i));
export const mutations = fc.array(op, { minLength: 1, maxLength: 4 });
export const mutatedXml: fc.Arbitrary<string> = fc.tuple(validPushXml, mutations).map(([xml, ops]) => ops.reduce(applyOp, xml));

const levels = fc.integer({ min: 1, max: 10 });
/** Billion laughs and friends: each must be refused before any expansion happens. */
export const entityBomb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(levels, fc.integer({ min: 2, max: 10 })).map(([depth, fan]) => {
    const decls = [`<!ENTITY l0 "${SENTINEL}">`];
    for (let i = 1; i <= depth; i++) decls.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(fan)}">`);
    return `<?xml version="1.0"?><!DOCTYPE xml [${decls.join("")}]><xml><MsgType>text</MsgType><Content>&l${depth};</Content></xml>`;
  }),
  fc.constantFrom("file:///etc/passwd", "http://127.0.0.1:1/x", "https://example.com/dtd", "expect://id").map(
    (uri) => `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "${uri}">]><xml><MsgType>text</MsgType><Content>&xxe;${SENTINEL}</Content></xml>`,
  ),
  fc.constant(`<!DOCTYPE xml [<!ENTITY % p "<!ENTITY e '${SENTINEL}'>"> %p;]><xml><Content>&e;</Content></xml>`),
  fc.constant(`<!DOCTYPE xml SYSTEM "http://127.0.0.1:1/evil.dtd"><xml><Content>&e;</Content></xml>`),
  // A declaration after the root, and in lower case: refused all the same.
  fc.constant(`<xml><Content>&e;</Content></xml><!doctype x [<!entity e "${SENTINEL}">]>`),
);

/** Wrong text, not XML at all, or XML-ish structure WeChat never sends. */
export const junkText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", " ", "\n\t \r\n", "\uFEFF", "\uFEFF<xml></xml>", "<xml/>", "<xml></xml>", "<XML><MsgType>text</MsgType></XML>", "<xml>"),
  fc.json(),
  binaryString(200),
  fc.string({ unit: "binary-ascii", maxLength: 200 }),
  fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean()).map(([depth, closed]) =>
    `<xml><MsgType>text</MsgType>${"<a>".repeat(depth)}x${closed ? "</a>".repeat(depth) : ""}</xml>`,
  ),
  fc.tuple(validPushXml, validPushXml).map(([a, b]) => a + b),
  validPushXml.map((x) => `text before the root ${x}`),
  validPushXml.map((x) => x.replace("<xml>", '<xml a="1" b=\'2\'><!-- comment --><?pi data?>')),
);

export type HostileBody = { label: string; body: string | Uint8Array<ArrayBuffer> | undefined; contentLength?: string };
const bytes = (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(s, "utf8"));
const ONE_MIB = 1024 * 1024;

/** Raw bodies: invalid UTF-8, other encodings, and bodies over 1 MiB (with honest, lying or no Content-Length). */
export const rawBody: fc.Arbitrary<HostileBody> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((body) => ({ label: "random bytes", body })),
  fc.constant({ label: "no body at all", body: undefined }),
  fc.tuple(validPushXml, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0x80, max: 0xff })), { minLength: 1, maxLength: 6 })).map(([x, flips]) => {
    const body = bytes(x);
    for (const [at, b] of flips) body[at % body.length] = b;
    return { label: "invalid utf-8", body };
  }),
  validPushXml.map((x) => ({ label: "utf-16le", body: new Uint8Array(Buffer.from(x, "utf16le")) })),
  validPushXml.map((x) => ({ label: "latin1", body: new Uint8Array(Buffer.from(x, "latin1")) })),
  fc.tuple(validPushXml, fc.constantFrom(undefined, "exact", "10", "abc", "-1", "1e9")).map(([x, cl]) => {
    const body = `${x}${" ".repeat(Math.max(1, ONE_MIB + 1 - Buffer.byteLength(x)))}`;
    return { label: `oversize, content-length ${cl}`, body, contentLength: cl === "exact" ? String(ONE_MIB + 1) : cl };
  }),
  fc.tuple(validPushXml, fc.constantFrom("abc", "-1", "0", "", "1.5")).map(([x, cl]) => ({ label: `content-length ${cl}`, body: x, contentLength: cl })),
);

/** Any hostile text body. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: mutatedXml },
  { weight: 2, arbitrary: junkText },
  { weight: 1, arbitrary: entityBomb },
);

/** Markup that is cheap to write and might be expensive to parse, repeated up to the size limit. */
const HEAVY = [
  "<a>", "</a>", "<a>1</a>", "<a>x<b/>y</a>", "<a/>", "<a b='1' c=\"2\"/>", "&amp;", "&#x1F600;", "<![CDATA[x]]>", "<![CDATA[", "]]>",
  "<!--x-->", "<!--", "<", "</", "<?a b?>", "<?", "<!", ">", 'a="', "\u0000", "😀", "<!DOCTYPE", "&",
];
/** Documents of roughly `bytes` bytes made of one or two HEAVY snippets, inside or around <xml>. */
export function heavyDocument(bytes: number): fc.Arbitrary<{ label: string; text: string }> {
  return fc.tuple(fc.constantFrom(...HEAVY), fc.constantFrom(...HEAVY), fc.boolean(), fc.double({ min: 0.5, max: 1, noNaN: true })).map(([a, b, wrap, share]) => {
    const unit = a + b;
    const filler = unit.repeat(Math.floor((bytes * share) / Buffer.byteLength(unit)));
    return { label: `${JSON.stringify(unit)} x${filler.length / unit.length}`, text: wrap ? `<xml>${filler}</xml>` : filler };
  });
}
