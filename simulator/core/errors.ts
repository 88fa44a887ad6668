/**
 * WeChat's "HTTP 200 + errcode" answers, with the errmsg texts WeChat uses.
 * Like the real service, errmsg carries a trailing ` rid: …` request id, so
 * clients must match on errcode, never on the message text.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */
import { randomBytes } from "node:crypto";

export const ERRMSG: Record<number, string> = {
  [-1]: "system error",
  40001: "invalid credential, access_token is invalid or not latest",
  40002: "invalid grant_type",
  40003: "invalid openid",
  40007: "invalid media_id",
  40008: "invalid message type",
  40013: "invalid appid",
  40029: "invalid code",
  40030: "invalid refresh_token",
  40032: "invalid openid list size",
  40097: "invalid args",
  40125: "invalid appsecret",
  40163: "code been used",
  40164: "invalid ip, not in whitelist",
  41001: "access_token missing",
  41002: "appid missing",
  41003: "refresh_token missing",
  41004: "appsecret missing",
  41008: "missing code",
  41009: "missing openid",
  42001: "access_token expired",
  42002: "refresh_token expired",
  43004: "require subscribe",
  44002: "empty post data",
  44004: "empty content",
  45009: "reach max api daily quota limit",
  45011: "api minute-quota reach limit  mustslower  retry next minute",
  45015: "response out of time limit or subscription is canceled",
  45047: "out of response count limit",
  47001: "data format error",
  48001: "api unauthorized",
  48006: "forbid to clear quota because of reaching the limit",
  76001: "rid not found",
  76021: "cgi_path not found, please check",
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
}

const RID_MEMORY = 5000;
/** Recent rids (process-wide: rids are random, so simulators in one process never collide). */
export const issuedRids = new Map<string, IssuedRid>();

/** `{errcode, errmsg}` with WeChat's text (or `detail`) and a fresh `rid`, remembered for rid/get. */
export function wxError(errcode: number, detail?: string): WxError {
  const rid = [0, 0, 0].map(() => randomBytes(4).toString("hex")).join("-");
  const error = { errcode, errmsg: `${detail ?? ERRMSG[errcode] ?? "unknown error"} rid: ${rid}` };
  issuedRids.set(rid, { at: Date.now(), error });
  if (issuedRids.size > RID_MEMORY) issuedRids.delete(issuedRids.keys().next().value as string);
  return error;
}
