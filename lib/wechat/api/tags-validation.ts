/**
 * The platform's limits for tags, remarks and the blacklist, checked before a
 * call so a bad request fails here with the platform's wording instead of a
 * round trip and an errcode.
 */
import { WeChatValidationError } from "../errors";

/** "标签名（30个字符以内）" — tags/create parameter description. */
export const TAG_NAME_MAX_CHARS = 30;
/** batchtagging / batchuntagging: "粉丝openid列表，最多50个". */
export const TAGGING_OPENIDS_MAX = 50;
/** batchblacklist / batchunblacklist: "一次最多拉黑20个用户". */
export const BLACKLIST_OPENIDS_MAX = 20;
/** user/info/updateremark: "新的备注名，长度必须小于30字节" — see docs/api-tags.md for the boundary. */
export const REMARK_MAX_BYTES = 30;
/** 0 未分组, 1 黑名单, 2 星标组: "不能修改0/1/2这三个系统默认保留的标签" (45058). */
export const RESERVED_TAG_IDS: ReadonlySet<number> = new Set([0, 1, 2]);

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

export function checkTagName(name: string): void {
  const trimmed = name.trim();
  if (trimmed === "") throw new WeChatValidationError("name", "标签名不能为空");
  // Characters, not UTF-16 units: an emoji is one character to the operator.
  if ([...name].length > TAG_NAME_MAX_CHARS) {
    throw new WeChatValidationError("name", `标签名长度超过${TAG_NAME_MAX_CHARS}个字符 (45158)`);
  }
}

export function checkTagId(tagid: number, field = "tagid"): void {
  if (!Number.isSafeInteger(tagid) || tagid < 0) throw new WeChatValidationError(field, "非法的tag_id (45159)");
}

/** update and delete refuse the three default tags. */
export function checkEditableTagId(tagid: number): void {
  checkTagId(tagid, "id");
  if (RESERVED_TAG_IDS.has(tagid)) {
    throw new WeChatValidationError("id", "不能修改0/1/2这三个系统默认保留的标签 (45058)");
  }
}

export function checkOpenid(openid: string, field = "openid"): void {
  if (!OPENID.test(openid)) throw new WeChatValidationError(field, "不合法的 OpenID (40003)");
}

/** A non-empty list of at most `max` well-formed, distinct openids. */
export function checkOpenidList(openids: readonly string[], max: number): void {
  if (openids.length === 0 || openids.length > max) {
    throw new WeChatValidationError("openid_list", `openid 列表长度须为 1–${max} 个 (40032 invalid openid list size)`);
  }
  for (const openid of openids) checkOpenid(openid, "openid_list");
}

export function checkRemark(remark: string): void {
  if (new TextEncoder().encode(remark).length > REMARK_MAX_BYTES) {
    throw new WeChatValidationError("remark", `新的备注名，长度必须小于${REMARK_MAX_BYTES}字节 (40092 invalid remark name)`);
  }
}
