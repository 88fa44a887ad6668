/** Types of the pusher (WeChat → the app's server URL). */
import type { PushMessageInput } from "./messages";
import type { ParsedReply } from "./reply-parser";

/** plaintext = 明文, compatible = 兼容 (plaintext fields and Encrypt), safe = 安全 (Encrypt only). */
export type PushMode = "plaintext" | "compatible" | "safe";

export interface PushRequest {
  /** Default: 'safe' when the simulator has an EncodingAESKey, else 'plaintext'. */
  mode?: PushMode;
  /** Raw plaintext XML to push as is (takes precedence over `message`). */
  xml?: string;
  /** A message/event object rendered to XML by the simulator. */
  message?: PushMessageInput;
  /** FromUserName when neither `message.from` nor the XML gives one; default the configured OAuth user. */
  openid?: string;
  /** WeChat drops the connection after 5 s. */
  timeoutMs?: number;
  /** WeChat tries 3 times in all. */
  tries?: number;
  /** Overrides the configured webhook URL for this push. */
  webhookUrl?: string;
  /** Send a wrong signature (to test the app's rejection). */
  tamper?: "signature" | "msg_signature";
  /** Query `timestamp` in seconds (default now), e.g. a stale one. */
  timestamp?: number;
}

/** One HTTP attempt of a push. */
export interface PushAttempt {
  attempt: number;
  /** HTTP status, or null when the connection failed or was dropped at the deadline. */
  status: number | null;
  ms: number;
  /** 'timeout' or a connection error code. */
  error?: string;
  /** The raw response body. */
  body?: string;
  /** The reply XML after decryption, when the reply was encrypted. */
  decryptedReply?: string;
}

export interface PushResult {
  id: number;
  at: number;
  mode: PushMode;
  openid: string;
  /** For messages; events carry none. */
  msgId?: string;
  createTime?: number;
  /** The plaintext XML that was pushed (before encryption). */
  requestXml: string;
  attempts: PushAttempt[];
  /** True when an attempt got a 2xx answer in time. */
  delivered: boolean;
  /** The passive reply; null for '' / 'success' / failures. */
  reply: ParsedReply | null;
  /** Things WeChat would reject (errors) or that look wrong (warnings). */
  replyErrors: string[];
  replyWarnings: string[];
  /** What the user's WeChat shows when the account failed to answer. */
  userVisibleError?: string;
}

/** The text WeChat shows a user when the account does not answer properly. */
export const SERVICE_UNAVAILABLE = "该公众号暂时无法提供服务，请稍后再试";
