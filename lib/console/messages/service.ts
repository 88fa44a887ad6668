/**
 * Customer-service messages from the console: a text to one follower (message/custom/send),
 * its input checked first. Framework-free: the WeChat client is injected (lib/wiring).
 */
import type { WeChatApiCaller } from "@wxmp/wechat/api-client";
import { sendTextMessage } from "@wxmp/wechat/api/custom-message";

/** `POST /api/admin/messages`: `{ openid, content }`. */
export type CustomerServiceText = { openid: string; content: string };

/** The request's problem, named as the route answers it (400), or the message to send. */
export function parseCustomerServiceText(body: unknown): { ok: true; value: CustomerServiceText } | { ok: false; error: "invalid_openid" | "invalid_content" } {
  const b = (body && typeof body === "object" ? body : {}) as { openid?: unknown; content?: unknown };
  const openid = typeof b.openid === "string" ? b.openid.trim() : "";
  const content = typeof b.content === "string" ? b.content : "";
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid)) return { ok: false, error: "invalid_openid" };
  if (!content.trim() || content.length > 2000) return { ok: false, error: "invalid_content" };
  return { ok: true, value: { openid, content } };
}

export interface MessageService {
  sendText(message: CustomerServiceText): Promise<void>;
}

export function createMessageService(client: WeChatApiCaller): MessageService {
  return { sendText: ({ openid, content }) => sendTextMessage(client, openid, content) };
}
