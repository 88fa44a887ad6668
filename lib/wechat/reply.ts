import { encryptMessage } from "./crypto";
import { computeSignature } from "./signature";
import type { Clock, RandomBytes } from "./types";
import { buildXml, type XmlBuildRecord } from "./xml";

export type TextReply = { type: "text"; content: string };
export type ImageReply = { type: "image"; mediaId: string };
export type VoiceReply = { type: "voice"; mediaId: string };
export type VideoReply = { type: "video"; mediaId: string; title?: string; description?: string };
export type MusicReply = {
  type: "music";
  thumbMediaId: string;
  title?: string;
  description?: string;
  musicUrl?: string;
  hqMusicUrl?: string;
};
/** Since 2018 a passive news reply carries exactly one article. */
export type NewsReply = {
  type: "news";
  article: { title: string; description?: string; picUrl?: string; url?: string };
};
/** Hands the conversation to the customer-service system, optionally to one agent (`kf2001@gh_account`). */
export type TransferCustomerServiceReply = { type: "transfer_customer_service"; kfAccount?: string };

/**
 * A passive reply to a push.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export type Reply =
  | TextReply
  | ImageReply
  | VoiceReply
  | VideoReply
  | MusicReply
  | NewsReply
  | TransferCustomerServiceReply;

export const text = (content: string): TextReply => ({ type: "text", content });
export const image = (mediaId: string): ImageReply => ({ type: "image", mediaId });
export const voice = (mediaId: string): VoiceReply => ({ type: "voice", mediaId });
export const video = (mediaId: string, title?: string, description?: string): VideoReply => ({
  type: "video",
  mediaId,
  title,
  description,
});
export const news = (article: NewsReply["article"]): NewsReply => ({ type: "news", article });
export const transferCustomerService = (kfAccount?: string): TransferCustomerServiceReply => ({
  type: "transfer_customer_service",
  kfAccount,
});

function replyFields(reply: Reply): XmlBuildRecord {
  switch (reply.type) {
    case "text":
      return { Content: reply.content };
    case "image":
      return { Image: { MediaId: reply.mediaId } };
    case "voice":
      return { Voice: { MediaId: reply.mediaId } };
    case "video":
      return { Video: { MediaId: reply.mediaId, Title: reply.title, Description: reply.description } };
    case "music":
      return {
        Music: {
          Title: reply.title,
          Description: reply.description,
          MusicUrl: reply.musicUrl,
          HQMusicUrl: reply.hqMusicUrl,
          ThumbMediaId: reply.thumbMediaId,
        },
      };
    case "news": {
      const { title, description, picUrl, url } = reply.article;
      return {
        ArticleCount: 1,
        Articles: { item: { Title: title, Description: description, PicUrl: picUrl, Url: url } },
      };
    }
    case "transfer_customer_service":
      return reply.kfAccount ? { TransInfo: { KfAccount: reply.kfAccount } } : {};
  }
}

/**
 * Builds the plaintext reply XML. `to` is the user's openid (the push's
 * FromUserName) and `from` our account (its ToUserName) — swapped relative to the push.
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
export function buildReplyXml(reply: Reply, context: { to: string; from: string; now: Clock }): string {
  return buildXml({
    ToUserName: context.to,
    FromUserName: context.from,
    // Seconds: an old Node library sent milliseconds, which WeChat rejects.
    CreateTime: Math.floor(context.now() / 1000),
    MsgType: reply.type,
    ...replyFields(reply),
  });
}

/**
 * Wraps a plaintext reply for safe mode:
 * `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`, where
 * MsgSignature = sha1(sort([token, timestamp, nonce, Encrypt])).
 *
 * @see https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 */
export function buildEncryptedReplyXml(input: {
  plaintextXml: string;
  token: string;
  appId: string;
  encodingAESKey: string;
  /** Whole seconds since the epoch. */
  timestamp: number;
  nonce: string;
  randomBytes?: RandomBytes;
}): string {
  const encrypt = encryptMessage({
    encodingAESKey: input.encodingAESKey,
    appId: input.appId,
    message: input.plaintextXml,
    randomBytes: input.randomBytes,
  });
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) {
    throw new RangeError("timestamp must be whole seconds");
  }
  const signature = computeSignature([input.token, String(input.timestamp), input.nonce, encrypt]);
  return buildXml({
    Encrypt: encrypt,
    MsgSignature: signature,
    TimeStamp: input.timestamp,
    Nonce: input.nonce,
  });
}
