/**
 * Customer-service messages (客服消息): messages the account sends a user
 * within 48 hours of the user's last message or interaction (45015 otherwise).
 */
import type { WeChatApiCaller } from "../api-client";
import type { Reply } from "../reply";

interface CustomMessageBase {
  /** The recipient's openid. */
  touser: string;
  /** Send as this customer-service account instead of the account itself. */
  customservice?: { kf_account: string };
}

export type CustomMessage = CustomMessageBase &
  (
    | { msgtype: "text"; text: { content: string } }
    | { msgtype: "image"; image: { media_id: string } }
    | { msgtype: "voice"; voice: { media_id: string } }
    | { msgtype: "video"; video: { media_id: string; thumb_media_id?: string; title?: string; description?: string } }
    | {
        msgtype: "music";
        music: { title?: string; description?: string; musicurl: string; hqmusicurl: string; thumb_media_id: string };
      }
    /** One article (WeChat limits link messages to a single article). */
    | { msgtype: "news"; news: { articles: [{ title: string; description?: string; url: string; picurl?: string }] } }
    | { msgtype: "mpnews"; mpnews: { media_id: string } }
    | {
        msgtype: "miniprogrampage";
        miniprogrampage: { title: string; appid: string; pagepath: string; thumb_media_id: string };
      }
  );

/**
 * Sends one customer-service message. Not retried after a timeout (it may
 * have been delivered). 45015 (48-hour window passed) and other refusals
 * surface as WeChatApiError.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
export async function sendCustomMessage(client: WeChatApiCaller, message: CustomMessage): Promise<void> {
  await client.call<{ errcode?: number; errmsg?: string }>({
    method: "POST",
    path: "/cgi-bin/message/custom/send",
    body: message,
    idempotent: false,
  });
}

/** Shorthand for the common case: a text message. */
export function sendTextMessage(client: WeChatApiCaller, touser: string, content: string): Promise<void> {
  return sendCustomMessage(client, { touser, msgtype: "text", text: { content } });
}

/**
 * A passive reply turned into the customer-service message that carries it late (the
 * webhook's deadline passed). `null` for `transfer_customer_service`, which has no
 * customer-service form.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
export function toCustomMessage(to: string, reply: Reply): CustomMessage | null {
  switch (reply.type) {
    case "text":
      return { touser: to, msgtype: "text", text: { content: reply.content } };
    case "image":
      return { touser: to, msgtype: "image", image: { media_id: reply.mediaId } };
    case "voice":
      return { touser: to, msgtype: "voice", voice: { media_id: reply.mediaId } };
    case "video":
      return {
        touser: to,
        msgtype: "video",
        video: { media_id: reply.mediaId, thumb_media_id: "", title: reply.title, description: reply.description },
      };
    case "music":
      return {
        touser: to,
        msgtype: "music",
        music: {
          title: reply.title,
          description: reply.description,
          musicurl: reply.musicUrl ?? "",
          hqmusicurl: reply.hqMusicUrl ?? reply.musicUrl ?? "",
          thumb_media_id: reply.thumbMediaId,
        },
      };
    case "news": {
      const { title, description, url, picUrl } = reply.article;
      return { touser: to, msgtype: "news", news: { articles: [{ title, description, url: url ?? "", picurl: picUrl }] } };
    }
    default:
      return null;
  }
}
