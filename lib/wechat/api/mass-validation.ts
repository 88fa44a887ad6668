/**
 * Mass sending's documented limits, checked before the call.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { WeChatValidationError } from "../errors";
import type { MassAudience, MassContent, MassOptions, PreviewContent } from "./mass-types";

export const MASS_LIMITS = {
  /** "OpenID最少2个，最多10000个" */
  minOpenids: 2,
  maxOpenids: 10_000,
  /** "clientmsgid … 长度限制64字节" */
  clientmsgidBytes: 64,
} as const;

function fail(field: string, message: string): never {
  throw new WeChatValidationError(field, message);
}

const blank = (s: unknown): boolean => typeof s !== "string" || s.trim() === "";

export function validateAudience(audience: MassAudience): void {
  if ("toAll" in audience) return;
  if (!Number.isInteger(audience.tagId) || audience.tagId < 0) fail("filter.tag_id", "is_to_all 为 false 时须填写 tag_id (tag_id is required)");
}

export function validateOpenids(openids: readonly string[]): void {
  if (openids.length < MASS_LIMITS.minOpenids || openids.length > MASS_LIMITS.maxOpenids) {
    fail("touser", "OpenID最少2个，最多10000个 (2..10,000 openids)");
  }
  openids.forEach((id, i) => {
    if (blank(id)) fail(`touser[${i}]`, "openid 不能为空 (openid is required)");
  });
}

export function validateOptions(options: MassOptions): void {
  const id = options.clientmsgid;
  if (id === undefined) return;
  if (blank(id) || new TextEncoder().encode(id).length > MASS_LIMITS.clientmsgidBytes) {
    fail("clientmsgid", "clientmsgid 长度限制64字节 (clientmsgid is 1..64 bytes)");
  }
}

/** The field of the content that must be non-empty, per msgtype. */
export function validateContent(content: MassContent | PreviewContent): void {
  switch (content.msgtype) {
    case "text":
      if (blank(content.text?.content)) fail("text.content", "文本内容不能为空 (text content is required)");
      return;
    case "image":
      if ("images" in content) {
        if (!content.images?.media_ids?.length || content.images.media_ids.some(blank)) fail("images.media_ids", "图片 media_ids 不能为空 (media_ids is required)");
      } else if (blank(content.image?.media_id)) fail("image.media_id", "media_id 不能为空 (media_id is required)");
      return;
    case "wxcard":
      if (blank(content.wxcard?.card_id)) fail("wxcard.card_id", "card_id 不能为空 (card_id is required)");
      return;
    case "mpnews":
    case "voice":
    case "mpvideo": {
      const inner = (content as unknown as Record<string, { media_id?: string } | undefined>)[content.msgtype];
      if (blank(inner?.media_id)) fail(`${content.msgtype}.media_id`, "media_id 不能为空 (media_id is required)");
      return;
    }
    default:
      fail("msgtype", `不支持的群发消息类型 (unsupported msgtype ${String((content as { msgtype?: unknown }).msgtype)})`);
  }
}

export function validatePreviewTarget(to: { openid: string } | { wxname: string }): void {
  const value = "openid" in to ? to.openid : to.wxname;
  if (blank(value)) fail("openid" in to ? "touser" : "towxname", "预览须指定 touser 或 towxname (touser or towxname is required)");
}

export function validateMsgId(msgId: string): void {
  if (!/^\d+$/.test(String(msgId))) fail("msg_id", "msg_id 为群发返回的数字 id (msg_id is the number mass send returned)");
}

export function validateSpeed(speed: number): void {
  if (!Number.isInteger(speed) || speed < 0 || speed > 4) fail("speed", "群发速度的级别，是一个0到4的整数 (speed is an integer 0..4)");
}
