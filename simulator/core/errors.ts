/**
 * WeChat's "HTTP 200 + errcode" answers, with the errmsg texts WeChat uses: the one table of
 * them in the simulator. Like the real service, errmsg carries a trailing ` rid: …` request id,
 * so clients must match on errcode, never on the message text.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
import { randomBytes } from "node:crypto";

/** errcode → WeChat's errmsg. A handler passes a detail only where WeChat's text varies with the input. */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: "system error",
  // Credentials and parameters.
  40001: "invalid credential, access_token is invalid or not latest",
  40002: "invalid grant_type",
  40003: "invalid openid",
  40004: "invalid media type",
  40005: "invalid file type",
  40007: "invalid media_id",
  40008: "invalid message type",
  40013: "invalid appid",
  40029: "invalid code",
  40030: "invalid refresh_token",
  40032: "invalid openid list size",
  40037: "invalid template_id",
  40053: "invalid action info",
  40092: "invalid remark name",
  40097: "invalid args",
  40102: "invalid industry id",
  40113: "unsupported file type",
  40125: "invalid appsecret",
  40130: "invalid openid list size, at least two openid",
  40163: "code been used",
  40164: "invalid ip, not in whitelist",
  40246: "invalid keyword_name_list",
  41001: "access_token missing",
  41002: "appid missing",
  41003: "refresh_token missing",
  41004: "appsecret missing",
  41005: "media data missing",
  41008: "missing code",
  41009: "missing openid",
  42001: "access_token expired",
  42002: "refresh_token expired",
  43004: "require subscribe",
  43100: "change template too frequently",
  43101: "user refuse to accept the msg",
  44002: "empty post data",
  44004: "empty content",
  // Limits.
  45001: "media size out of limit",
  45002: "content size out of limit",
  45003: "title size out of limit",
  45004: "description size out of limit",
  45005: "url size out of limit",
  45008: "article size out of limit",
  45009: "reach max api daily quota limit",
  45011: "api minute-quota reach limit  mustslower  retry next minute",
  45015: "response out of time limit or subscription is canceled",
  45026: "template size out of limit",
  45028: "has no masssend quota",
  45047: "out of response count limit",
  45056: "too many tags now, no need to add new",
  45057: "can't delete the tag that has too many fans",
  45058: "can't modify sys tag",
  45059: "fans tag count exceeds limit",
  45065: "clientmsgid exist",
  45067: "clientmsgid size out of limit",
  45072: "command invalid",
  45080: "has not sent a message to the user in the last 30 seconds",
  45081: "already typing",
  45083: "speed out of range",
  45084: "No speed message",
  45110: "author size out of limit",
  45157: "invalid tag name",
  45158: "tag name too long",
  45159: "invalid tag id",
  46002: "menu no exist",
  47001: "data format error",
  47003: "argument invalid!",
  48001: "api unauthorized",
  48006: "forbid to clear quota because of reaching the limit",
  53600: "Article ID invalid",
  61500: "date format error",
  // Third-party platform (开放平台).
  61003: "component is not authorized by this account",
  61004: "access clientip is not registered",
  61005: "component ticket is expired",
  61006: "component ticket is invalid",
  61009: "code is invalid",
  61010: "code is expired",
  61011: "invalid component",
  61023: "refresh_token is invalid",
  61024: "must use api(api_component_token) to get token for component acct",
  61501: "date range error",
  // Menus: top-level button (400[12]x, 40055) and sub-button (4002x, 40054) flavours.
  40016: "invalid button size",
  40017: "invalid button type",
  40018: "invalid button name size",
  40019: "invalid button key size",
  40020: "invalid button url size",
  40023: "invalid sub button size",
  40024: "invalid sub button type",
  40025: "invalid sub button name size",
  40026: "invalid sub button key size",
  40027: "invalid sub button url size",
  40054: "invalid sub button url domain",
  40055: "invalid button url domain",
  65301: "menuid not exist",
  65302: "no such user",
  65303: "there is no selfmenu, please create selfmenu first",
  65304: "match rule empty",
  65310: "invalid tag id",
  65313: "invalid client platform type",
  65318: "invalid language",
  // Customer service.
  65401: "invalid custom service account",
  65402: "the custom service account is not bound to a wechat user",
  65403: "illegal nickname",
  65404: "illegal custom service account",
  65405: "custom service account number reach limit",
  65406: "custom service account exists",
  65413: "no session for the user",
  65414: "the user is being served by another custom service account",
  65415: "custom service account is offline",
  // Operations.
  76001: "rid not found",
  76021: "cgi_path not found, please check",
  // Subscribe notifications (wxaapi/newtmpl).
  200012: "private template count limit",
  200014: "invalid tid",
  200016: "invalid start",
  200017: "invalid limit",
  200018: "missing ids",
  200019: "invalid ids",
  200020: "invalid kidList",
  200021: "invalid sceneDesc",
};

/** A WeChat error body. */
export interface WxError {
  errcode: number;
  errmsg: string;
}

/** An error answer the simulator gave, for cgi-bin/openapi/rid/get. */
export interface IssuedRid {
  /** Date.now() when issued. */
  at: number;
  error: WxError;
  /** The call's query, as rid/get's documented example shows it: "access_token=…&…", no "?". */
  requestUrl?: string;
}

const RID_MEMORY = 5000;
/** Recent rids (process-wide: rids are random, so simulators in one process never collide). */
export const issuedRids = new Map<string, IssuedRid>();

/** `{errcode, errmsg}` with WeChat's text (or `detail`) and a fresh `rid`, remembered for rid/get. */
export function wxError(errcode: number, detail?: string, requestUrl?: string): WxError {
  const rid = [0, 0, 0].map(() => randomBytes(4).toString("hex")).join("-");
  const error = { errcode, errmsg: `${detail ?? ERRMSG[errcode] ?? "unknown error"} rid: ${rid}` };
  issuedRids.set(rid, { at: Date.now(), error, requestUrl });
  if (issuedRids.size > RID_MEMORY) issuedRids.delete(issuedRids.keys().next().value as string);
  return error;
}
