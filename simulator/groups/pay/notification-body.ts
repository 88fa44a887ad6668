/**
 * A notification's JSON: the envelope and the resource sealed with AEAD_AES_256_GCM under the
 * merchant's APIv3 key (`associated_data` is the resource's type, the nonce 12 random characters).
 * @see https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/payment-notice.html
 */
import { randomInt, randomUUID } from "node:crypto";
import { aeadEncrypt } from "../../protocol/wechatpay-crypto";
import { beijingTime } from "./pay-time";

export interface NotificationContent {
  eventType: string;
  summary: string;
  /** `transaction` or `refund`. */
  originalType: string;
  resource: Record<string, unknown>;
}

const NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 12 characters: GCM's 96-bit IV, as WeChat Pay's nonces are. */
export function resourceNonce(): string {
  return Array.from({ length: 12 }, () => NONCE_CHARS[randomInt(NONCE_CHARS.length)]).join("");
}

/** The body as sent; `id` is the notification's, the same on every retry. */
export function notificationBody(apiV3Key: string, id: string, createdAt: number, content: NotificationContent): string {
  const sealed = aeadEncrypt(apiV3Key, resourceNonce(), content.originalType, JSON.stringify(content.resource));
  return JSON.stringify({
    id,
    create_time: beijingTime(createdAt),
    resource_type: "encrypt-resource",
    event_type: content.eventType,
    summary: content.summary,
    resource: {
      original_type: content.originalType,
      algorithm: "AEAD_AES_256_GCM",
      ciphertext: sealed.ciphertext,
      associated_data: sealed.associated_data,
      nonce: sealed.nonce,
    },
  });
}

/** A new notification id. */
export const newNotificationId = (): string => randomUUID();
