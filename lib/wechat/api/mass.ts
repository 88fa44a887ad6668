/**
 * Mass sending (群发): a message to every follower, a tag or an openid list,
 * sent by WeChat in the background; MASSSENDJOBFINISH reports the totals.
 * Quotas are the platform's: see docs/api-mass.md.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { WeChatApiCaller } from "../api-client";
import { WeChatApiError } from "../errors";
import type { MassAudience, MassContent, MassOptions, MassSendResult, MassSpeed, MassStatus, PreviewContent } from "./mass-types";
import { validateAudience, validateContent, validateMsgId, validateOpenids, validateOptions, validatePreviewTarget, validateSpeed } from "./mass-validation";

/** 45028: no mass-send quota left; 45065: clientmsgid already used within 24 hours. */
const NO_QUOTA = 45028;
const DUPLICATE = 45065;

async function send(client: WeChatApiCaller, path: string, body: Record<string, unknown>): Promise<MassSendResult> {
  try {
    const res = await client.call<{ msg_id: string | number; msg_data_id?: string | number }>({
      method: "POST",
      path,
      body,
      // Never repeated after a timeout; retry by hand with the same clientmsgid instead.
      idempotent: false,
    });
    return { status: "sent", msgId: String(res.msg_id), ...(res.msg_data_id !== undefined ? { msgDataId: String(res.msg_data_id) } : {}) };
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === DUPLICATE && error.data?.msg_id !== undefined) {
      return { status: "duplicate", msgId: String(error.data.msg_id) };
    }
    if (error instanceof WeChatApiError && error.errcode === NO_QUOTA) return { status: "no_quota" };
    throw error;
  }
}

/**
 * Sends to every follower or to the followers with a tag.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export async function sendToAll(client: WeChatApiCaller, audience: MassAudience, content: MassContent, options: MassOptions = {}): Promise<MassSendResult> {
  validateAudience(audience);
  validateContent(content);
  validateOptions(options);
  const filter = "toAll" in audience ? { is_to_all: true } : { is_to_all: false, tag_id: audience.tagId };
  return send(client, "/cgi-bin/message/mass/sendall", { filter, ...content, ...options });
}

/**
 * Sends to a list of 2..10,000 openids.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export async function sendToOpenids(client: WeChatApiCaller, openids: readonly string[], content: MassContent, options: MassOptions = {}): Promise<MassSendResult> {
  validateOpenids(openids);
  validateContent(content);
  validateOptions(options);
  return send(client, "/cgi-bin/message/mass/send", { touser: openids, ...content, ...options });
}

/**
 * Sends one message to one follower (by openid or WeChat id) to check how it
 * looks; does not use the mass-send quota.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export async function previewMass(client: WeChatApiCaller, to: { openid: string } | { wxname: string }, content: PreviewContent): Promise<void> {
  validatePreviewTarget(to);
  validateContent(content);
  const target = "openid" in to ? { touser: to.openid } : { towxname: to.wxname };
  await client.call({ method: "POST", path: "/cgi-bin/message/mass/preview", body: { ...target, ...content }, idempotent: false });
}

/**
 * The state of a mass send.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export async function getMassStatus(client: WeChatApiCaller, msgId: string): Promise<MassStatus> {
  validateMsgId(msgId);
  const res = await client.call<{ msg_status: MassStatus }>({ method: "POST", path: "/cgi-bin/message/mass/get", body: { msg_id: msgId }, idempotent: true });
  return res.msg_status;
}

/**
 * Deletes a sent mass message (mpnews and video only, and only once sent):
 * its article pages stop opening, though followers keep the chat card.
 * `articleIdx` is 1-based; 0 deletes every article.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export async function deleteMass(client: WeChatApiCaller, msgId: string, articleIdx = 0): Promise<void> {
  validateMsgId(msgId);
  await client.call({ method: "POST", path: "/cgi-bin/message/mass/delete", body: { msg_id: msgId, article_idx: articleIdx }, idempotent: true });
}

/**
 * The mass-send speed level and the real speed (messages per minute).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export async function getMassSpeed(client: WeChatApiCaller): Promise<{ speed: MassSpeed; realspeed: number }> {
  return client.call({ method: "POST", path: "/cgi-bin/message/mass/speed/get", body: {}, idempotent: true });
}

/**
 * Sets the mass-send speed level, 0 (fastest, 80w/min) to 4 (10w/min).
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export async function setMassSpeed(client: WeChatApiCaller, speed: MassSpeed): Promise<void> {
  validateSpeed(speed);
  await client.call({ method: "POST", path: "/cgi-bin/message/mass/speed/set", body: { speed }, idempotent: true });
}
