/**
 * Reads the app's passive reply as WeChat would: decrypts it when needed
 * (checking MsgSignature and the AppID), then parses the reply XML.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import { decryptMessage, safeEqual, signValues } from "../protocol/crypto";
import { parseXml, textOf, type ParsedXml } from "../protocol/xml";

export interface NewsArticle {
  title: string;
  description: string;
  picUrl: string;
  url: string;
}

export type ParsedReply =
  | { kind: "text"; content: string }
  | { kind: "image"; mediaId: string }
  | { kind: "voice"; mediaId: string }
  | { kind: "video"; mediaId: string; title: string; description: string }
  | { kind: "music"; title: string; description: string; musicUrl: string; hqMusicUrl: string; thumbMediaId: string }
  | { kind: "news"; articles: NewsArticle[] }
  | { kind: "transfer_customer_service"; kfAccount?: string };

export interface ReplyContext {
  token: string;
  appId: string;
  encodingAESKey?: string;
  /** The pushed request was encrypted (compatible or safe mode). */
  requestEncrypted: boolean;
  /** Safe mode accepts only encrypted replies. */
  requireEncrypted: boolean;
  /** The user's openid: the reply's ToUserName. */
  openid: string;
  /** The account's gh_ id: the reply's FromUserName. */
  originalId: string;
}

export interface ReplyReading {
  reply: ParsedReply | null;
  decrypted?: string;
  errors: string[];
  warnings: string[];
}

function nested(doc: ParsedXml, name: string): ParsedXml {
  const value = doc[name];
  return value && typeof value === "object" && !Array.isArray(value) ? (value as ParsedXml) : {};
}

function parseBody(doc: ParsedXml, errors: string[], warnings: string[]): ParsedReply | null {
  const type = textOf(doc, "MsgType");
  switch (type) {
    case "text":
      if (textOf(doc, "Content") === "") errors.push("text reply without Content");
      return { kind: "text", content: textOf(doc, "Content") };
    case "image":
    case "voice": {
      const mediaId = textOf(nested(doc, type === "image" ? "Image" : "Voice"), "MediaId");
      if (!mediaId) errors.push(`${type} reply without MediaId`);
      return { kind: type, mediaId };
    }
    case "video": {
      const v = nested(doc, "Video");
      return { kind: "video", mediaId: textOf(v, "MediaId"), title: textOf(v, "Title"), description: textOf(v, "Description") };
    }
    case "music": {
      const m = nested(doc, "Music");
      return {
        kind: "music", title: textOf(m, "Title"), description: textOf(m, "Description"),
        musicUrl: textOf(m, "MusicUrl"), hqMusicUrl: textOf(m, "HQMusicUrl"), thumbMediaId: textOf(m, "ThumbMediaId"),
      };
    }
    case "news": {
      const items = nested(doc, "Articles").item;
      const list = (Array.isArray(items) ? items : []) as ParsedXml[];
      const articles = list.map((a) => ({ title: textOf(a, "Title"), description: textOf(a, "Description"), picUrl: textOf(a, "PicUrl"), url: textOf(a, "Url") }));
      if (articles.length === 0) errors.push("news reply without articles");
      if (textOf(doc, "ArticleCount") !== String(articles.length)) warnings.push("ArticleCount does not match the number of items");
      // Since 2018 a passive news reply shows one article only.
      if (articles.length > 1) warnings.push("news replies show only the first article since 2018");
      return { kind: "news", articles: articles.slice(0, 1) };
    }
    case "transfer_customer_service": {
      const kf = textOf(nested(doc, "TransInfo"), "KfAccount");
      return kf ? { kind: "transfer_customer_service", kfAccount: kf } : { kind: "transfer_customer_service" };
    }
    default:
      errors.push(type ? `unsupported reply MsgType ${type}` : "reply without MsgType");
      return null;
  }
}

/** Interprets a 2xx response body. '' and 'success' mean "no reply". */
export function readReply(body: string, ctx: ReplyContext): ReplyReading {
  const errors: string[] = [];
  const warnings: string[] = [];
  const trimmed = body.trim();
  if (trimmed === "" || trimmed === "success") return { reply: null, errors, warnings };
  let doc = parseXml(trimmed);
  if (!doc) return { reply: null, errors: ["reply is neither 'success' nor well-formed <xml>"], warnings };
  let decrypted: string | undefined;
  const encrypt = textOf(doc, "Encrypt");
  if (encrypt) {
    if (!ctx.encodingAESKey) return { reply: null, errors: ["encrypted reply but no EncodingAESKey configured"], warnings };
    if (!ctx.requestEncrypted) warnings.push("encrypted reply to a plaintext push");
    const expected = signValues(ctx.token, textOf(doc, "TimeStamp"), textOf(doc, "Nonce"), encrypt);
    if (!safeEqual(expected, textOf(doc, "MsgSignature"))) errors.push("reply MsgSignature does not verify");
    const ts = Number(textOf(doc, "TimeStamp"));
    if (!Number.isFinite(ts) || ts > 1e11) warnings.push("reply TimeStamp should be seconds");
    try {
      const result = decryptMessage(encrypt, ctx.encodingAESKey);
      if (result.appId !== ctx.appId) errors.push("reply encrypted for another AppID");
      decrypted = result.message;
    } catch (error) {
      return { reply: null, errors: [...errors, `reply does not decrypt: ${(error as Error).message}`], warnings };
    }
    doc = parseXml(decrypted);
    if (!doc) return { reply: null, decrypted, errors: [...errors, "decrypted reply is not well-formed <xml>"], warnings };
  } else if (ctx.requireEncrypted) {
    errors.push("safe mode requires an encrypted reply");
  }
  if (textOf(doc, "ToUserName") !== ctx.openid) errors.push("reply ToUserName is not the user's openid");
  if (textOf(doc, "FromUserName") !== ctx.originalId) warnings.push("reply FromUserName is not the account's original id");
  const createTime = Number(textOf(doc, "CreateTime"));
  if (!Number.isFinite(createTime) || createTime <= 0) errors.push("reply without a numeric CreateTime");
  else if (createTime > 1e11) warnings.push("reply CreateTime looks like milliseconds; WeChat expects seconds");
  const reply = parseBody(doc, errors, warnings);
  return { reply, decrypted, errors, warnings };
}
